import type { ProbeCoherenceFigures, ValueAtStep } from '../shared/summaryFigures';

/**
 * The summary figures a researcher compares runs by, each defined once here (SPEC 1.4, 1.6) and
 * used by the CLI, the API, the compare view, the HTML report and exports alike. The README's
 * "Summary figures" section states the same definitions next to the table that shows them.
 *
 * - final / best test accuracy: the last evaluation and the best one with its step (early
 *   stopping), on the evaluated test set (the full split unless the run set dataset.testSize).
 * - memorized fraction: train accuracy on the corrupt examples (training label ≠ original
 *   label, or pixels replaced by noise) measured against their training labels.
 * - adjusted overfit: train accuracy − b, with b = (1 − q)·a + q·(1 − a)/(K − 1) the train
 *   accuracy of a model that generalizes as well as it does (test accuracy a) but memorizes
 *   nothing: it gets the (1 − q) unchanged labels right with probability a, and a changed label
 *   right only when it predicts that particular wrong class, (1 − a)/(K − 1) for errors spread
 *   evenly over the K − 1 other classes. q is the fraction of training examples whose label
 *   changed, so it holds for `permute` and `uniform` noise alike.
 * - probe m-coherence (train probe): the value at initialization (step 0), the peak after
 *   initialization and the final value, each with its step. The value at step 0 is a property
 *   of the initial weights, so it is reported apart from the peak the training reaches.
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
  /** Final train accuracy on the corrupt examples against their training labels. */
  readonly memorizedFraction: number | null;
  readonly probeCoherence: ProbeCoherenceFigures;
  /** train acc − ((1 − q)·a + q·(1 − a)/(K − 1)); see the module comment. */
  readonly adjustedOverfit: number | null;
}

const last = (points: readonly SeriesPoint[]): number | null =>
  points.length ? points[points.length - 1].value : null;

/**
 * Train accuracy of a model that generalizes (test accuracy `testAcc`) but memorizes nothing,
 * on a training set where a fraction `changedFraction` of labels differ from the original.
 */
export function memorizationFreeTrainAcc(
  testAcc: number,
  changedFraction: number,
  classes: number,
): number {
  const wrongClassRate = classes > 1 ? (1 - testAcc) / (classes - 1) : 0;
  return (1 - changedFraction) * testAcc + changedFraction * wrongClassRate;
}

export function adjustedOverfit(
  trainAcc: number,
  testAcc: number,
  changedFraction: number,
  classes: number,
): number {
  return trainAcc - memorizationFreeTrainAcc(testAcc, changedFraction, classes);
}

/** Value at step 0, largest value after step 0, and the last value, each with its step. */
export function probeCoherenceFigures(points: readonly SeriesPoint[]): ProbeCoherenceFigures {
  let init: ValueAtStep = null;
  let peak: ValueAtStep = null;
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    if (p.step === 0) init ??= { value: p.value, step: 0 };
    else if (!peak || p.value > peak.value) peak = { value: p.value, step: p.step };
  }
  const finite = points.filter((p) => Number.isFinite(p.value));
  const lastPoint = finite[finite.length - 1];
  return { init, peak, final: lastPoint ? { value: lastPoint.value, step: lastPoint.step } : null };
}

export function summarizeOutcome(input: {
  trainAcc: readonly SeriesPoint[];
  testAcc: readonly SeriesPoint[];
  trainLoss: readonly SeriesPoint[];
  testLoss: readonly SeriesPoint[];
  pristineAcc: readonly SeriesPoint[];
  corruptAcc: readonly SeriesPoint[];
  trainProbeCoherence: readonly SeriesPoint[];
  /** q: fraction of training examples whose label changed; null when unknown. */
  changedFraction: number | null;
  numClasses: number;
}): RunOutcome {
  let best: SeriesPoint | null = null;
  for (const p of input.testAcc) if (!best || p.value > best.value) best = p;
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
    memorizedFraction: corruptAcc,
    probeCoherence: probeCoherenceFigures(input.trainProbeCoherence),
    adjustedOverfit:
      trainAcc !== null && testAcc !== null && input.changedFraction !== null
        ? adjustedOverfit(trainAcc, testAcc, input.changedFraction, input.numClasses)
        : null,
  };
}
