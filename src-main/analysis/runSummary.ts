/**
 * The numbers a researcher compares runs by (SPEC 1.4, 1.6): final and best test accuracy
 * (early stopping), memorized fraction (train accuracy on corrupt examples against their
 * training labels), peak probe m-coherence and adjusted overfit.
 */
export interface SeriesPoint {
  readonly step: number;
  readonly value: number;
}

export interface RunOutcome {
  readonly finalTrainAcc: number | null;
  readonly finalTestAcc: number | null;
  readonly finalTrainLoss: number | null;
  readonly finalTestLoss: number | null;
  readonly finalPristineAcc: number | null;
  readonly finalCorruptAcc: number | null;
  readonly bestTestAcc: number | null;
  readonly bestTestStep: number | null;
  /** Fraction of corrupt training examples fitted to their (wrong) training label. */
  readonly memorizedFraction: number | null;
  readonly peakProbeCoherence: number | null;
  readonly peakProbeCoherenceStep: number | null;
  /** train_acc − (p/K + (1−p)·test_acc) */
  readonly adjustedOverfit: number | null;
}

const last = (points: readonly SeriesPoint[]): number | null =>
  points.length ? points[points.length - 1].value : null;

export function adjustedOverfit(
  trainAcc: number,
  testAcc: number,
  noise: number,
  classes: number,
): number {
  return trainAcc - (noise / classes + (1 - noise) * testAcc);
}

export function summarizeOutcome(input: {
  trainAcc: readonly SeriesPoint[];
  testAcc: readonly SeriesPoint[];
  trainLoss: readonly SeriesPoint[];
  testLoss: readonly SeriesPoint[];
  pristineAcc: readonly SeriesPoint[];
  corruptAcc: readonly SeriesPoint[];
  trainProbeCoherence: readonly SeriesPoint[];
  labelNoise: number;
  numClasses: number;
}): RunOutcome {
  let best: SeriesPoint | null = null;
  for (const p of input.testAcc) if (!best || p.value > best.value) best = p;
  let peak: SeriesPoint | null = null;
  for (const p of input.trainProbeCoherence) if (!peak || p.value > peak.value) peak = p;
  const trainAcc = last(input.trainAcc);
  const testAcc = last(input.testAcc);
  const corruptAcc = last(input.corruptAcc);
  return {
    finalTrainAcc: trainAcc,
    finalTestAcc: testAcc,
    finalTrainLoss: last(input.trainLoss),
    finalTestLoss: last(input.testLoss),
    finalPristineAcc: last(input.pristineAcc),
    finalCorruptAcc: corruptAcc,
    bestTestAcc: best?.value ?? null,
    bestTestStep: best?.step ?? null,
    memorizedFraction: input.labelNoise > 0 ? corruptAcc : null,
    peakProbeCoherence: peak?.value ?? null,
    peakProbeCoherenceStep: peak?.step ?? null,
    adjustedOverfit:
      trainAcc !== null && testAcc !== null
        ? adjustedOverfit(trainAcc, testAcc, input.labelNoise, input.numClasses)
        : null,
  };
}
