/**
 * One run's recorded series as the verdict rules read it: logged steps (strictly increasing)
 * and the value at each. Pure helpers over such series; nothing here knows about runs or claims.
 */
export interface StepSeries {
  readonly steps: readonly number[];
  readonly values: readonly number[];
}

export const EMPTY_SERIES: StepSeries = { steps: [], values: [] };

/** The points with step in [from, to] (inclusive) and a finite value. */
export function pointsBetween(
  series: StepSeries,
  from: number,
  to = Infinity,
): Array<{ step: number; value: number }> {
  const out: Array<{ step: number; value: number }> = [];
  series.steps.forEach((step, i) => {
    const value = series.values[i];
    if (step >= from && step <= to && Number.isFinite(value)) out.push({ step, value });
  });
  return out;
}

/** Pairs (a, b) at the steps both series logged, within [from, to]. */
export function pairedBetween(
  a: StepSeries,
  b: StepSeries,
  from: number,
  to = Infinity,
): Array<{ step: number; a: number; b: number }> {
  const bAt = new Map(pointsBetween(b, from, to).map((p) => [p.step, p.value]));
  const out: Array<{ step: number; a: number; b: number }> = [];
  for (const p of pointsBetween(a, from, to)) {
    const bValue = bAt.get(p.step);
    if (bValue !== undefined) out.push({ step: p.step, a: p.value, b: bValue });
  }
  return out;
}

/** Median of the values (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The first logged step whose value is ≥ threshold; null if the series never reaches it. */
export function firstStepReaching(series: StepSeries, threshold: number): number | null {
  for (let i = 0; i < series.steps.length; i += 1) {
    if (series.values[i] >= threshold) return series.steps[i];
  }
  return null;
}

/** The last finite value and its step; null for an empty series. */
export function lastPoint(series: StepSeries): { step: number; value: number } | null {
  const points = pointsBetween(series, -Infinity);
  return points.length ? points[points.length - 1] : null;
}
