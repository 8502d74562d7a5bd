import type { RunConfig } from '../engine/config/configSchemas';
import type { SweepPlan } from './sweepExpansion';

export interface SweepEstimate {
  readonly runs: number;
  readonly cells: number;
  /** Sum of the runs' estimated durations: the time one process would need for them all. */
  readonly totalRunSeconds: number;
  /** Wall time with `concurrency` runs at once, started in task order as slots free up. */
  readonly wallSeconds: number;
  readonly concurrency: number;
}

/**
 * Run count and estimated duration of a sweep before it starts. The per-run estimate is
 * passed in (the new-run form's cost model, `config.estimate`, lives in the API layer above
 * this one); the wall time replays the executor's queue: runs start in task order, each on
 * the first slot that frees up, `concurrency` slots (local: processes at once; Slurm: the
 * array throttle %P, assuming the cluster grants that many at once).
 */
export function estimateSweep(
  plan: SweepPlan,
  estimateRunSeconds: (config: RunConfig) => number,
  concurrency: number,
): SweepEstimate {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const slots = new Array<number>(Math.min(concurrency, Math.max(1, plan.runs.length))).fill(0);
  let totalRunSeconds = 0;
  for (const run of plan.runs) {
    const seconds = estimateRunSeconds(run.config);
    totalRunSeconds += seconds;
    let earliest = 0;
    for (let i = 1; i < slots.length; i += 1) if (slots[i] < slots[earliest]) earliest = i;
    slots[earliest] += seconds;
  }
  return {
    runs: plan.runs.length,
    cells: plan.cells.length,
    totalRunSeconds,
    wallSeconds: Math.max(0, ...slots),
    concurrency,
  };
}
