import { defineConfig } from 'vitest/config';

// Tests run real tfjs (wasm/cpu), real SQLite files and real child processes, so they are
// slow-ish and CPU-bound: forks keep native modules isolated, and a generous timeout covers
// training runs on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
