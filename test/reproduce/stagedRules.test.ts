import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src-main/engine/rng';
import type { StepSeries } from '../../src-main/reproduce/stepSeries';
import {
  adversarialInitSeed,
  easyAboveHardSeed,
  easyReliabilitySeed,
  type LearnedAtEnd,
} from '../../src-main/reproduce/verdictRules';

/** The rules of the two-stage claims: G6/P5, its reliability figure, adversarial init. */
const ending = (value: number): StepSeries => ({ steps: [0, 50, 100], values: [0.1, 0.3, value] });

describe('G6/P5: easy→easy vs hard→hard test accuracy', () => {
  it('holds at a difference of 0.05, fails just under it, using final values', () => {
    const holds = easyAboveHardSeed({
      referenceTrainAcc: ending(0.52),
      easyTestAcc: ending(0.75),
      hardTestAcc: ending(0.7),
    });
    expect(holds.outcome).toBe('holds');
    expect(holds.numbers).toEqual({
      referenceTrainAcc: 0.52,
      easyToEasyTestAcc: 0.75,
      hardToHardTestAcc: 0.7,
      difference: 0.05,
    });
    const fails = easyAboveHardSeed({
      referenceTrainAcc: ending(0.52),
      easyTestAcc: ending(0.749),
      hardTestAcc: ending(0.7),
    });
    expect(fails.outcome).toBe('fails');
  });

  it('cannot judge a reference that ended outside the 40–60 % band', () => {
    for (const acc of [0.39, 0.61]) {
      const result = easyAboveHardSeed({
        referenceTrainAcc: ending(acc),
        easyTestAcc: ending(0.99),
        hardTestAcc: ending(0.5),
      });
      expect(result.outcome).toBe('undetermined');
      expect(result.note).toMatch(/outside the 40–60 % train-accuracy band/);
    }
  });
});

describe('G6/P5 reliability: the same examples are easy under another seed', () => {
  /** Brute force over the examples both runs trained on. */
  function reference(a: LearnedAtEnd, b: LearnedAtEnd) {
    const common = a.sourceIndex.filter((s) => b.sourceIndex.includes(s));
    const easyA = (s: number) => a.learned[a.sourceIndex.indexOf(s)];
    const easyB = (s: number) => b.learned[b.sourceIndex.indexOf(s)];
    const alsoEasy =
      common.filter((s) => easyA(s) && easyB(s)).length / common.filter(easyA).length;
    return {
      common: common.length,
      excess: alsoEasy - common.filter(easyB).length / common.length,
    };
  }

  it('matches the brute-force share over common examples on random overlapping runs', () => {
    const rng = new SeededRandom(5);
    const run = (seed: number): LearnedAtEnd => {
      const sourceIndex = Array.from(SeededRandom.forPurpose(seed, 'x').sample(400, 250));
      // Examples below 150 are easy for every run; the rest at random.
      return { sourceIndex, learned: sourceIndex.map((s) => s < 150 || rng.next() < 0.3) };
    };
    const a = run(1);
    const b = run(2);
    const expected = reference(a, b);
    const result = easyReliabilitySeed({ a, b });
    expect(result.numbers.commonExamples).toBe(expected.common);
    expect(result.numbers.excess).toBeCloseTo(expected.excess, 4);
    expect(result.outcome).toBe(expected.excess >= 0.1 ? 'holds' : 'fails');
    expect(expected.excess).toBeGreaterThan(0.1);
  });

  it('fails when easiness is unrelated between seeds, and cannot judge disjoint runs', () => {
    const a = { sourceIndex: [1, 2, 3, 4], learned: [true, true, false, false] };
    const b = { sourceIndex: [1, 2, 3, 4], learned: [true, false, true, false] };
    const result = easyReliabilitySeed({ a, b });
    expect(result.numbers).toMatchObject({ alsoEasyUnderBShare: 0.5, easyUnderBShare: 0.5 });
    expect(result.outcome).toBe('fails');
    const disjoint = easyReliabilitySeed({ a, b: { sourceIndex: [9], learned: [true] } });
    expect(disjoint.outcome).toBe('undetermined');
  });
});

describe('adversarial initialization (proxy)', () => {
  it('holds when the run from random-label weights ends ≥ 0.01 below the fresh start', () => {
    const holds = adversarialInitSeed({
      fromRandomTestAcc: ending(0.88),
      freshTestAcc: ending(0.9),
    });
    expect(holds).toMatchObject({ outcome: 'holds', numbers: { cost: 0.02 } });
    const fails = adversarialInitSeed({
      fromRandomTestAcc: ending(0.895),
      freshTestAcc: ending(0.9),
    });
    expect(fails.outcome).toBe('fails');
    const missing = adversarialInitSeed({
      fromRandomTestAcc: { steps: [], values: [] },
      freshTestAcc: ending(0.9),
    });
    expect(missing.outcome).toBe('undetermined');
  });
});
