import type { SeriesName, Subset } from '../../src-main/shared/metricVocabulary';
import type { RunBundle } from '../../src-main/api/runBundle';
import { TINY_CONFIG } from '../cli/cliHarness';

/**
 * The model of the synthetic run: a one-filter 3×3 convolution with stride 4 and 2×2 pooling on
 * MNIST (28×28 → 7×7 → 3×3), then a dense layer to the 10 classes — a real CNN with only 110
 * weights, so the bundle stays small and mutation tests are not mostly about weight values.
 */
export const SYNTHETIC_MODEL = {
  kind: 'cnn',
  convs: [{ filters: 1, kernel: 3, stride: 4, pooling: 'max2' }],
  hidden: [],
} as const;

/** Final weights of SYNTHETIC_MODEL (exactly the tensors and shapes the model builds). */
export function syntheticWeights(): RunBundle['runs'][number]['weights'] {
  const ramp = (n: number, scale: number): number[] =>
    Array.from({ length: n }, (_, i) => Math.round(Math.sin(i + scale) * 1000) / 1000);
  return {
    'conv1/kernel': { shape: [3, 3, 1, 1], values: ramp(9, 1) },
    'conv1/bias': { shape: [1], values: [0.01] },
    'dense1/kernel': { shape: [9, 10], values: ramp(90, 2) },
    'dense1/bias': { shape: [10], values: ramp(10, 3) },
  };
}

/**
 * A valid run bundle (the `runs.exportJson` format) with `points` metric points per series,
 * coherence measurements, probes and final weights that fit its model: a stand-in for a
 * finished run that costs no training.
 */
export function syntheticBundle(points = 20, name = 'synthetic'): RunBundle {
  const steps = Array.from({ length: points }, (_, i) => i * 5);
  const metric = (
    series: SeriesName,
    subset: Subset,
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
        paramCount: 110,
        totalSteps: steps.at(-1) ?? 0,
        layerNames: ['conv1', 'dense1'],
        createdAt: '2024-06-11T09:00:00.000Z',
        startedAt: '2024-06-11T09:00:01.000Z',
        finishedAt: '2024-06-11T09:01:00.000Z',
        error: null,
        config: { ...TINY_CONFIG, model: SYNTHETIC_MODEL },
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
          layers: { conv1: { N: 1, Q: 1 }, dense1: { N: 1 + step / 5, Q: 1 } },
        })),
        probes: { train: { positions: [0, 1, 2], indices: [5, 9, 11], labels: [1, 7, 3] } },
        weights: syntheticWeights(),
      },
    ],
  };
}
