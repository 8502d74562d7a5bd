import { lastPoint, type StepSeries } from './stepSeries';
import type { SeedResult } from './seedVerdicts';
import { ARM, WINSORIZATION_CS, type SuiteArm } from './suiteDefinition';
import type { RunRecord } from './suiteData';
import {
  ADVERSARIAL_INIT_RULE,
  G1_RULE,
  G5A_RULE,
  G6_RELIABILITY_RULE,
  G6_RULE,
  G5B_RULE,
  G5C_RULE,
  P2_RULE,
  P3_RULE,
  P4_M3_RULE,
  P4_RM3_RULE,
  adversarialInitSeed,
  earlyStoppingGapSeed,
  easyAboveHardSeed,
  easyReliabilitySeed,
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
  ];
  const trained = new Set(arms.map((a) => a.key));
  return all.filter((claim) => claim.arms.every((arm) => trained.has(arm)));
}
