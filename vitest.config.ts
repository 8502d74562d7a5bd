import { defineConfig } from 'vitest/config';

// The engine's reference tests parametrized by backend (test/engine/backendsUnderTest.ts) run
// their WebGPU cases on SwiftShader, which compiles every shader slowly (seconds each). Those
// cases form a project of their own whose files share one process, so each shader compiles
// once rather than once per file; the main project runs the same files on cpu and wasm.
const backendParametrizedFiles = [
  'test/engine/model/gradientPass.test.ts',
  'test/engine/model/tensorLeak.test.ts',
  'test/engine/coherence/probeCoherence.test.ts',
  'test/engine/aggregators/perExampleReduction.test.ts',
  'test/engine/aggregators/aggregatorBackends.test.ts',
  'test/engine/train/trainLoop.test.ts',
];

// Tests run real tfjs (wasm/cpu), real SQLite files and real child processes, so they are
// slow-ish and CPU-bound: forks keep native modules isolated, and a generous timeout covers
// training runs on a 2-core machine.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          fileParallelism: true,
          env: { CLAB_TEST_BACKENDS: 'cpu,wasm' },
        },
      },
      {
        extends: true,
        test: {
          name: 'webgpu',
          include: backendParametrizedFiles,
          isolate: false,
          fileParallelism: false,
          // One worker: vitest runs it as its own group, after the main project.
          sequence: { groupOrder: 1 },
          env: { CLAB_TEST_BACKENDS: 'webgpu' },
        },
      },
    ],
  },
});
