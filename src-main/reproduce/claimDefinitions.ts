import { EMPTY_SERIES, lastPoint, type StepSeries } from './stepSeries';
import type { SeedResult } from './seedVerdicts';
import {
  ARM,
  G3_CELLS,
  WINSORIZATION_CS,
  type RealVsRandomCell,
  type SuiteArm,
} from './suiteDefinition';
import type { RunRecord } from './suiteData';
import {
  ADVERSARIAL_INIT_RULE,
  G1_RULE,
  G4_RULE,
  G5A_RULE,
  G6_RELIABILITY_RULE,
  G6_RULE,
  G5B_RULE,
  G5C_RULE,
  P2_RULE,
  P3_LAYERS_RULE,
  P3_RULE,
  P4_M3_RULE,
  P4_RM3_RULE,
  adversarialInitSeed,
  convAboveDenseSeed,
  earlyStoppingGapSeed,
  easyAboveHardSeed,
  easyReliabilitySeed,
  layerKindOfName,
  linearToySeed,
  pristineAboveCorruptSeed,
  pristineLearnedFirstSeed,
  realVsRandomSeed,
  riseBeforeFitSeed,
  robustBelowControlSeed,
  winsorizationSeed,
  type ArmFinals,
} from './verdictRules';

/**
 * Each claim the suite checks: its id (PAPER-CLAIMS section 3), the claim in one sentence, the
 * rule as text, the arms it reads, how one seed is judged, and the figures that show it (each
 * line a series of one arm, drawn as mean ± 95 % CI over the seeds).
 */
export interface FigureLine {
  readonly arm: string;
  readonly label: string;
  readonly pick: (record: RunRecord) => StepSeries;
}

export interface FigureDefinition {
  readonly key: string;
  readonly title: string;
  readonly yLabel: string;
  readonly logY: boolean;
  readonly lines: readonly FigureLine[];
}

/** An arm's record for the seed being judged; undefined when that run is missing. */
export type RecordOf = (arm: string) => RunRecord | undefined;

/** The other seeds, for rules that compare seeds (G6/P5's reliability). */
export interface SeedContext {
  readonly seed: number;
  readonly seeds: readonly number[];
  readonly recordOfSeed: (seed: number) => RecordOf;
}

export interface ClaimDefinition {
  readonly id: string;
  readonly claim: string;
  readonly rule: string;
  readonly arms: readonly string[];
  readonly checkSeed: (recordOf: RecordOf, context: SeedContext) => SeedResult;
  readonly figures: readonly FigureDefinition[];
  /** Arms whose runs' end-of-run learn times the rule reads (RunRecord.learnedAtEnd). */
  readonly readsLearnTimesOf?: readonly string[];
}

const missingRun = (arms: readonly string[]): SeedResult => ({
  outcome: 'undetermined',
  numbers: {},
  note: `no completed run of ${arms.join(', ')}`,
});

/** Judge a seed only when every arm it needs has a record. */
function withRecords(
  arms: readonly string[],
  recordOf: RecordOf,
  check: (records: RunRecord[]) => SeedResult,
): SeedResult {
  const records = arms.map(recordOf);
  const missing = arms.filter((_arm, i) => !records[i]);
  return missing.length ? missingRun(missing) : check(records as RunRecord[]);
}

const finals = (record: RunRecord): ArmFinals => ({
  memorized: lastPoint(record.accuracy.corrupt)?.value ?? null,
  pristineAcc: lastPoint(record.accuracy.pristine)?.value ?? null,
});

const trainProbe = (r: RunRecord): StepSeries => r.coherence.train;
const memorizedFigure = (key: string, lines: FigureLine[]): FigureDefinition => ({
  key,
  title: 'Memorized fraction (corrupt examples vs their training labels)',
  yLabel: 'train accuracy on corrupt examples',
  logY: false,
  lines,
});

function realVsRandomClaim(
  id: string,
  what: string,
  realArm: string,
  randomArm: string,
): ClaimDefinition {
  return {
    id,
    claim: `${what}: gradients of real-label examples are far more coherent than those of random-label examples (probe m-coherence on the training labels).`,
    rule: G1_RULE,
    arms: [realArm, randomArm],
    checkSeed: (recordOf) =>
      withRecords([realArm, randomArm], recordOf, ([real, random]) =>
        realVsRandomSeed({ real: real.coherence.train, random: random.coherence.train }),
      ),
    figures: [
      {
        key: 'probeCoherence',
        title: `${what}: train-probe m-coherence, real vs random labels`,
        yLabel: 'm-coherence',
        logY: true,
        lines: [
          { arm: realArm, label: 'real labels', pick: trainProbe },
          { arm: randomArm, label: 'random labels', pick: trainProbe },
        ],
      },
    ],
  };
}

