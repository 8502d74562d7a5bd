import { describe, expect, it } from 'vitest';
import { combineSeeds, type SeedCheck } from '../../src-main/reproduce/seedVerdicts';
import type { StepSeries } from '../../src-main/reproduce/stepSeries';
import {
  earlyStoppingGapSeed,
  pristineAboveCorruptSeed,
  pristineLearnedFirstSeed,
  realVsRandomSeed,
  riseBeforeFitSeed,
  robustBelowControlSeed,
  winsorizationSeed,
  type ArmFinals,
} from '../../src-main/reproduce/verdictRules';

/** The evaluation schedule's early steps (engine/train/evaluationSchedule.ts) and a few more. */
const STEPS = [0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 35, 50, 75, 100, 150, 200, 250, 300, 500, 750];
const series = (value: (step: number, i: number) => number, steps = STEPS): StepSeries => ({
  steps,
  values: steps.map(value),
});
const constant = (v: number, steps = STEPS): StepSeries => series(() => v, steps);

describe('G1: real vs random probe m-coherence', () => {
  it('holds when real is ≥ 3× random over steps 25–500 and random stays ≤ 5', () => {
    const result = realVsRandomSeed({ real: constant(12), random: constant(3) });
    expect(result.outcome).toBe('holds');
    expect(result.numbers.medianRatio).toBe(4);
    expect(result.numbers.randomAtMost5Share).toBe(1);
    // Steps 25…500 logged by both: 25, 35, 50, 75, 100, 150, 200, 250, 300, 500.
    expect(result.numbers.ratioSteps).toBe(10);
  });

  it('fails on a median ratio just under 3, and only steps 25–500 count', () => {
    // Ratio 2.9 inside the window, 100 outside it (before 25 and at 750): still fails.
    const real = series((s) => (s < 25 || s > 500 ? 300 : 8.7));
    const result = realVsRandomSeed({ real, random: constant(3) });
    expect(result.outcome).toBe('fails');
    expect(result.numbers.medianRatio).toBeCloseTo(2.9, 10);
    expect(result.note).toMatch(/median ratio < 3/);
  });

  it('fails when random-label m-coherence exceeds 5 at more than 20 % of steps ≥ 25', () => {
    // 11 logged steps ≥ 25; random = 6 at the last 3 (300, 500, 750) → 8/11 ≈ 0.727 < 0.8.
    const random = series((s) => (s >= 300 ? 6 : 2));
    const result = realVsRandomSeed({ real: constant(100), random });
    expect(result.outcome).toBe('fails');
    expect(result.numbers.randomAtMost5Share).toBeCloseTo(8 / 11, 4);
    expect(result.note).toMatch(/random > 5/);
    // 2 of 11 above 5 → 9/11 ≈ 0.818 ≥ 0.8: holds.
    const fewer = series((s) => (s >= 500 ? 6 : 2));
    expect(realVsRandomSeed({ real: constant(100), random: fewer }).outcome).toBe('holds');
  });

  it('is undetermined when no step ≥ 25 was logged', () => {
    const short = [0, 1, 2, 3, 5, 10, 20];
    const result = realVsRandomSeed({ real: constant(30, short), random: constant(2, short) });
    expect(result.outcome).toBe('undetermined');
  });
});

describe('G5/P1 (a): pristine above corrupt probe m-coherence', () => {
  it('holds at ≥ 80 % of logged steps ≥ 25 and fails below', () => {
    // 11 steps ≥ 25. Corrupt above at the last 2 → 9/11 ≈ 0.82: holds; last 3 → 8/11: fails.
    const pristine = constant(4);
    const two = series((s) => (s >= 500 ? 5 : 2));
    const three = series((s) => (s >= 300 ? 5 : 2));
    expect(pristineAboveCorruptSeed({ pristine, corrupt: two }).outcome).toBe('holds');
    const failing = pristineAboveCorruptSeed({ pristine, corrupt: three });
    expect(failing.outcome).toBe('fails');
    expect(failing.numbers.pristineAboveShare).toBeCloseTo(8 / 11, 4);
  });

  it('counts ties as not above', () => {
    expect(pristineAboveCorruptSeed({ pristine: constant(3), corrupt: constant(3) }).outcome).toBe(
      'fails',
    );
  });
});

