import { cellStatistic } from './cellStatistics';

/** One seed's series, column-wise as the store returns it: steps strictly increasing. */
export interface SeedSeries {
  /** Names the run in error messages and in `leftOut` (e.g. "run 12" or "seed 3"). */
  readonly label: string;
  readonly steps: readonly number[];
  readonly values: readonly (number | null)[];
}

/** Per-step mean and 95 % CI across the seeds of a cell, column-wise for charts. */
export interface CellSeries {
  readonly steps: number[];
  readonly n: number[];
  readonly mean: (number | null)[];
  readonly sd: (number | null)[];
  readonly lo: (number | null)[];
  readonly hi: (number | null)[];
  /** Steps some seeds have and others do not, per seed: left out of the band (see below). */
  readonly leftOut: Array<{ readonly label: string; readonly steps: number[] }>;
}

/**
 * Aligns the seeds of a cell by step and summarizes every step they all share.
 *
 * Every seed of a cell follows the same probe schedule, so their steps match. When they do not
 * (a seed still running, or stopped early), the band covers only the steps common to every
 * seed — the intersection — so each point's n is the cell's full seed count and the band never
 * silently changes meaning along the curve. What was left out is returned per seed in
 * `leftOut` for the caller to show. A series whose steps are not strictly increasing, or whose
 * columns differ in length, is an error (a duplicated step would be averaged twice).
 */
export function cellSeries(seeds: readonly SeedSeries[]): CellSeries {
  for (const seed of seeds) checkSeries(seed);
  const shared = sharedSteps(seeds);
  const result: CellSeries = { steps: [], n: [], mean: [], sd: [], lo: [], hi: [], leftOut: [] };
  const cursors = seeds.map(() => 0);
  for (const step of shared) {
    const values = seeds.map((seed, i) => {
      while (seed.steps[cursors[i]] < step) cursors[i] += 1;
      return seed.values[cursors[i]];
    });
    const stat = cellStatistic(values);
    result.steps.push(step);
    result.n.push(stat.n);
    result.mean.push(stat.mean);
    result.sd.push(stat.sd);
    result.lo.push(stat.ci95 ? stat.ci95[0] : null);
    result.hi.push(stat.ci95 ? stat.ci95[1] : null);
  }
  const sharedSet = new Set(shared);
  for (const seed of seeds) {
    const extra = seed.steps.filter((step) => !sharedSet.has(step));
    if (extra.length > 0) result.leftOut.push({ label: seed.label, steps: extra });
  }
  return result;
}

function checkSeries(seed: SeedSeries): void {
  if (seed.steps.length !== seed.values.length) {
    throw new RangeError(
      `${seed.label}: ${seed.steps.length} steps but ${seed.values.length} values`,
    );
  }
  for (let i = 1; i < seed.steps.length; i += 1) {
    if (!(seed.steps[i] > seed.steps[i - 1])) {
      throw new RangeError(
        `${seed.label}: steps must be strictly increasing (step ${seed.steps[i]} follows ${seed.steps[i - 1]})`,
      );
    }
  }
}

function sharedSteps(seeds: readonly SeedSeries[]): number[] {
  if (seeds.length === 0) return [];
  let shared = [...seeds[0].steps];
  for (const seed of seeds.slice(1)) {
    const present = new Set(seed.steps);
    shared = shared.filter((step) => present.has(step));
  }
  return shared;
}
