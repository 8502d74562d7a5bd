import type { RunConfigInput } from '../engine/config/configSchemas';
import {
  CIFAR10_DATASET_NAME,
  EASY_HARD_REFERENCE,
  RANDOM_LABEL_PRETRAINING,
  findPreset,
  learnedPartConfig,
  mergeConfig,
} from '../runs/presets';
import type { RecordExtra } from './suiteData';

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
  /** What its claims read beyond the usual series (per-layer sums, final weights). */
  readonly reads?: readonly RecordExtra[];
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

/**
 * The smallest residual network of the ResNet-20 family: ResNet-8 (one basic block per stage)
 * at a quarter of ResNet-20's widths (4-8-16 channels, GroupNorm with 2 groups), so that G3's
 * ResNet cells cost less than its CNN cells (the full suite's estimate, README).
 */
const TINY_RESNET: RunConfigInput['model'] = {
  kind: 'resnet',
  widths: [4, 8, 16],
  blocksPerStage: 1,
  norm: 'group',
  groups: 2,
  activation: 'relu',
  init: 'he',
};

/** Steps of G3's ResNet cells (see suiteArms). */
const RESNET_CELL_STEPS = 500;
const RESNET_LABEL = (dataset: string): string =>
  `${dataset} ResNet-8 (4-8-16, ${RESNET_CELL_STEPS} steps)`;

/**
 * G4's exact linear toy (PAPER-CLAIMS G4; data: engine/data/linearToyDataset.ts): a bias-free
 * linear model with one signed output, squared error, full-batch GD from w = 0 for 500 epochs.
 * lr 0.02: the source trains PyTorch's MSELoss, (z − t)², at lr 0.01; the tool's loss is
 * ½(z − t)², whose gradient is half as large, so lr 0.02 takes the same steps. The init probe
 * is all 4 training examples (m = 4).
 */
const linearToy = (dataset: 'linear-toy-real' | 'linear-toy-random', steps: number) =>
  ({
    dataset: { name: dataset, trainSize: 4, testSize: 1 },
    model: { kind: 'linear', bias: false, output: 'signed', init: 'zeros' },
    loss: 'mse',
    optimizer: { kind: 'sgd', lr: 0.02 },
    batchSize: 4,
    steps,
    coherence: { m: 4 },
    schedule: { every: 100 },
  }) satisfies RunConfigInput;

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
  realCnn: 'real-cnn',
  toyReal: 'linear-toy-real',
  toyRandom: 'linear-toy-random',
  toyRealStep1: 'linear-toy-real-step1',
  fashionCnnReal: 'fashion-cnn-real',
  fashionCnnRandom: 'fashion-cnn-random',
  resnetReal: 'mnist-resnet-real',
  resnetRandom: 'mnist-resnet-random',
  fashionResnetReal: 'fashion-resnet-real',
  fashionResnetRandom: 'fashion-resnet-random',
  cifarMlpReal: 'cifar10-mlp-real',
  cifarMlpRandom: 'cifar10-mlp-random',
  cifarCnnReal: 'cifar10-cnn-real',
  cifarCnnRandom: 'cifar10-cnn-random',
  cifarResnetReal: 'cifar10-resnet-real',
  cifarResnetRandom: 'cifar10-resnet-random',
} as const;

/** One cell of G3's model × dataset grid and the two arms (real, random labels) it reads. */
export interface RealVsRandomCell {
  readonly model: 'MLP' | 'CNN' | 'ResNet';
  readonly dataset: 'MNIST' | 'Fashion-MNIST' | 'CIFAR-10';
  readonly real: string;
  readonly random: string;
}

/** G3's grid: MLP, small CNN, tiny ResNet × MNIST, Fashion-MNIST, CIFAR-10 (when imported). */
export const G3_CELLS: readonly RealVsRandomCell[] = [
  { model: 'MLP', dataset: 'MNIST', real: ARM.real, random: ARM.random },
  { model: 'MLP', dataset: 'Fashion-MNIST', real: ARM.fashionReal, random: ARM.fashionRandom },
  { model: 'CNN', dataset: 'MNIST', real: ARM.cnnReal, random: ARM.cnnRandom },
  {
    model: 'CNN',
    dataset: 'Fashion-MNIST',
    real: ARM.fashionCnnReal,
    random: ARM.fashionCnnRandom,
  },
  { model: 'ResNet', dataset: 'MNIST', real: ARM.resnetReal, random: ARM.resnetRandom },
  {
    model: 'ResNet',
    dataset: 'Fashion-MNIST',
    real: ARM.fashionResnetReal,
    random: ARM.fashionResnetRandom,
  },
  { model: 'MLP', dataset: 'CIFAR-10', real: ARM.cifarMlpReal, random: ARM.cifarMlpRandom },
  { model: 'CNN', dataset: 'CIFAR-10', real: ARM.cifarCnnReal, random: ARM.cifarCnnRandom },
  {
    model: 'ResNet',
    dataset: 'CIFAR-10',
    real: ARM.cifarResnetReal,
    random: ARM.cifarResnetRandom,
  },
];

