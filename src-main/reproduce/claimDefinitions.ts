import { lastPoint, type StepSeries } from './stepSeries';
import type { SeedResult } from './seedVerdicts';
import { ARM, WINSORIZATION_CS, type SuiteArm } from './suiteDefinition';
import type { RunRecord } from './suiteData';
import {
  G1_RULE,
  G5A_RULE,
  G5B_RULE,
  G5C_RULE,
  P2_RULE,
  P3_RULE,
  P4_M3_RULE,
  P4_RM3_RULE,
  earlyStoppingGapSeed,
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

export interface ClaimDefinition {
  readonly id: string;
  readonly claim: string;
  readonly rule: string;
  readonly arms: readonly string[];
  readonly checkSeed: (recordOf: RecordOf) => SeedResult;
  readonly figures: readonly FigureDefinition[];
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

/** Every claim the suite can check, kept to those whose arms the tier trains. */
export function suiteClaims(arms: readonly SuiteArm[]): ClaimDefinition[] {
  const all: ClaimDefinition[] = [
    realVsRandomClaim('G1', 'MNIST, MLP', ARM.real, ARM.random),
    realVsRandomClaim('G1-fashion', 'Fashion-MNIST, MLP', ARM.fashionReal, ARM.fashionRandom),
    realVsRandomClaim('G1-cnn', 'MNIST, small CNN', ARM.cnnReal, ARM.cnnRandom),
    ...labelNoiseClaims(),
    risingClaim,
  ];
  const trained = new Set(arms.map((a) => a.key));
  return all.filter((claim) => claim.arms.every((arm) => trained.has(arm)));
}
