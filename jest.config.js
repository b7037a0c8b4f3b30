/** @type {import('jest').Config} */
// Four projects: `unit` (fast, synth only), `plan` (real tofu with the real providers, no Pulp),
// `integration` (the two real Pulp servers of the test harness) and `cloud` (stacks applied for real on the
// test bed's OpenStack, testbed/openstack/).
// ts-jest transpiles only (isolatedModules in tsconfig.json); `npm run compile` type-checks everything before jest runs.
const shared = {
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdktf.out/'],
};
module.exports = {
  // Integration tests drive real servers: a sync that retries a dead upstream takes tens of seconds.
  testTimeout: 120_000,
  // One test file at a time: integration tests assert on what the shared Pulp servers saw (access logs,
  // task counts), which a test file running beside them would disturb. `npm test` runs two jest processes
  // side by side instead (testbed/run-tests.ts: unit + integration, plan + cloud), which share no server.
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
  verbose: true,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'plan',
      testMatch: ['<rootDir>/test/plan/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/plan-setup.ts',
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/integration-setup.ts',
      globalTeardown: '<rootDir>/test/support/integration-teardown.ts',
    },
    {
      // The real release train's content at its size on the harness Pulps: ~10 minutes, so outside `npm test`
      // (CI's warm budget); run by `npm run test:real-size`.
      ...shared,
      displayName: 'real-size',
      testMatch: ['<rootDir>/test/real-size/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/integration-setup.ts',
      globalTeardown: '<rootDir>/test/support/integration-teardown.ts',
    },
    {
      ...shared,
      displayName: 'cloud',
      testMatch: ['<rootDir>/test/cloud/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/cloud-setup.ts',
      globalTeardown: '<rootDir>/test/support/cloud-teardown.ts',
    },
  ],
};
