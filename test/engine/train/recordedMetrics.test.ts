import { describe, expect, it } from 'vitest';
import type { PreparedData } from '../../../src-main/engine/data/datasetTypes';
import type { MetricPoint } from '../../../src-main/engine/records/engineRecords';
import {
  EvaluationValues,
  evaluationPoints,
  stepPoints,
} from '../../../src-main/engine/train/recordedMetrics';
import { METRICS, metricKey } from '../../../src-main/shared/metricVocabulary';

/**
 * The metric tables against a by-hand reference on six training and four test examples:
 * every declared metric is computed from the right group and labels, in METRICS order.
 */
const at = { step: 7, epoch: 0.5, examplesSeen: 70, wallMs: 12 };

// Training examples: training label, original label, corrupt flag, predicted class, loss.
const train = [
  { label: 1, original: 1, corrupt: 0, predicted: 1, loss: 0.1 },
  { label: 2, original: 2, corrupt: 0, predicted: 0, loss: 0.9 },
  { label: 0, original: 0, corrupt: 0, predicted: 0, loss: 0.2 },
  { label: 3, original: 1, corrupt: 1, predicted: 3, loss: 0.4 },
  { label: 2, original: 0, corrupt: 1, predicted: 0, loss: 1.6 },
  { label: 1, original: 3, corrupt: 1, predicted: 2, loss: 2.0 },
];
const test = [
  { label: 1, predicted: 1, loss: 0.3 },
  { label: 0, predicted: 2, loss: 1.1 },
  { label: 2, predicted: 2, loss: 0.5 },
  { label: 3, predicted: 3, loss: 0.1 },
];

const data = {
  trainingLabels: Uint8Array.from(train, (e) => e.label),
  originalLabels: Uint8Array.from(train, (e) => e.original),
  corrupt: Uint8Array.from(train, (e) => e.corrupt),
  testLabels: Uint8Array.from(test, (e) => e.label),
} as Pick<PreparedData, 'trainingLabels' | 'originalLabels' | 'corrupt' | 'testLabels'>;

const outcome = (rows: ReadonlyArray<{ predicted: number; loss: number }>) => ({
  loss: Float32Array.from(rows, (r) => r.loss),
  predicted: Int32Array.from(rows, (r) => r.predicted),
});

/** Mean loss and accuracy of the selected rows against `labelOf`, computed the plain way. */
function reference<T extends { predicted: number; loss: number }>(
  rows: readonly T[],
  labelOf: (row: T) => number,
): { loss: number; accuracy: number } {
  const loss = rows.reduce((sum, r) => sum + Math.fround(r.loss), 0) / rows.length;
  const accuracy = rows.filter((r) => r.predicted === labelOf(r)).length / rows.length;
  return { loss, accuracy };
}

const byKey = (points: MetricPoint[]): Record<string, number> =>
  Object.fromEntries(points.map((p) => [metricKey(p.series, p.subset), p.value]));

describe('recorded metrics', () => {
  it('computes every evaluation metric from its group and labels', () => {
    const values = new EvaluationValues(outcome(train), outcome(test), data as PreparedData);
    const points = evaluationPoints(at, values, true);
    const pristine = train.filter((e) => e.corrupt === 0);
    const corrupt = train.filter((e) => e.corrupt === 1);
    const expected = {
      'loss/train': reference(train, (e) => e.label).loss,
      'accuracy/train': reference(train, (e) => e.label).accuracy,
      'loss/test': reference(test, (e) => e.label).loss,
      'accuracy/test': reference(test, (e) => e.label).accuracy,
      'loss/pristine': reference(pristine, (e) => e.label).loss,
      'accuracy/pristine': reference(pristine, (e) => e.label).accuracy,
      'loss/corrupt': reference(corrupt, (e) => e.label).loss,
      'accuracy/corrupt': reference(corrupt, (e) => e.label).accuracy,
      'accuracyOriginal/train': reference(train, (e) => e.original).accuracy,
      'accuracyOriginal/corrupt': reference(corrupt, (e) => e.original).accuracy,
    };
    const got = byKey(points);
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const [key, value] of Object.entries(expected)) expect(got[key]).toBeCloseTo(value, 6);
    // The memorized fraction of this fixture: one of three corrupt examples fits its wrong label.
    expect(got['accuracy/corrupt']).toBeCloseTo(1 / 3, 12);
    expect(points.every((p) => p.step === 7 && p.examplesSeen === 70 && p.wallMs === 12)).toBe(
      true,
    );
  });

  it('records the corruption splits only for runs that corrupt examples', () => {
    const values = new EvaluationValues(outcome(train), outcome(test), data as PreparedData);
    expect(Object.keys(byKey(evaluationPoints(at, values, false)))).toEqual([
      'loss/train',
      'accuracy/train',
      'loss/test',
      'accuracy/test',
    ]);
  });

  it('leaves out an evaluation value that is not finite (an empty group)', () => {
    const clean = { ...data, corrupt: new Uint8Array(train.length) } as PreparedData;
    const keys = Object.keys(
      byKey(evaluationPoints(at, new EvaluationValues(outcome(train), outcome(test), clean), true)),
    );
    expect(keys).not.toContain('loss/corrupt');
    expect(keys).not.toContain('accuracyOriginal/corrupt');
    expect(keys).toContain('loss/pristine');
  });

  it('records per-step metrics in METRICS order, leaving out the ones a run does not track', () => {
    const full = stepPoints(at, {
      loss: 2.5,
      accuracy: 0.25,
      lr: 0.1,
      gradNorm: 1.5,
      batchCoherence: 3.5,
      share: { pristine: 0.75, corrupt: 0.25 },
    });
    const stepKeys = METRICS.filter((m) => m.recordedAt === 'step').map((m) =>
      metricKey(m.series, m.subset),
    );
    expect(Object.keys(byKey(full))).toEqual(stepKeys);
    expect(byKey(full)).toEqual({
      'loss/batch': 2.5,
      'accuracy/batch': 0.25,
      'lr/batch': 0.1,
      'batchCoherence/batch': 3.5,
      'gradNorm/batch': 1.5,
      'lossReductionShare/pristine': 0.75,
      'lossReductionShare/corrupt': 0.25,
    });
    const plain = stepPoints(at, {
      loss: 2.5,
      accuracy: 0.25,
      lr: 0.1,
      gradNorm: 1.5,
      batchCoherence: null,
      share: null,
    });
    expect(Object.keys(byKey(plain))).toEqual([
      'loss/batch',
      'accuracy/batch',
      'lr/batch',
      'gradNorm/batch',
    ]);
  });
});
