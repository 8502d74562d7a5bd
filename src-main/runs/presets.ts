import type { RunConfigInput } from '../engine/config/configSchemas';

/**
 * The paper's experiments as ready-made run groups. A preset with several variants creates
 * one run per variant, tagged as one group, identical except for the key being studied.
 */
export interface PresetVariant {
  readonly name: string;
  readonly overrides: RunConfigInput;
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly base: RunConfigInput;
  readonly variants: readonly PresetVariant[];
}

/** SPEC section 2: 784-256-10 MLP, lr 0.01, batch 100, 10k-example MNIST subset, m = 1000. */
const headlineBase: RunConfigInput = {
  dataset: { name: 'mnist', trainSize: 10_000, testSize: 2_000 },
  model: { kind: 'mlp', hidden: [256], activation: 'relu', init: 'glorot' },
  optimizer: { kind: 'sgd', lr: 0.01 },
  batchSize: 100,
  steps: 1000,
  seed: 1,
  coherence: { m: 1000 },
  schedule: { every: 250 },
};

export const PRESETS: readonly Preset[] = [
  {
    name: 'real-vs-random',
    description:
      'Same model and seed on real labels and on 100 % random labels: real-label gradients are ~10× more coherent early on (Chatterjee & Zielinski 2022, Fig. 1).',
    base: headlineBase,
    variants: [
      { name: 'real', overrides: { labelNoise: 0 } },
      // Random labels as in Zhang et al.: all labels permuted (a few keep their class by chance),
      // not "uniform", which would force every label to be wrong and push test accuracy below chance.
      { name: 'random', overrides: { labelNoise: 1, noiseMode: 'permute' } },
    ],
  },
  {
    name: 'label-noise-sweep',
    description: 'Probe m-coherence and memorization at 0, 25, 50, 75 and 100 % label noise.',
    base: headlineBase,
    variants: [0, 0.25, 0.5, 0.75, 1].map((p) => ({
      name: `noise-${Math.round(p * 100)}`,
      overrides: { labelNoise: p },
    })),
  },
  {
    name: 'pristine-vs-corrupt',
    description:
      '50 % label noise: the pristine probe stays about twice as coherent as the corrupt probe, and corrupt examples are fitted last.',
    base: { ...headlineBase, steps: 2000, schedule: { every: 250 } },
    variants: [{ name: 'noise-50', overrides: { labelNoise: 0.5 } }],
  },
  {
    name: 'robust-averaging',
    description:
      '50 % label noise on a 5k MNIST subset: plain SGD against winsorized (c = 2, 8), M3 with its batch-3B control A3, and RM3 with its control RA3 (SPEC 1.5, section 2). Robust aggregates should memorize fewer corrupt labels; compare each to its control.',
    base: {
      dataset: { name: 'mnist', trainSize: 5_000, testSize: 2_000 },
      labelNoise: 0.5,
      noiseMode: 'permute',
      model: { kind: 'mlp', hidden: [128], activation: 'relu', init: 'glorot' },
      optimizer: { kind: 'sgd', lr: 0.1, momentum: 0 },
      batchSize: 100,
      steps: 3000,
      seed: 1,
      coherence: { m: 1000 },
      // Test accuracy peaks around step 600: every 100 steps resolves the early-stopping point.
      schedule: { every: 100 },
    },
    variants: [
      { name: 'mean', overrides: { aggregator: { kind: 'mean' } } },
      { name: 'winsorized-c2', overrides: { aggregator: { kind: 'winsorized', c: 2 } } },
      { name: 'winsorized-c8', overrides: { aggregator: { kind: 'winsorized', c: 8 } } },
      { name: 'm3', overrides: { aggregator: { kind: 'm3' } } },
      { name: 'a3', overrides: { aggregator: { kind: 'a3' } } },
      { name: 'rm3', overrides: { aggregator: { kind: 'rm3' } } },
      { name: 'ra3', overrides: { aggregator: { kind: 'ra3' } } },
    ],
  },
];

export function findPreset(name: string): Preset {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) {
    throw new Error(
      `unknown preset "${name}"; available: ${PRESETS.map((p) => p.name).join(', ')}`,
    );
  }
  return preset;
}

/** Deep merge of plain objects; arrays and scalars in `over` replace those in `base`. */
export function mergeConfig(base: RunConfigInput, over: RunConfigInput): RunConfigInput {
  const merge = (a: unknown, b: unknown): unknown => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
      return out;
    }
    return b === undefined ? a : b;
  };
  return merge(base, over) as RunConfigInput;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
