import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  // Each spec starts its own servers on 127.0.0.1; RSA keygen makes the first test of a file slow.
  testTimeout: 30_000,
  // The sync worker's warm-up is off for the suite (the file says why).
  setupFiles: ['<rootDir>/spec/helpers/sync-bridge-setup.ts'],
  maxWorkers: 2,
};

export default config;
