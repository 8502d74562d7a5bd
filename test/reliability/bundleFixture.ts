import type { RunBundle } from '../../src-main/api/runBundle';
import { TINY_CONFIG } from '../cli/cliHarness';

/**
 * A valid run bundle (the `runs.exportJson` format) with `points` metric points per series,
 * coherence measurements, probes and small final weights: a stand-in for a finished run that
 * costs no training.
 */
export function syntheticBundle(points = 20, name = 'synthetic'): RunBundle {
  const steps = Array.from({ length: points }, (_, i) => i * 5);
  const metric = (
    series: string,
    subset: string,
    f: (s: number) => number,
  ): RunBundle['runs'][number]['metrics'] =>
    steps.map((step) => ({
      series,
      subset,
      step,
      epoch: step / 12,
      examplesSeen: step * 50,
      wallMs: step * 3.5,
      value: f(step),
    }));
  return {
    format: 'coherence-lab-runs',
    version: 1,
    exportedAt: '2024-06-11T10:00:00.000Z',
    runs: [
      {
        name,
        tags: ['synthetic'],
        notes: 'made by test/reliability/bundleFixture.ts',
        status: 'completed',
        seed: 3,
        backend: 'wasm',
        backendVersion: '4.22.0',
        appVersion: '0.1.0',
        paramCount: 26,
        totalSteps: steps.at(-1) ?? 0,
        layerNames: ['dense1'],
        createdAt: '2024-06-11T09:00:00.000Z',
        startedAt: '2024-06-11T09:00:01.000Z',
        finishedAt: '2024-06-11T09:01:00.000Z',
        error: null,
        config: { ...TINY_CONFIG },
        metrics: [
          ...metric('loss', 'train', (s) => 2.3 / (1 + s / 50)),
          ...metric('accuracy', 'test', (s) => Math.min(0.95, 0.1 + s / 200)),
        ],
        coherence: steps.slice(0, 5).map((step) => ({
          probe: 'train' as const,
          step,
          epoch: step / 12,
          examplesSeen: step * 50,
          wallMs: step * 3.5,
          m: 100,
          value: 1 + step / 10,
          alphaHat: 0.5,
          layers: { dense1: { N: 2 + step / 10, Q: 2 } },
        })),
        probes: { train: { positions: [0, 1, 2], indices: [5, 9, 11], labels: [1, 7, 3] } },
        weights: { 'dense1/kernel': { shape: [2, 3], values: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6] } },
      },
    ],
  };
}
