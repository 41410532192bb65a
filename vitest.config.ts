import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,electron,sync-server,renderer,scripts,bench,build}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Native better-sqlite3 handles and PostgreSQL pools are per process: forks keep suites apart.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