describe('G5/P1 (b): pristine learned before corrupt memorized', () => {
  const acc = (points: Array<[number, number]>): StepSeries => ({
    steps: points.map((p) => p[0]),
    values: points.map((p) => p[1]),
  });

  it('holds when pristine reaches 0.9 at an earlier step than corrupt reaches 0.3', () => {
    const result = pristineLearnedFirstSeed({
      pristineAcc: acc([
        [0, 0.1],
        [100, 0.92],
        [200, 0.95],
      ]),
      corruptAcc: acc([
        [0, 0.1],
        [100, 0.2],
        [200, 0.31],
      ]),
    });
    expect(result).toMatchObject({
      outcome: 'holds',
      numbers: { pristineReaches09At: 100, corruptReaches03At: 200 },
    });
  });

  it('fails when both cross at the same step, or the corrupt threshold comes first', () => {
    const same = pristineLearnedFirstSeed({
      pristineAcc: acc([
        [0, 0.1],
        [100, 0.9],
      ]),
      corruptAcc: acc([
        [0, 0.1],
        [100, 0.3],
      ]),
    });
    expect(same.outcome).toBe('fails');
    const neverPristine = pristineLearnedFirstSeed({
      pristineAcc: acc([[100, 0.8]]),
      corruptAcc: acc([[100, 0.5]]),
    });
    expect(neverPristine.outcome).toBe('fails');
  });

  it('holds when corrupt never reaches 0.3; undetermined when neither threshold is reached', () => {
    expect(
      pristineLearnedFirstSeed({ pristineAcc: acc([[50, 0.95]]), corruptAcc: acc([[50, 0.1]]) })
        .outcome,
    ).toBe('holds');
    expect(
      pristineLearnedFirstSeed({ pristineAcc: acc([[50, 0.5]]), corruptAcc: acc([[50, 0.1]]) })
        .outcome,
    ).toBe('undetermined');
  });
});

describe('G5/P1 (c): early-stopping gap', () => {
  const test = (values: number[]): StepSeries => ({
    steps: values.map((_, i) => i * 100),
    values,
  });

  it('holds when best − final ≥ 0.05 with the best before the last step', () => {
    const result = earlyStoppingGapSeed({ testAcc: test([0.5, 0.875, 0.8, 0.689]) });
    expect(result.outcome).toBe('holds');
    expect(result.numbers).toMatchObject({ bestTestAcc: 0.875, bestStep: 100, gap: 0.186 });
  });

  it('fails on a gap of 0.04 and when the best is the last evaluation', () => {
    expect(earlyStoppingGapSeed({ testAcc: test([0.5, 0.84, 0.8]) }).outcome).toBe('fails');
    const rising = earlyStoppingGapSeed({ testAcc: test([0.5, 0.7, 0.9]) });
    expect(rising.outcome).toBe('fails');
    expect(rising.note).toMatch(/gap < 0.05/);
  });

  it('is undetermined with a single evaluation', () => {
    expect(earlyStoppingGapSeed({ testAcc: test([0.5]) }).outcome).toBe('undetermined');
  });
});

describe('G7/P2: winsorization', () => {
  const arms = (memorized: number[], pristine = [0.95, 0.94, 0.93, 0.92, 0.9]) =>
    new Map<number, ArmFinals>(
      [0, 1, 2, 4, 8].map((c, i) => [c, { memorized: memorized[i], pristineAcc: pristine[i] }]),
    );

  it('holds for the calibration-like decrease and reports the pristine cost', () => {
    const result = winsorizationSeed({ byC: arms([0.6, 0.4, 0.24, 0.1, 0.05]) });
    expect(result.outcome).toBe('holds');
    expect(result.numbers.pristineCost_c0_minus_c8).toBe(0.05);
    expect(result.numbers.memorized_c8).toBe(0.05);
  });

  it('tolerates a rise of 0.02 between any two c but not more', () => {
    expect(winsorizationSeed({ byC: arms([0.6, 0.615, 0.24, 0.1, 0.05]) }).outcome).toBe('holds');
    const rising = winsorizationSeed({ byC: arms([0.6, 0.4, 0.24, 0.1, 0.265]) });
    expect(rising.outcome).toBe('fails');
    // 0.265 > 0.24 + 0.02 and > 0.1 + 0.02: both pairs are named.
    expect(rising.note).toMatch(/c=8 > c=2/);
    expect(rising.note).toMatch(/c=8 > c=4/);
  });

  it('fails when c = 8 is not below half of c = 0', () => {
    const result = winsorizationSeed({ byC: arms([0.6, 0.5, 0.4, 0.35, 0.3]) });
    expect(result.outcome).toBe('fails');
    expect(result.note).toMatch(/c=8 not below half/);
  });

  it('is undetermined when an arm has no memorized fraction', () => {
    const byC = arms([0.6, 0.4, 0.24, 0.1, 0.05]);
    byC.set(4, { memorized: null, pristineAcc: null });
    expect(winsorizationSeed({ byC }).outcome).toBe('undetermined');
  });
});