/** What the project holds that some arms need (CIFAR-10 is imported, never built in). */
export interface SuiteContext {
  /** True when the project has CIFAR-10 imported under CIFAR10_DATASET_NAME. */
  readonly cifar10: boolean;
}

const NO_IMPORTS: SuiteContext = { cifar10: false };

export function suiteArms(tier: SuiteTier, context: SuiteContext = NO_IMPORTS): SuiteArm[] {
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
    // G3's remaining cells at G1's full size (10k examples, m = 1000, 1,500 steps). ResNet
    // cells are TINY_RESNET for RESNET_CELL_STEPS steps: G1's ratio window is steps 25–500, so
    // it is judged on the same steps (the random arm's ≤ 5 check then covers 25–500 instead of
    // 25–1,500), at a fraction of the cost.
    const cell = (
      key: string,
      label: string,
      dataset: string,
      model: RunConfigInput['model'],
      steps: number = g1.steps,
    ) =>
      (['real', 'random'] as const).map((labels) => ({
        key: `${key}-${labels}`,
        label: `${label} ${labels}`,
        // The model replaces G1's MLP whole (a merge would keep its `hidden`).
        config: {
          ...mergeConfig(g1Base, {
            dataset: { name: dataset },
            steps,
            ...(labels === 'real' ? real : random),
          }),
          model,
        },
      }));
    arms.push(
      ...cell('fashion-cnn', 'Fashion CNN', 'fashion-mnist', SMALL_CNN),
      ...cell('mnist-resnet', RESNET_LABEL('MNIST'), 'mnist', TINY_RESNET, RESNET_CELL_STEPS),
      ...cell(
        'fashion-resnet',
        RESNET_LABEL('Fashion'),
        'fashion-mnist',
        TINY_RESNET,
        RESNET_CELL_STEPS,
      ),
    );
    if (context.cifar10) {
      arms.push(
        ...cell('cifar10-mlp', 'CIFAR-10 MLP', CIFAR10_DATASET_NAME, {
          kind: 'mlp',
          hidden: [256],
        }),
        ...cell('cifar10-cnn', 'CIFAR-10 CNN', CIFAR10_DATASET_NAME, SMALL_CNN),
        ...cell(
          'cifar10-resnet',
          RESNET_LABEL('CIFAR-10'),
          CIFAR10_DATASET_NAME,
          TINY_RESNET,
          RESNET_CELL_STEPS,
        ),
      );
    }
  }
  // G4: milliseconds per run, in both tiers. The one-step run is read for its weights.
  arms.push(
    { key: ARM.toyReal, label: 'linear toy real', config: linearToy('linear-toy-real', 500) },
    {
      key: ARM.toyRandom,
      label: 'linear toy random',
      config: linearToy('linear-toy-random', 500),
    },
    {
      key: ARM.toyRealStep1,
      label: 'linear toy real, one step',
      config: linearToy('linear-toy-real', 1),
      reads: ['finalWeights'],
    },
  );
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
    // P3's layer verdict: the same setup on real labels, for G1's 1,500 steps (it compares
    // layers during training; it need not run until the labels are fitted).
    arms.push({
      key: ARM.realCnn,
      label: 'MNIST CNN real labels (P3 setup)',
      config: mergeConfig(headline, {
        dataset: { trainSize: p3.trainSize },
        ...real,
        model: SMALL_CNN,
        steps: g1.steps,
        coherence: { m: p3.m },
        schedule: { every: p3.every },
      }),
      reads: ['layers'],
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
export function claimsNotRun(tier: SuiteTier, context: SuiteContext = NO_IMPORTS): NotRunClaim[] {
  const notRun: NotRunClaim[] = [
    {
      id: 'G2',
      claim:
        'Whole-network m-coherence stays high (> 5) for a sizeable part of a small CNN’s training on random labels.',
      reason:
        'not run: its negative outcome is "not reproduced" (explicitly not a refutation), which holds/fails/inconclusive cannot say; the full suite’s P3 runs record the data it reads',
    },
  ];
  if (tier === 'full' && !context.cifar10) {
    const howToImport = findPreset('cnn-real-vs-random-cifar10').requiresImport?.howToImport ?? '';
    notRun.push({
      id: 'G3-cifar10',
      claim: 'G3’s CIFAR-10 cells (MLP, CNN, ResNet-8 on real vs random labels).',
      reason: `not run: this project holds no CIFAR-10, so G3 is judged on its MNIST and Fashion-MNIST cells only; to run them, ${howToImport}`,
    });
  }
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
      {
        id: 'P3-layers',
        claim: 'With real labels, conv layers are more coherent than dense layers.',
        reason: 'full suite only (a small CNN on the P3 setup does not fit --quick)',
      },
      {
        id: 'G3',
        claim: 'G1’s real-vs-random gap holds for MLP, CNN and a BatchNorm-free tiny ResNet.',
        reason: 'full suite only (its CNN and ResNet cells do not fit --quick)',
      },
    );
  }
  return notRun;
}
