/** Unit specs sit beside the code (src, libs); integration suites live in test/. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  // Inputs for test/layer-rules.e2e-spec.ts, never tests themselves.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/'],
  moduleNameMapper: {
    '^@vakvoucher/workflow$': '<rootDir>/libs/workflow/src',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