const labelNoiseSetup = '50 % label noise, MLP, SGD';

function labelNoiseClaims(): ClaimDefinition[] {
  const sgd = ARM.sgd;
  const robust = (id: string, claim: string, rule: string, r: string, c: string) => ({
    id,
    claim,
    rule,
    arms: [r, c],
    checkSeed: (recordOf: RecordOf) =>
      withRecords([r, c], recordOf, ([robustRecord, controlRecord]) =>
        robustBelowControlSeed({
          robust: finals(robustRecord),
          control: finals(controlRecord),
          names: { robust: r.replace('noise50-', ''), control: c.replace('noise50-', '') },
        }),
      ),
    figures: [
      memorizedFigure('memorized', [
        { arm: sgd, label: 'SGD', pick: (rec) => rec.accuracy.corrupt },
        {
          arm: c,
          label: c.replace('noise50-', '').toUpperCase(),
          pick: (rec) => rec.accuracy.corrupt,
        },
        {
          arm: r,
          label: r.replace('noise50-', '').toUpperCase(),
          pick: (rec) => rec.accuracy.corrupt,
        },
      ]),
    ],
  });
  return [
    {
      id: 'G5/P1-a',
      claim: `${labelNoiseSetup}: gradients of pristine (correctly labelled) examples are more coherent than those of corrupt examples.`,
      rule: G5A_RULE,
      arms: [sgd],
      checkSeed: (recordOf) =>
        withRecords([sgd], recordOf, ([r]) =>
          pristineAboveCorruptSeed({
            pristine: r.coherence.pristine,
            corrupt: r.coherence.corrupt,
          }),
        ),
      figures: [
        {
          key: 'probeCoherence',
          title: 'Pristine vs corrupt probe m-coherence (SGD, 50 % noise)',
          yLabel: 'm-coherence',
          logY: true,
          lines: [
            { arm: sgd, label: 'pristine probe', pick: (r) => r.coherence.pristine },
            { arm: sgd, label: 'corrupt probe', pick: (r) => r.coherence.corrupt },
          ],
        },
      ],
    },
    {
      id: 'G5/P1-b',
      claim: `${labelNoiseSetup}: pristine examples are learned before the corrupt ones are memorized.`,
      rule: G5B_RULE,
      arms: [sgd],
      checkSeed: (recordOf) =>
        withRecords([sgd], recordOf, ([r]) =>
          pristineLearnedFirstSeed({
            pristineAcc: r.accuracy.pristine,
            corruptAcc: r.accuracy.corrupt,
          }),
        ),
      figures: [
        {
          key: 'accuracy',
          title: 'Train accuracy on pristine and corrupt examples (training labels)',
          yLabel: 'accuracy',
          logY: false,
          lines: [
            { arm: sgd, label: 'pristine', pick: (r) => r.accuracy.pristine },
            { arm: sgd, label: 'corrupt (memorized)', pick: (r) => r.accuracy.corrupt },
          ],
        },
      ],
    },
    {
      id: 'G5/P1-c',
      claim: `${labelNoiseSetup}: test accuracy peaks early and falls as the noise is memorized (early stopping helps).`,
      rule: G5C_RULE,
      arms: [sgd],
      checkSeed: (recordOf) =>
        withRecords([sgd], recordOf, ([r]) => earlyStoppingGapSeed({ testAcc: r.accuracy.test })),
      figures: [
        {
          key: 'testAccuracy',
          title: 'Test accuracy (SGD, 50 % noise)',
          yLabel: 'accuracy',
          logY: false,
          lines: [{ arm: sgd, label: 'test', pick: (r) => r.accuracy.test }],
        },
      ],
    },
    {
      id: 'G7/P2',
      claim: `${labelNoiseSetup}: winsorizing each coordinate's per-example gradients (clipping c % on each side) reduces memorization of the noise, more with larger c.`,
      rule: P2_RULE,
      arms: WINSORIZATION_CS.map(ARM.winsorized),
      checkSeed: (recordOf) => {
        const arms = WINSORIZATION_CS.map(ARM.winsorized);
        return withRecords(arms, recordOf, (records) =>
          winsorizationSeed({
            byC: new Map(WINSORIZATION_CS.map((c, i) => [c, finals(records[i])])),
          }),
        );
      },
      figures: [
        memorizedFigure(
          'memorized',
          WINSORIZATION_CS.map((c) => ({
            arm: ARM.winsorized(c),
            label: `c = ${c}`,
            pick: (r: RunRecord) => r.accuracy.corrupt,
          })),
        ),
        {
          key: 'pristineAccuracy',
          title: 'Pristine train accuracy (the cost of winsorizing)',
          yLabel: 'accuracy',
          logY: false,
          lines: WINSORIZATION_CS.map((c) => ({
            arm: ARM.winsorized(c),
            label: `c = ${c}`,
            pick: (r: RunRecord) => r.accuracy.pristine,
          })),
        },
      ],
    },
    robust(
      'G7/P4-RM3',
      `${labelNoiseSetup}: the coordinate-wise median of the last three minibatch gradients (RM3) memorizes less than their mean (RA3).`,
      P4_RM3_RULE,
      ARM.rm3,
      ARM.ra3,
    ),
    robust(
      'G7/P4-M3',
      `${labelNoiseSetup}: M3's lower memorization comes from the median itself, not only from its 3× effective batch (control A3).`,
      P4_M3_RULE,
      ARM.m3,
      ARM.a3,
    ),
  ];
}

