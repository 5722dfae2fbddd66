import type { RedisCluster } from '../../support/redisTopology';

/** jest globalTeardown of the `cluster` project: the Cluster's redis-servers stop with the run. */
export default async function stopCluster(): Promise<void> {
  await (globalThis as { portflowTestCluster?: RedisCluster }).portflowTestCluster?.destroy();
}
