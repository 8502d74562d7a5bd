import type {
  SweepExecutor,
  SweepStatus,
  SweepTaskState,
  SweepTaskStatus,
} from '../shared/sweepStatus';

export interface SweepProgressInput {
  readonly sweepId: string;
  readonly executor: SweepExecutor | null;
  readonly tasks: readonly SweepTaskStatus[];
  readonly inProject: number;
  readonly warnings: readonly string[];
  /** Runs at once: the local concurrency or the Slurm throttle; default what runs now. */
  readonly slots?: number;
  /** Seconds one run takes: measured from finished tasks, else the cost model's estimate. */
  readonly runSeconds: number | null;
}

/** Counts per state and the ETA of the whole sweep. */
export function sweepStatusOf(input: SweepProgressInput): SweepStatus {
  const count = (state: SweepTaskState): number =>
    input.tasks.filter((t) => t.state === state).length;
  const running = input.tasks.filter((t) => t.state === 'running');
  const pending = count('pending');
  const slots = Math.max(1, input.slots ?? running.length);
  return {
    sweepId: input.sweepId,
    executor: input.executor,
    total: input.tasks.length,
    completed: count('completed'),
    running: running.length,
    pending,
    failed: count('failed'),
    cancelled: count('cancelled'),
    inProject: input.inProject,
    etaSec: sweepEtaSeconds(
      running.map((t) => t.etaSec),
      pending,
      slots,
      input.runSeconds,
    ),
    tasks: [...input.tasks],
    warnings: [...input.warnings],
  };
}

/**
 * When the last unfinished task ends: running tasks end after their own ETA, pending ones
 * start in order on the first slot that frees up and take `runSeconds` each. Null when a
 * needed duration is unknown; 0 when nothing is left.
 */
export function sweepEtaSeconds(
  runningEtas: readonly (number | null)[],
  pending: number,
  slots: number,
  runSeconds: number | null,
): number | null {
  if (runningEtas.length === 0 && pending === 0) return 0;
  if (runningEtas.some((eta) => eta === null)) {
    if (runSeconds === null) return null;
  }
  if (pending > 0 && runSeconds === null) return null;
  const free = runningEtas.map((eta) => eta ?? (runSeconds as number));
  while (free.length < slots) free.push(0);
  free.sort((a, b) => a - b);
  for (let i = 0; i < pending; i += 1) {
    // The earliest free slot takes the next pending task.
    free[0] += runSeconds as number;
    free.sort((a, b) => a - b);
  }
  return Math.max(...free);
}

/** Mean seconds from start to finish of finished runs; null when none has both times. */
export function meanRunSeconds(
  runs: ReadonlyArray<{ startedAt: string | null; finishedAt: string | null }>,
): number | null {
  const durations = runs
    .map((r) =>
      r.startedAt && r.finishedAt
        ? (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000
        : NaN,
    )
    .filter((s) => Number.isFinite(s) && s >= 0);
  if (durations.length === 0) return null;
  return durations.reduce((a, b) => a + b, 0) / durations.length;
}
