import { availableParallelism } from 'node:os';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/node-version.ts'],
    setupFiles: ['test/helpers/yield-between-tests.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core (vitest's default leaves one core idle: on 2 cores, half the speed).
    maxWorkers: availableParallelism(),
    minWorkers: 1,
    // isolated-vm (the policy sandbox) needs this flag since Node 20
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
  },
});