const risingClaim: ClaimDefinition = {
  id: 'P3',
  claim:
    'On 100 % random labels, a small CNN’s probe m-coherence rises before the network starts to fit the labels.',
  rule: P3_RULE,
  arms: [ARM.randomCnn],
  checkSeed: (recordOf) =>
    withRecords([ARM.randomCnn], recordOf, ([r]) =>
      riseBeforeFitSeed({ coherence: r.coherence.train, trainAcc: r.accuracy.train }),
    ),
  figures: [
    {
      key: 'probeCoherence',
      title: 'Train-probe m-coherence, small CNN on random labels',
      yLabel: 'm-coherence',
      logY: true,
      lines: [{ arm: ARM.randomCnn, label: 'random labels', pick: trainProbe }],
    },
    {
      key: 'trainAccuracy',
      title: 'Train accuracy on the random labels',
      yLabel: 'accuracy',
      logY: false,
      lines: [{ arm: ARM.randomCnn, label: 'train', pick: (r) => r.accuracy.train }],
    },
  ],
};

const testAcc = (r: RunRecord): StepSeries => r.accuracy.test;

function easyHardClaims(): ClaimDefinition[] {
  const { easyHardReference: reference, easy, hard } = ARM;
  return [
    {
      id: 'G6/P5',
      claim:
        'MNIST MLP: examples learned early (easy: classified right when a reference run is stopped at 40–60 % train accuracy) generalize to each other better than the rest (hard) — a fresh model trained and tested on easy examples beats one trained and tested on hard ones.',
      rule: G6_RULE,
      arms: [reference, easy, hard],
      checkSeed: (recordOf) =>
        withRecords([reference, easy, hard], recordOf, ([ref, e, h]) =>
          easyAboveHardSeed({
            referenceTrainAcc: ref.accuracy.train,
            easyTestAcc: e.accuracy.test,
            hardTestAcc: h.accuracy.test,
          }),
        ),
      figures: [
        {
          key: 'testAccuracy',
          title: 'Test accuracy on the held-out examples of the part each model trained on',
          yLabel: 'accuracy',
          logY: false,
          lines: [
            { arm: easy, label: 'easy → easy', pick: testAcc },
            { arm: hard, label: 'hard → hard', pick: testAcc },
          ],
        },
        {
          key: 'referenceTrainAccuracy',
          title: 'Reference run: train accuracy (the easy fraction at its last step)',
          yLabel: 'accuracy',
          logY: false,
          lines: [{ arm: reference, label: 'reference', pick: (r) => r.accuracy.train }],
        },
      ],
    },
    {
      id: 'G6/P5-reliability',
      claim:
        'MNIST MLP: the same examples are easy under different seeds (learned early reliably, not by chance).',
      rule: G6_RELIABILITY_RULE,
      arms: [reference],
      readsLearnTimesOf: [reference],
      checkSeed: (recordOf, context) => {
        const index = context.seeds.indexOf(context.seed);
        const other = context.seeds[(index + 1) % context.seeds.length];
        const a = recordOf(reference)?.learnedAtEnd;
        const b = context.recordOfSeed(other)(reference)?.learnedAtEnd;
        if (other === context.seed || !a || !b) {
          return {
            outcome: 'undetermined',
            numbers: { otherSeed: other === context.seed ? null : other },
            note:
              other === context.seed
                ? 'needs a second seed'
                : `no completed reference run with learn times for seed ${!a ? context.seed : other}`,
          };
        }
        const result = easyReliabilitySeed({ a, b });
        return { ...result, numbers: { otherSeed: other, ...result.numbers } };
      },
      figures: [],
    },
  ];
}

