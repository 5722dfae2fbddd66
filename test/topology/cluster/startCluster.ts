import { startRedisCluster, type RedisCluster } from '../../support/redisTopology';

/**
 * jest globalSetup of the `cluster` project (jest.config.js): a Cluster of 3 primaries for the
 * whole run. Its address reaches the test workers through the environment (useCluster.ts).
 */
export default async function startCluster(): Promise<void> {
  const cluster = await startRedisCluster(3);
  (globalThis as { portflowTestCluster?: RedisCluster }).portflowTestCluster = cluster;
  process.env.PORTFLOW_TEST_CLUSTER_NODES = cluster.nodesEnv;
}
