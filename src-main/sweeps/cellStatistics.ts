import { tCritical95 } from './studentT';

/**
 * Summary of one metric over the seeds of a cell: runs that differ only in seed. The interval
 * is the two-sided 95 % Student t interval for the mean, mean ± t_{0.975, n−1} · sd / √n, with
 * the sample standard deviation (n − 1 in the denominator).
 */
export interface CellStatistic {
  /** Values that entered the summary. */
  readonly n: number;
  /** Entries left out: null (the run has no such value) or not finite (NaN, ±Infinity). */
  readonly missing: number;
  /** null only when n = 0. */
  readonly mean: number | null;
  /** Sample standard deviation; null when n < 2 (one seed has no spread to estimate). */
  readonly sd: number | null;
  /** t_{0.975, n−1} · sd / √n; null when n < 2. */
  readonly halfWidth95: number | null;
  /** [mean − halfWidth95, mean + halfWidth95]; null when n < 2 (the value is shown alone). */
  readonly ci95: readonly [number, number] | null;
}

/**
 * n, mean, sample sd and 95 % CI of the finite values. Missing and non-finite entries are
 * counted, not silently dropped, so a table can say "n = 4 of 5".
 */
export function cellStatistic(values: readonly (number | null | undefined)[]): CellStatistic {
  const finite: number[] = [];
  for (const value of values) {
    if (typeof value === 'number' && Number.isFinite(value)) finite.push(value);
  }
  const n = finite.length;
  const missing = values.length - n;
  if (n === 0) return { n, missing, mean: null, sd: null, halfWidth95: null, ci95: null };
  let sum = 0;
  for (const value of finite) sum += value;
  const mean = sum / n;
  if (n === 1) return { n, missing, mean, sd: null, halfWidth95: null, ci95: null };
  // Two passes (deviations from the mean) rather than Σx² − n·mean²: no cancellation when the
  // spread is tiny next to the mean (accuracies of 0.98x across seeds).
  let squares = 0;
  for (const value of finite) squares += (value - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const halfWidth95 = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  return { n, missing, mean, sd, halfWidth95, ci95: [mean - halfWidth95, mean + halfWidth95] };
}
