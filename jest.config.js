/** Tests run TypeScript through SWC (no type check here: `npm run typecheck` does that once, before jest). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // A few dependencies ship ES modules only; Node 20 requires them natively, jest needs them compiled.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // file-type (R61) and its tokenizer packages are ES modules only as well.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/)'],
  testTimeout: 30000,
};
