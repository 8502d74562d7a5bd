import { describe, expect, it } from 'vitest';
import {
  adjustedOverfit,
  memorizationFreeTrainAcc,
  probeCoherenceFigures,
  summarizeOutcome,
  type SeriesPoint,
} from '../../src-main/analysis/runSummary';

const series = (pairs: Array<[number, number]>): SeriesPoint[] =>
  pairs.map(([step, value]) => ({ step, value }));

describe('summary figures, each against a hand-computed example', () => {
  it('memorization-free train accuracy: (1 − q)·a + q·(1 − a)/(K − 1)', () => {
    // a = 0.8, q = 0.5, K = 10: 0.5·0.8 + 0.5·0.2/9 = 0.4 + 0.0111… = 0.41111…
    expect(memorizationFreeTrainAcc(0.8, 0.5, 10)).toBeCloseTo(0.411111111111, 12);
    // No changed labels: a model that memorizes nothing scores its test accuracy.
    expect(memorizationFreeTrainAcc(0.8, 0, 10)).toBeCloseTo(0.8, 15);
    // All labels changed (uniform noise): right only when it predicts that wrong class.
    expect(memorizationFreeTrainAcc(0.1, 1, 10)).toBeCloseTo(0.1, 15);
    expect(memorizationFreeTrainAcc(0.91, 1, 10)).toBeCloseTo(0.01, 15);
  });

  it('adjusted overfit = train acc − the memorization-free train acc', () => {
    expect(adjustedOverfit(0.9, 0.8, 0.5, 10)).toBeCloseTo(0.9 - 0.411111111111, 12);
    // A model that fits every changed label and generalizes at 0.8: 1 − 0.4111 = 0.5889.
    expect(adjustedOverfit(1, 0.8, 0.5, 10)).toBeCloseTo(0.588888888889, 12);
    // Permute noise at p = 0.5 with K = 10 changes about 0.45 of the labels, not 0.5.
    expect(adjustedOverfit(0.7, 0.8, 0.45, 10)).toBeCloseTo(
      0.7 - (0.55 * 0.8 + (0.45 * 0.2) / 9),
      12,
    );
  });

  it('probe m-coherence: value at init, peak after init and final, each with its step', () => {
    const figures = probeCoherenceFigures(
      series([
        [0, 9.37],
        [1, 8.1],
        [25, 12.5],
        [100, 4],
        [200, 3.2],
      ]),
    );
    expect(figures).toEqual({
      init: { value: 9.37, step: 0 },
      peak: { value: 12.5, step: 25 },
      final: { value: 3.2, step: 200 },
    });
    // When initialization is the largest value, the peak is still the largest one after it.
    expect(
      probeCoherenceFigures(
        series([
          [0, 20],
          [5, 7],
          [10, 9],
        ]),
      ).peak,
    ).toEqual({
      value: 9,
      step: 10,
    });
    expect(probeCoherenceFigures(series([[0, 20]]))).toEqual({
      init: { value: 20, step: 0 },
      peak: null,
      final: { value: 20, step: 0 },
    });
    // Non-finite values (m = 1, all-zero gradients) never become a figure.
    expect(
      probeCoherenceFigures(
        series([
          [0, Number.NaN],
          [3, 2],
        ]),
      ),
    ).toEqual({
      init: null,
      peak: { value: 2, step: 3 },
      final: { value: 2, step: 3 },
    });
  });

  it('summarizes a run: final/best test accuracy, memorized fraction, adjusted overfit', () => {
    const outcome = summarizeOutcome({
      trainAcc: series([
        [0, 0.1],
        [100, 0.7],
        [200, 0.95],
      ]),
      testAcc: series([
        [0, 0.1],
        [100, 0.86],
        [200, 0.7],
      ]),
      trainLoss: series([[200, 0.2]]),
      testLoss: series([[200, 1.1]]),
      pristineAcc: series([[200, 0.98]]),
      corruptAcc: series([
        [100, 0.2],
        [200, 0.9],
      ]),
      trainProbeCoherence: series([
        [0, 9],
        [50, 11],
        [200, 2],
      ]),
      changedFraction: 0.45,
      numClasses: 10,
    });
    expect(outcome).toMatchObject({
      finalTrainAcc: 0.95,
      finalTestAcc: 0.7,
      bestTestAcc: 0.86,
      bestTestStep: 100,
      finalPristineAcc: 0.98,
      memorizedFraction: 0.9,
      probeCoherence: {
        init: { value: 9, step: 0 },
        peak: { value: 11, step: 50 },
        final: { value: 2, step: 200 },
      },
    });
    expect(outcome.adjustedOverfit).toBeCloseTo(0.95 - (0.55 * 0.7 + (0.45 * 0.3) / 9), 12);
  });

  it('leaves out what a run cannot tell: no corrupt series, unknown q', () => {
    const outcome = summarizeOutcome({
      trainAcc: series([[10, 0.9]]),
      testAcc: series([[10, 0.8]]),
      trainLoss: [],
      testLoss: [],
      pristineAcc: [],
      corruptAcc: [],
      trainProbeCoherence: [],
      changedFraction: null,
      numClasses: 10,
    });
    expect(outcome.memorizedFraction).toBeNull();
    expect(outcome.adjustedOverfit).toBeNull();
    expect(outcome.probeCoherence).toEqual({ init: null, peak: null, final: null });
  });
});
