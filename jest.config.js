/** Tests run TypeScript through SWC (no type check here: `npm run typecheck` does that once, before jest). */
const redis = {
  displayName: 'redis',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Cluster's own tests need the Cluster the `cluster` project starts.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/topology/cluster/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // A few dependencies ship ES modules only; Node 20 requires them natively, jest needs them compiled.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // file-type (R61) and its tokenizer packages are ES modules only as well.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/)'],
};

/**
 * R80: the end-to-end tests (US and toll-free lifecycles, webhooks, the command queue) run a second
 * time on a Redis Cluster of 3 primaries that this project starts from `redis-server` on free ports
 * (test/topology/cluster/). The test harness sees REDIS_CLUSTER_NODES and uses hash-tag prefixes.
 */
const cluster = {
  ...redis,
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/test/topology/cluster/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/topology/cluster/startCluster.ts',
  globalTeardown: '<rootDir>/test/topology/cluster/stopCluster.ts',
  setupFiles: ['<rootDir>/test/topology/cluster/useCluster.ts'],
};

module.exports = {
  projects: [redis, cluster],
  testTimeout: 30000,
};
