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
  /** What it shows and where each expectation comes from: a paper, or the project's calibration. */
  readonly description: string;
  readonly base: RunConfigInput;
  readonly variants: readonly PresetVariant[];
}

/**
 * SPEC section 2's calibration setup: 784-256-10 MLP, lr 0.01, batch 100, 10k-example MNIST
 * subset, m = 1000, with the calibration's initialization (paper2020: N(0, 1)·2/√(fan_in +
 * fan_out), the Coherent Gradients paper's). Test accuracy on the full 10k test split.
 */
const headlineBase: RunConfigInput = {
  dataset: { name: 'mnist', trainSize: 10_000 },
  model: { kind: 'mlp', hidden: [256], activation: 'relu', init: 'paper2020' },
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
      "Same model and seed on real labels and on 100 % random (permuted) labels. Expectation: real-label probe m-coherence ≈ 10× the random-label value over steps 25–100 — from the project's own numpy calibration (SPEC §2, m = 2000), not from a figure of the paper. The paper (Chatterjee & Zielinski 2022, ImageNet/ResNet-50) reports the qualitative gap: real labels far more coherent than random ones.",
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
    description:
      'Probe m-coherence and memorization at 0, 25, 50, 75 and 100 % label noise (permuted). Expectation from the Coherent Gradients paper (Chatterjee 2020, 784-2048-10 MLP): more noise learns more slowly, pristine examples near the clean rate, corrupt ones near the all-random rate; this preset uses the smaller calibration model (SPEC §2).',
    base: headlineBase,
    variants: [0, 0.25, 0.5, 0.75, 1].map((p) => ({
      name: `noise-${Math.round(p * 100)}`,
      overrides: { labelNoise: p },
    })),
  },
  {
    name: 'pristine-vs-corrupt',
    description:
      "50 % label noise: expectation from the project's numpy calibration (SPEC §2) — the pristine probe about 2× as coherent as the corrupt probe; corrupt examples fitted last (Coherent Gradients 2020).",
    base: { ...headlineBase, steps: 2000, schedule: { every: 250 } },
    variants: [{ name: 'noise-50', overrides: { labelNoise: 0.5 } }],
  },
  {
    name: 'robust-averaging',
    description:
      "50 % label noise on a 5k MNIST subset: plain SGD against winsorized (c = 2, 8; Coherent Gradients 2020), M3 with its batch-3B control A3, and RM3 with its control RA3 (Weak and Strong Gradient Directions 2020). Expected memorized fractions come from the project's numpy calibration (SPEC §2: SGD 0.60, RA3 0.57, RM3 0.50, A3 0.12, M3 0.11, c = 2 0.24, c = 8 0.05), not from the papers, whose experiments are on ImageNet. Compare each robust variant to its control.",
    base: {
      dataset: { name: 'mnist', trainSize: 5_000 },
      labelNoise: 0.5,
      noiseMode: 'permute',
      model: { kind: 'mlp', hidden: [128], activation: 'relu', init: 'paper2020' },
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