describe('G7/P4: robust median vs its mean control', () => {
  const names = { robust: 'rm3', control: 'ra3' };
  const arm = (memorized: number | null): ArmFinals => ({ memorized, pristineAcc: 0.9 });

  it('holds at a reduction ≥ 0.03 (calibration: RM3 0.50 vs RA3 0.57) and fails below', () => {
    const holds = robustBelowControlSeed({ robust: arm(0.5), control: arm(0.57), names });
    expect(holds.outcome).toBe('holds');
    expect(holds.numbers.reduction).toBe(0.07);
    // Calibration M3 0.11 vs A3 0.12: the median earns no credit.
    const m3 = robustBelowControlSeed({
      robust: arm(0.11),
      control: arm(0.12),
      names: { robust: 'm3', control: 'a3' },
    });
    expect(m3.outcome).toBe('fails');
    expect(m3.note).toMatch(/m3 not ≥ 0.03 below a3/);
  });

  it('is undetermined when a memorized fraction is missing', () => {
    expect(robustBelowControlSeed({ robust: arm(null), control: arm(0.5), names }).outcome).toBe(
      'undetermined',
    );
  });
});

describe('P3: rise before the fit', () => {
  const steps = [0, 25, 50, 100, 200, 400, 800];
  const trainAcc = { steps, values: [0.1, 0.1, 0.12, 0.2, 0.3, 0.55, 0.9] };

  it('holds when coherence doubles after its post-25 minimum, up to the fit step', () => {
    const coherence = { steps, values: [30, 4, 2, 3, 4.5, 5, 50] };
    const result = riseBeforeFitSeed({ coherence, trainAcc });
    expect(result.outcome).toBe('holds');
    expect(result.numbers).toMatchObject({ fitStep: 400, minAfter25: 2, maxAfterMin: 5 });
  });

  it('fails on a pure decay: the largest value before the minimum does not count', () => {
    const coherence = { steps, values: [30, 20, 10, 6, 5, 4, 50] };
    const result = riseBeforeFitSeed({ coherence, trainAcc });
    expect(result.outcome).toBe('fails');
    expect(result.numbers.riseRatio).toBe(1);
  });

  it('ignores values after the fit step and is undetermined if the fit never comes', () => {
    const coherence = { steps, values: [30, 4, 2, 3, 3.5, 3.9, 500] };
    expect(riseBeforeFitSeed({ coherence, trainAcc }).outcome).toBe('fails');
    const neverFits = { steps, values: trainAcc.values.map(() => 0.2) };
    expect(riseBeforeFitSeed({ coherence, trainAcc: neverFits }).outcome).toBe('undetermined');
  });
});

describe('combining seeds into a verdict', () => {
  const seeds = (...outcomes: SeedCheck['outcome'][]): SeedCheck[] =>
    outcomes.map((outcome, i) => ({ seed: i + 1, outcome, numbers: {}, note: '' }));

  it('holds only when every one of at least 3 seeds holds', () => {
    expect(combineSeeds(seeds('holds', 'holds', 'holds')).verdict).toBe('holds');
    expect(combineSeeds(seeds('holds', 'holds', 'holds', 'holds')).verdict).toBe('holds');
  });

  it('fails when every seed fails', () => {
    const verdict = combineSeeds(seeds('fails', 'fails', 'fails'));
    expect(verdict.verdict).toBe('fails');
    expect(verdict.reason).toBe('0 of 3 seeds hold, 3 fail');
  });

  it('is inconclusive when seeds disagree, a seed is undetermined, or there are too few seeds', () => {
    expect(combineSeeds(seeds('holds', 'fails', 'holds')).verdict).toBe('inconclusive');
    expect(combineSeeds(seeds('holds', 'holds', 'undetermined')).verdict).toBe('inconclusive');
    const few = combineSeeds(seeds('holds', 'holds'));
    expect(few.verdict).toBe('inconclusive');
    expect(few.reason).toMatch(/needs at least 3 seeds/);
    expect(combineSeeds(seeds('fails')).verdict).toBe('inconclusive');
  });
});
