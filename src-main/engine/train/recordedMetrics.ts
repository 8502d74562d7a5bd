import {
  EVALUATION_METRICS,
  STEP_METRICS,
  keyOfMetric,
  type EvaluationMetricKey,
  type StepMetricKey,
} from '../../shared/metricVocabulary';
import type { PreparedData } from '../data/datasetTypes';
import type { MetricPoint, PointPosition } from '../records/engineRecords';
import { summarize, type SetOutcome } from './setEvaluation';

/**
 * How each metric of the shared vocabulary (src-main/shared/metricVocabulary: METRICS) is
 * computed. The tables are keyed by the declared metrics, so declaring a new one there fails
 * the build until it is computed here; the loop itself never names a metric.
 */

/** What one training step yields for its metrics. */
export interface StepValues {
  /** Mean loss over the minibatch (before the update). */
  readonly loss: number;
  readonly accuracy: number;
  readonly lr: number;
  /** Batch m-coherence; null when the run does not track it (coherence.batch false). */
  readonly batchCoherence: number | null;
  /** f_p and f_c of this step; null without corrupted examples. */
  readonly share: { readonly pristine: number; readonly corrupt: number } | null;
}

const STEP_VALUE: { readonly [K in StepMetricKey]: (step: StepValues) => number | null } = {
  'loss/batch': (s) => s.loss,
  'accuracy/batch': (s) => s.accuracy,
  'lr/batch': (s) => s.lr,
  'batchCoherence/batch': (s) => s.batchCoherence,
  'lossReductionShare/pristine': (s) => s.share?.pristine ?? null,
  'lossReductionShare/corrupt': (s) => s.share?.corrupt ?? null,
};

/** The per-step points of one step, in METRICS order; metrics the run does not track are left out. */
export function stepPoints(at: PointPosition, values: StepValues): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const metric of STEP_METRICS) {
    const value = STEP_VALUE[keyOfMetric(metric)](values);
    if (value !== null) points.push({ ...at, series: metric.series, subset: metric.subset, value });
  }
  return points;
}

type SummaryGroup = 'train' | 'test' | 'pristine' | 'corrupt' | 'trainOriginal' | 'corruptOriginal';

/**
 * One evaluation's per-example outcomes on the training and test sets, summarized per group
 * on first use: each pass over the examples is made once, whichever metrics read it.
 */
export class EvaluationValues {
  private readonly summaries = new Map<SummaryGroup, { loss: number; accuracy: number }>();

  constructor(
    readonly train: SetOutcome,
    private readonly test: SetOutcome,
    private readonly data: PreparedData,
    /** Cross-coherence of the pristine and corrupt probes at this step; null without both. */
    readonly probeCrossCoherence: number | null = null,
  ) {}

  summary(group: SummaryGroup): { loss: number; accuracy: number } {
    let found = this.summaries.get(group);
    if (!found) {
      found = this.compute(group);
      this.summaries.set(group, found);
    }
    return found;
  }

  private compute(group: SummaryGroup): { loss: number; accuracy: number } {
    const { data } = this;
    const pristine = (i: number): boolean => data.corrupt[i] === 0;
    const corrupt = (i: number): boolean => data.corrupt[i] === 1;
    switch (group) {
      case 'train':
        return summarize(this.train, data.trainingLabels);
      case 'test':
        return summarize(this.test, data.testLabels);
      case 'pristine':
        return summarize(this.train, data.trainingLabels, pristine);
      case 'corrupt':
        return summarize(this.train, data.trainingLabels, corrupt);
      case 'trainOriginal':
        return summarize(this.train, data.originalLabels);
      case 'corruptOriginal':
        return summarize(this.train, data.originalLabels, corrupt);
    }
  }
}

const EVALUATION_VALUE: {
  readonly [K in EvaluationMetricKey]: (evaluation: EvaluationValues) => number;
} = {
  'loss/train': (e) => e.summary('train').loss,
  'accuracy/train': (e) => e.summary('train').accuracy,
  'loss/test': (e) => e.summary('test').loss,
  'accuracy/test': (e) => e.summary('test').accuracy,
  'loss/pristine': (e) => e.summary('pristine').loss,
  'accuracy/pristine': (e) => e.summary('pristine').accuracy,
  'loss/corrupt': (e) => e.summary('corrupt').loss,
  'accuracy/corrupt': (e) => e.summary('corrupt').accuracy,
  // Against the original labels: how much of the clean signal the network still predicts.
  'accuracyOriginal/train': (e) => e.summary('trainOriginal').accuracy,
  'accuracyOriginal/corrupt': (e) => e.summary('corruptOriginal').accuracy,
  'crossCoherence/train': (e) => e.probeCrossCoherence ?? NaN,
};

/**
 * The points of one evaluation, in METRICS order. Pristine/corrupt metrics only for runs that
 * corrupt examples; values that are not finite (an empty group) are left out.
 */
export function evaluationPoints(
  at: PointPosition,
  values: EvaluationValues,
  corrupted: boolean,
): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const metric of EVALUATION_METRICS) {
    if (metric.needsCorruption && !corrupted) continue;
    const value = EVALUATION_VALUE[keyOfMetric(metric)](values);
    if (Number.isFinite(value)) {
      points.push({ ...at, series: metric.series, subset: metric.subset, value });
    }
  }
  return points;
}
