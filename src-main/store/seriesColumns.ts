import type { XAxis } from '../shared/xAxis';

/** The column of metric_points and coherence_measurements that holds each x-axis. */
export const X_AXIS_COLUMN: Readonly<Record<XAxis, string>> = {
  step: 'step',
  epoch: 'epoch',
  examplesSeen: 'examples_seen',
  wallMs: 'wall_ms',
};

/** One series of one run in columnar form, ready for a chart; NaN where the value was not finite. */
export interface SeriesColumns {
  readonly runId: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly step: Float64Array;
}

/** Probe m-coherence of one run as columns, with the run's probe size. */
export interface CoherenceColumns extends SeriesColumns {
  /** The run's probe size m (0 when it has no measurement of this probe). */
  readonly m: number;
}
