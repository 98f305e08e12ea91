import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    hookTimeout: 20000,
    pool: 'forks',
    maxWorkers: 2,
    // A real PostgreSQL for the tests that ask for one (test/pg/database.ts), started on first use.
    globalSetup: ['test/pg/global-setup.ts'],
  },
});
