/**
 * jest setupFiles of the `cluster` project: the harness (test/support/harness.ts) connects to the
 * Cluster that startCluster.ts started, never to the single Redis of REDIS_URL.
 */
const nodes = process.env.PORTFLOW_TEST_CLUSTER_NODES;
if (!nodes) throw new Error('the cluster project runs without its Cluster: startCluster.ts did not run');
process.env.REDIS_CLUSTER_NODES = nodes;
delete process.env.REDIS_URL;
