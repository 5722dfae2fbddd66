/**
 * `npm run test:faults`: the long fault drills (issue 5, `*.drill.ts`), kept out of `npm test`
 * (whose config matches `*.test.ts` only). Same transform as the main config's single-Redis project.
 */
const { projects, ...global } = require('../../jest.config.js');

module.exports = {
  ...global,
  ...projects.find((project) => project.displayName === 'redis'),
  rootDir: '../..',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.drill.ts'],
  // Drills share Redis and the machine's 2 cores: one at a time.
  maxWorkers: 1,
  testTimeout: 600_000,
};
