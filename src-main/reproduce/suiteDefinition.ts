import type { RunConfigInput } from '../engine/config/configSchemas';
import {
  EASY_HARD_REFERENCE,
  RANDOM_LABEL_PRETRAINING,
  findPreset,
  learnedPartConfig,
  mergeConfig,
} from '../runs/presets';

/**
 * What `coherence-lab reproduce` trains: the arms (one run config each, the seed left out) of
 * the PAPER-CLAIMS section 3 experiments that the tool can run today, at two sizes. Arms shared
 * by several claims are trained once (plain SGD at 50 % noise serves G5, the c = 0 point of P2
 * and the SGD reference of P4). Every arm runs once per seed, seeds 1…N, so all arms of one
 * seed share their probe examples (the protocol's "same indices in every arm").
 */
export type SuiteTier = 'quick' | 'full';

export interface SuiteArm {
  readonly key: string;
  /** How the arm is named in legends and run names. */
  readonly label: string;
  /** The run config without its seed (the suite sets one per run). */
  readonly config: RunConfigInput;
  /**
   * A second-stage arm: trained once `arm`'s run of the same seed has completed, with
   * link(that run's id) merged into its config (e.g. init.fromRun, dataset.learnedSubset).
   */
  readonly after?: { readonly arm: string; readonly link: (runId: number) => RunConfigInput };
}

/** Claims the suite knows but cannot run yet, and why. */
export interface NotRunClaim {
  readonly id: string;
  readonly claim: string;
  readonly reason: string;
}

/**
 * The experiments' sizes. Full: PAPER-CLAIMS section 3 as written. Quick: the same setups
 * shrunk to finish in under 15 minutes on a quiet 2-core machine (README "Reproducing the
 * paper's claims" shows how that was measured); smaller subsets, fewer steps, smaller probes.
 */
interface TierSizes {
  readonly realVsRandom: {
    trainSize: number;
    steps: number;
    m: number;
    every: number;
    testSize?: number;
  };
  /** G1 on Fashion-MNIST and with a small CNN (false: left out). */
  readonly realVsRandomExtra: boolean;
  readonly labelNoise: {
    trainSize: number;
    steps: number;
    m: number;
    every: number;
    hidden: number;
    testSize?: number;
  };
  /** P3, null when the tier leaves it out. */
  readonly randomCnn: { trainSize: number; steps: number; m: number; every: number } | null;
  /** G6/P5: steps of the fresh models trained on the easy and the hard part; null: left out. */
  readonly easyHard: { partSteps: number; every: number } | null;
  /** The adversarial-initialization proxy, null when the tier leaves it out. */
  readonly adversarialInit: { pretrainSteps: number; steps: number; every: number } | null;
}

const SIZES: Record<SuiteTier, TierSizes> = {
  full: {
    realVsRandom: { trainSize: 10_000, steps: 1500, m: 1000, every: 250 },
    realVsRandomExtra: true,
    labelNoise: { trainSize: 5000, steps: 3000, m: 1000, every: 100, hidden: 128 },
    randomCnn: { trainSize: 2000, steps: 6000, m: 1000, every: 250 },
    easyHard: { partSteps: 500, every: 100 },
    adversarialInit: { pretrainSteps: 1500, steps: 1000, every: 250 },
  },
  quick: {
    realVsRandom: { trainSize: 2000, steps: 500, m: 500, every: 250, testSize: 2000 },
    realVsRandomExtra: false,
    labelNoise: { trainSize: 1000, steps: 600, m: 250, every: 50, hidden: 128, testSize: 2000 },
    randomCnn: null,
    easyHard: null,
    adversarialInit: null,
  },
};

/** A small VGG-style CNN (two conv blocks with pooling, no normalization) for MNIST-sized input. */
const SMALL_CNN: RunConfigInput['model'] = {
  kind: 'cnn',
  convs: [
    { filters: 8, kernel: 5, pooling: 'max2' },
    { filters: 16, kernel: 5, pooling: 'max2' },
  ],
  hidden: [],
  activation: 'relu',
  init: 'he',
};

/** Winsorization percentages of the 2020 paper's experiment (c = 0 is plain SGD). */
export const WINSORIZATION_CS = [0, 1, 2, 4, 8] as const;