const adversarialInitClaim: ClaimDefinition = {
  id: 'adversarial-init',
  claim:
    'MNIST MLP (a proxy for adversarial initialization): training on real labels from weights pretrained on random labels generalizes worse than the same training from fresh weights.',
  rule: ADVERSARIAL_INIT_RULE,
  arms: [ARM.fromRandom, ARM.freshStart],
  checkSeed: (recordOf) =>
    withRecords([ARM.fromRandom, ARM.freshStart], recordOf, ([adversarial, fresh]) =>
      adversarialInitSeed({
        fromRandomTestAcc: adversarial.accuracy.test,
        freshTestAcc: fresh.accuracy.test,
      }),
    ),
  figures: [
    {
      key: 'testAccuracy',
      title: 'Test accuracy on real labels: from random-label weights vs fresh weights',
      yLabel: 'accuracy',
      logY: false,
      lines: [
        { arm: ARM.fromRandom, label: 'from random-label weights', pick: testAcc },
        { arm: ARM.freshStart, label: 'fresh weights', pick: testAcc },
      ],
    },
    {
      key: 'probeCoherence',
      title: 'Train-probe m-coherence on real labels',
      yLabel: 'm-coherence',
      logY: true,
      lines: [
        { arm: ARM.fromRandom, label: 'from random-label weights', pick: trainProbe },
        { arm: ARM.freshStart, label: 'fresh weights', pick: trainProbe },
      ],
    },
  ],
};

/** G4: the exact linear toy; the numbers are deterministic, the figure shows the test error. */
const linearToyClaim: ClaimDefinition = {
  id: 'G4',
  claim:
    'In the exact linear toy (5 examples, a bias-free linear model, GD from 0), a feature shared by every example gets a summed gradient 4× larger, is learned first and generalizes (low test error); without it, GD memorizes (test error stays 1).',
  rule: G4_RULE,
  arms: [ARM.toyReal, ARM.toyRandom, ARM.toyRealStep1],
  checkSeed: (recordOf) =>
    withRecords(
      [ARM.toyReal, ARM.toyRandom, ARM.toyRealStep1],
      recordOf,
      ([real, random, oneStep]) => {
        const atStep0 = (series: StepSeries): number | null =>
          series.steps[0] === 0 ? series.values[0] : null;
        const squaredError = (r: RunRecord): number | null => {
          const last = r.loss ? lastPoint(r.loss.test) : null;
          return last ? 2 * last.value : null;
        };
        return linearToySeed({
          weightsAfterStep1: oneStep.finalWeights?.['dense1/kernel'] ?? null,
          initCoherence: {
            real: atStep0(real.coherence.train),
            random: atStep0(random.coherence.train),
          },
          finalTestError: { real: squaredError(real), random: squaredError(random) },
        });
      },
    ),
  figures: [
    {
      key: 'testError',
      title: 'Linear toy: test squared error (z − t)², real vs random',
      yLabel: '(z − t)² on the test example',
      logY: true,
      lines: [
        { arm: ARM.toyReal, label: 'real (shared feature)', pick: testSquaredError },
        { arm: ARM.toyRandom, label: 'random (no shared feature)', pick: testSquaredError },
      ],
    },
    {
      key: 'probeCoherence',
      title: 'Linear toy: train-probe m-coherence (m = 4)',
      yLabel: 'm-coherence',
      logY: false,
      lines: [
        { arm: ARM.toyReal, label: 'real', pick: trainProbe },
        { arm: ARM.toyRandom, label: 'random', pick: trainProbe },
      ],
    },
  ],
};

/** 2 × the tool's ½-scaled squared-error loss: the source's (z − t)². */
function testSquaredError(record: RunRecord): StepSeries {
  const series = record.loss?.test ?? EMPTY_SERIES;
  return { steps: series.steps, values: series.values.map((v) => 2 * v) };
}

/** P3's layer verdict on its real-label arm. */
const layerClaim: ClaimDefinition = {
  id: 'P3-layers',
  claim:
    'With real labels, a small CNN’s convolution layers are more coherent than its dense layer (per-layer m-coherence N_ℓ/Q_ℓ of the train probe).',
  rule: P3_LAYERS_RULE,
  arms: [ARM.realCnn],
  checkSeed: (recordOf) =>
    withRecords([ARM.realCnn], recordOf, ([r]) =>
      convAboveDenseSeed({ layers: r.trainLayers ?? [] }),
    ),
  figures: [
    {
      key: 'layerCoherence',
      title: 'Per-kind m-coherence (ΣN_ℓ/ΣQ_ℓ over the layers of a kind), real labels',
      yLabel: 'm-coherence',
      logY: true,
      lines: (['conv', 'dense'] as const).map((kind) => ({
        arm: ARM.realCnn,
        label: `${kind} layers`,
        pick: (r: RunRecord) => kindSeries(r, kind),
      })),
    },
  ],
};

