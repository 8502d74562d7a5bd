/**
 * Series thinned for drawing: at most `maxPoints` of the stored points, chosen by the
 * `downsample` library's largest-triangle-three-buckets (LTTB: the first and last point and,
 * per bucket, the point that changes the line's shape most), plus each series' lowest and
 * highest y, which a chart must never lose. Every point kept is a stored point (x, y and step
 * unchanged), in stored order.
 */
import { createLTTB } from 'downsample';
import type { SeriesColumns } from './seriesColumns';

/** The smallest useful line: first, last, lowest and highest point. */
export const MIN_DRAWN_POINTS = 4;

/** Indices of the finite lowest and highest y (-1 when no y is finite). */
function extremeIndices(y: Float64Array): [number, number] {
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v)) continue;
    if (lo < 0 || v < y[lo]) lo = i;
    if (hi < 0 || v > y[hi]) hi = i;
  }
  return [lo, hi];
}

/**
 * Which stored points a line of at most `maxPoints` points keeps (ascending indices): all of
 * them when the series is no longer than that, else LTTB's choice with the first, last,
 * lowest and highest point added (LTTB is asked for that many fewer points, so they fit).
 */
export function drawnPointIndices(
  columns: Pick<SeriesColumns, 'x' | 'y'>,
  maxPoints: number,
): number[] {
  const n = columns.y.length;
  if (!Number.isInteger(maxPoints) || maxPoints < MIN_DRAWN_POINTS) {
    throw new RangeError(`maxPoints must be an integer ≥ ${MIN_DRAWN_POINTS}, got ${maxPoints}`);
  }
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= maxPoints) return all;
  const { x, y } = columns;
  // LTTB compares triangle areas: a non-finite value would make every area NaN, so it counts
  // as 0 there (the point can still be kept; its stored value is returned unchanged).
  const finite = (v: number): number => (Number.isFinite(v) ? v : 0);
  const lttb = createLTTB<number>({
    x: (i: number): number => finite(x[i]),
    y: (i: number): number => finite(y[i]),
  });
  // Room for the four points a line must keep, added here: the library's last bucket can be
  // off by one (for 2 buckets it returns the second point, not the last).
  const kept = new Set<number>([0, n - 1]);
  for (const i of extremeIndices(y)) if (i >= 0) kept.add(i);
  const buckets = maxPoints - kept.size;
  if (buckets >= 3) {
    const chosen = lttb(all, buckets);
    for (let k = 0; k < chosen.length; k++) kept.add(chosen[k]);
  }
  return Array.from(kept).sort((a, b) => a - b);
}

/** The stored points a drawn line keeps, as columns of the same run. */
export function downsampleColumns<C extends SeriesColumns>(columns: C, maxPoints: number): C {
  const keep = drawnPointIndices(columns, maxPoints);
  if (keep.length === columns.y.length) return columns;
  const pick = (values: Float64Array): Float64Array => Float64Array.from(keep, (i) => values[i]);
  return { ...columns, x: pick(columns.x), y: pick(columns.y), step: pick(columns.step) };
}