export const ARM = {
  real: 'mnist-mlp-real',
  random: 'mnist-mlp-random',
  fashionReal: 'fashion-mlp-real',
  fashionRandom: 'fashion-mlp-random',
  cnnReal: 'mnist-cnn-real',
  cnnRandom: 'mnist-cnn-random',
  sgd: 'noise50-sgd',
  winsorized: (c: number): string => (c === 0 ? 'noise50-sgd' : `noise50-winsorized-c${c}`),
  a3: 'noise50-a3',
  m3: 'noise50-m3',
  ra3: 'noise50-ra3',
  rm3: 'noise50-rm3',
  randomCnn: 'random-cnn',
  easyHardReference: 'easyhard-reference',
  easy: 'easyhard-easy',
  hard: 'easyhard-hard',
  randomPretraining: 'advinit-random-pretraining',
  fromRandom: 'advinit-real-from-random',
  freshStart: 'advinit-real-fresh',
} as const;

export function suiteArms(tier: SuiteTier): SuiteArm[] {
  const sizes = SIZES[tier];
  const headline = findPreset('real-vs-random').base;
  const g1 = sizes.realVsRandom;
  const g1Base = mergeConfig(headline, {
    dataset: {
      trainSize: g1.trainSize,
      ...(g1.testSize !== undefined ? { testSize: g1.testSize } : {}),
    },
    steps: g1.steps,
    coherence: { m: g1.m },
    schedule: { every: g1.every },
  });
  const real = { labelNoise: 0 };
  const random: RunConfigInput = { labelNoise: 1, noiseMode: 'permute' };
  const arms: SuiteArm[] = [
    { key: ARM.real, label: 'MNIST MLP real', config: mergeConfig(g1Base, real) },
    { key: ARM.random, label: 'MNIST MLP random', config: mergeConfig(g1Base, random) },
  ];
  if (sizes.realVsRandomExtra) {
    const fashion = mergeConfig(g1Base, { dataset: { name: 'fashion-mnist' } });
    const cnn = mergeConfig(g1Base, { model: SMALL_CNN });
    arms.push(
      { key: ARM.fashionReal, label: 'Fashion MLP real', config: mergeConfig(fashion, real) },
      { key: ARM.fashionRandom, label: 'Fashion MLP random', config: mergeConfig(fashion, random) },
      { key: ARM.cnnReal, label: 'MNIST CNN real', config: mergeConfig(cnn, real) },
      { key: ARM.cnnRandom, label: 'MNIST CNN random', config: mergeConfig(cnn, random) },
    );
  }
  const noise = sizes.labelNoise;
  const noiseBase = mergeConfig(findPreset('robust-averaging').base, {
    dataset: {
      trainSize: noise.trainSize,
      ...(noise.testSize !== undefined ? { testSize: noise.testSize } : {}),
    },
    model: { kind: 'mlp', hidden: [noise.hidden] },
    steps: noise.steps,
    coherence: { m: noise.m },
    schedule: { every: noise.every },
  });
  const aggregated = (key: string, label: string, aggregator: RunConfigInput['aggregator']) => ({
    key,
    label,
    config: mergeConfig(noiseBase, { aggregator }),
  });
  arms.push(aggregated(ARM.sgd, 'SGD (c = 0)', { kind: 'mean' }));
  for (const c of WINSORIZATION_CS.filter((c) => c > 0)) {
    arms.push(aggregated(ARM.winsorized(c), `winsorized c = ${c}`, { kind: 'winsorized', c }));
  }
  arms.push(
    aggregated(ARM.a3, 'A3', { kind: 'a3' }),
    aggregated(ARM.m3, 'M3', { kind: 'm3' }),
    aggregated(ARM.ra3, 'RA3', { kind: 'ra3' }),
    aggregated(ARM.rm3, 'RM3', { kind: 'rm3' }),
  );
  if (sizes.randomCnn) {
    const p3 = sizes.randomCnn;
    arms.push({
      key: ARM.randomCnn,
      label: 'MNIST CNN random labels',
      config: mergeConfig(headline, {
        dataset: { trainSize: p3.trainSize },
        ...random,
        model: SMALL_CNN,
        steps: p3.steps,
        coherence: { m: p3.m },
        schedule: { every: p3.every },
      }),
    });
  }
  if (sizes.easyHard) arms.push(...easyHardArms(sizes.easyHard));
  if (sizes.adversarialInit) arms.push(...adversarialInitArms(sizes.adversarialInit));
  return arms;
}

/**
 * G6/P5 in two stages: the reference run (stopped inside the 40–60 % train-accuracy band),
 * then fresh models on its easy and its hard examples (dataset.learnedSubset), each tested on
 * the held-out 20 % of its own part.
 */
