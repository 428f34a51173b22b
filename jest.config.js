/** One jest run for the whole repository: unit tests (`*.test.ts`, next to the code or in a
 * workspace) and cross-service tests (`test/*.e2e.ts`, real HTTP and real PostgreSQL). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/tools', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.e2e.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@passerelle/common$': '<rootDir>/subgraphs/common/src/index.ts',
    '^@passerelle/(cases|placements|partners)$': '<rootDir>/subgraphs/$1/src/index.ts',
    '^@passerelle/gateway$': '<rootDir>/gateway/src/index.ts',
    '^@passerelle/tools$': '<rootDir>/tools/src/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60000,
  maxWorkers: 2,
};