/** ΣN/ΣQ over the layers of one kind at every measurement (SPEC 1.1's grouping). */
function kindSeries(record: RunRecord, kind: string): StepSeries {
  const steps: number[] = [];
  const values: number[] = [];
  for (const point of record.trainLayers ?? []) {
    let n = 0;
    let q = 0;
    for (const [name, sums] of Object.entries(point.layers)) {
      if (layerKindOfName(name) !== kind) continue;
      n += sums.N;
      q += sums.Q;
    }
    if (q > 0) {
      steps.push(point.step);
      values.push(n / q);
    }
  }
  return { steps, values };
}

/** G3: G1's rule in every cell of the model × dataset grid that the suite trains. */
function gridClaim(cells: readonly RealVsRandomCell[]): ClaimDefinition {
  const arms = cells.flatMap((c) => [c.real, c.random]);
  const name = (c: RealVsRandomCell): string => `${c.model} ${c.dataset}`;
  return {
    id: 'G3',
    claim: `G1’s real-vs-random gap holds in every cell of {MLP, small CNN, BatchNorm-free ResNet-8 (GroupNorm)} × {${[...new Set(cells.map((c) => c.dataset))].join(', ')}}.`,
    rule: `G1’s rule in every cell (${cells.map(name).join('; ')}): ${G1_RULE} A seed holds only when every cell holds for it, and fails when any cell fails.`,
    arms,
    checkSeed: (recordOf) => {
      const results = cells.map((c) => ({
        cell: c,
        result: withRecords([c.real, c.random], recordOf, ([real, random]) =>
          realVsRandomSeed({ real: real.coherence.train, random: random.coherence.train }),
        ),
      }));
      const numbers: Record<string, number | null> = {};
      for (const { cell, result } of results) {
        const key = `${cell.model}-${cell.dataset}`.replace(/[^\w-]/g, '');
        numbers[`medianRatio_${key}`] = result.numbers.medianRatio ?? null;
        numbers[`randomAtMost5Share_${key}`] = result.numbers.randomAtMost5Share ?? null;
      }
      const failing = results.filter((r) => r.result.outcome === 'fails');
      const open = results.filter((r) => r.result.outcome === 'undetermined');
      const describe = (list: typeof results): string =>
        list.map((r) => `${name(r.cell)}: ${r.result.note}`).join('; ');
      if (failing.length) return { outcome: 'fails', numbers, note: describe(failing) };
      if (open.length) return { outcome: 'undetermined', numbers, note: describe(open) };
      return { outcome: 'holds', numbers, note: '' };
    },
    figures: cells.map((c) => ({
      key: `probeCoherence-${c.real}`,
      title: `${name(c)}: train-probe m-coherence, real vs random labels`,
      yLabel: 'm-coherence',
      logY: true,
      lines: [
        { arm: c.real, label: 'real labels', pick: trainProbe },
        { arm: c.random, label: 'random labels', pick: trainProbe },
      ],
    })),
  };
}

/** Every claim the suite can check, kept to those whose arms the tier trains. */
export function suiteClaims(arms: readonly SuiteArm[]): ClaimDefinition[] {
  const all: ClaimDefinition[] = [
    realVsRandomClaim('G1', 'MNIST, MLP', ARM.real, ARM.random),
    realVsRandomClaim('G1-fashion', 'Fashion-MNIST, MLP', ARM.fashionReal, ARM.fashionRandom),
    realVsRandomClaim('G1-cnn', 'MNIST, small CNN', ARM.cnnReal, ARM.cnnRandom),
    ...labelNoiseClaims(),
    risingClaim,
    ...easyHardClaims(),
    adversarialInitClaim,
    layerClaim,
    linearToyClaim,
  ];
  const trained = new Set(arms.map((a) => a.key));
  // G3 over the cells the tier trains (CIFAR-10 only when imported), if its grid is there at all.
  const cells = G3_CELLS.filter((c) => trained.has(c.real) && trained.has(c.random));
  if (cells.some((c) => c.model === 'ResNet')) all.push(gridClaim(cells));
  return all.filter((claim) => claim.arms.every((arm) => trained.has(arm)));
}
