import type { ProbeKind, SeriesName, Subset } from './metricVocabulary';
import type { RunProgress } from './runProgress';

/**
 * The small "latest values" table of every run (MLflow's layout, ARCHITECTURE example 9): one
 * number per key, so run lists show progress and key metrics without reading any series.
 * Metrics are keyed "series/subset", probe m-coherence "coherence/<probe>", progress
 * "progress/<field>".
 */
export type MetricLatestKey = `${SeriesName}/${Subset}`;
export type CoherenceLatestKey = `coherence/${ProbeKind}`;

export const PROGRESS_LATEST_KEYS = {
  done: 'progress/done',
  total: 'progress/total',
  rate: 'progress/rate',
  etaSec: 'progress/etaSec',
} as const satisfies Record<keyof RunProgress, string>;
export type ProgressLatestKey = (typeof PROGRESS_LATEST_KEYS)[keyof RunProgress];

export type LatestKey = MetricLatestKey | CoherenceLatestKey | ProgressLatestKey;

/** A run's latest values by key; keys never recorded (or whose value was not finite) are absent. */
export type LatestValues = Readonly<Partial<Record<LatestKey, number>>>;

export function coherenceLatestKey(probe: ProbeKind): CoherenceLatestKey {
  return `coherence/${probe}`;
}

/** The latest-value entries of one progress report. */
export function progressLatestValues(
  progress: RunProgress,
): Array<{ key: ProgressLatestKey; value: number | null }> {
  return (Object.keys(PROGRESS_LATEST_KEYS) as Array<keyof RunProgress>).map((field) => ({
    key: PROGRESS_LATEST_KEYS[field],
    value: progress[field],
  }));
}

/** The last progress report of a run, read back from its latest values; null if none. */
export function progressFromLatest(latest: LatestValues): RunProgress | null {
  if (latest[PROGRESS_LATEST_KEYS.total] === undefined) return null;
  return {
    done: latest[PROGRESS_LATEST_KEYS.done] ?? 0,
    total: latest[PROGRESS_LATEST_KEYS.total] ?? 0,
    rate: latest[PROGRESS_LATEST_KEYS.rate] ?? 0,
    etaSec: latest[PROGRESS_LATEST_KEYS.etaSec] ?? null,
  };
}