function easyHardArms(sizes: NonNullable<TierSizes['easyHard']>): SuiteArm[] {
  const part = (part: 'easy' | 'hard', key: string, label: string): SuiteArm => {
    const config = mergeConfig(learnedPartConfig(1, part), {
      steps: sizes.partSteps,
      schedule: { every: sizes.every },
    });
    return {
      key,
      label,
      config,
      after: {
        arm: ARM.easyHardReference,
        link: (runId) => ({ dataset: { learnedSubset: { referenceRun: runId, part } } }),
      },
    };
  };
  return [
    { key: ARM.easyHardReference, label: 'easy/hard reference', config: EASY_HARD_REFERENCE },
    part('easy', ARM.easy, 'trained on easy'),
    part('hard', ARM.hard, 'trained on hard'),
  ];
}

/**
 * The adversarial-initialization proxy: pretrain on 100 % random labels, then train on the real
 * labels of the same examples from those weights (init.fromRun), against the same real-label
 * run from fresh weights.
 */
function adversarialInitArms(sizes: NonNullable<TierSizes['adversarialInit']>): SuiteArm[] {
  const pretraining = mergeConfig(RANDOM_LABEL_PRETRAINING, {
    steps: sizes.pretrainSteps,
    schedule: { every: sizes.every },
  });
  // Same optimizer as the pretraining (lr 0.1, 50 epochs of 2k examples): both real-label runs
  // fit their training set, so the comparison is of where training ends, not of its speed.
  const real = mergeConfig(pretraining, { labelNoise: 0, steps: sizes.steps });
  return [
    { key: ARM.randomPretraining, label: 'random-label pretraining', config: pretraining },
    {
      key: ARM.fromRandom,
      label: 'real labels from random-label weights',
      config: real,
      after: { arm: ARM.randomPretraining, link: (runId) => ({ init: { fromRun: runId } }) },
    },
    { key: ARM.freshStart, label: 'real labels from fresh weights', config: real },
  ];
}

/** Claims that need something the tool does not have yet, or that the tier leaves out. */
export function claimsNotRun(tier: SuiteTier): NotRunClaim[] {
  const notRun: NotRunClaim[] = [
    {
      id: 'G2',
      claim:
        'Whole-network m-coherence stays high (> 5) for a sizeable part of a small CNN’s training on random labels.',
      reason:
        'not run: its negative outcome is "not reproduced" (explicitly not a refutation), which holds/fails/inconclusive cannot say; the full suite’s P3 runs record the data it reads',
    },
    {
      id: 'G3',
      claim: 'G1’s real-vs-random gap holds for MLP, CNN and a BatchNorm-free tiny ResNet.',
      reason:
        'not in the suite yet: the residual network exists (model.kind "resnet"), but the MLP/CNN/ResNet × MNIST/Fashion-MNIST/CIFAR-10 cells of G1 are not defined here yet',
    },
    {
      id: 'G4',
      claim:
        'In the exact linear toy, real labels give coherent gradients (m-coherence 2.5 at init vs 1.0 random) and a low test loss.',
      reason:
        'not run: the mean-squared-error loss exists (loss "mse"), but a bias-free linear model and the 5-example toy dataset do not',
    },
    {
      id: 'P3-layers',
      claim: 'With real labels, conv layers are more coherent than dense layers.',
      reason:
        'not run: per-layer N and Q are stored, but the suite reads whole-network values only (reading them by layer kind is not built yet)',
    },
  ];
  if (tier === 'quick') {
    notRun.push(
      {
        id: 'G1-fashion-cnn',
        claim: 'G1 on Fashion-MNIST and with a small CNN.',
        reason: 'full suite only (does not fit the --quick time budget)',
      },
      {
        id: 'P3',
        claim:
          'On random labels, a small CNN’s probe m-coherence rises before it starts to fit them.',
        reason:
          'full suite only (a CNN trained to 50 % train accuracy on random labels does not fit --quick)',
      },
      {
        id: 'G6/P5',
        claim:
          'Examples learned early (easy) generalize to each other better than late-learned (hard) ones, and the same examples are easy under another seed (G6/P5-reliability).',
        reason:
          'full suite only (two stages, 3 runs per seed: measured 149 s wall for 2 seeds with 2 at once, which would take --quick past 15 minutes)',
      },
      {
        id: 'adversarial-init',
        claim:
          'Training on real labels from weights pretrained on random labels generalizes worse than from a fresh start (a proxy).',
        reason:
          'full suite only (memorizing random labels first does not fit the --quick time budget)',
      },
    );
  }
  return notRun;
}
