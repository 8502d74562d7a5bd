import type { SweepTaskState } from '../../shared/sweepStatus';
import type { ShardState } from '../sweepShard';

/** Slurm states of a task that still waits for a node (requeued tasks come back through these). */
const WAITING = new Set([
  'PENDING',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'CONFIGURING',
  'RESV_DEL_HOLD',
  'SPECIAL_EXIT',
  'SUSPENDED',
  'STOPPED',
]);
/** Slurm states of a task whose worker is (still) on a node. */
const ACTIVE = new Set(['RUNNING', 'COMPLETING', 'STAGE_OUT', 'SIGNALING', 'RESIZING']);

/** What Slurm told us about one task (squeue's state and reason, scontrol's exit code). */
export interface SlurmTaskView {
  readonly state: string;
  readonly reason: string;
  readonly exitCode: number | null;
  readonly exitSignal: number | null;
  readonly restarts: number;
}

export interface TaskStateInput {
  readonly shard: ShardState;
  /** undefined: Slurm does not (or no longer) know the task, or was not asked. */
  readonly slurm: SlurmTaskView | undefined;
  /** The task was part of at least one submission. */
  readonly submitted: boolean;
  /** Slurm answered; when false, states come from the shards alone. */
  readonly slurmReachable: boolean;
}

export interface TaskStateVerdict {
  readonly state: SweepTaskState;
  readonly reason: string | null;
}

/**
 * One task's state from its shard and what Slurm says. The shard decides what the run has
 * done (a completed shard is completed whatever Slurm says); Slurm decides whether a worker is
 * waiting or on a node. Slurm forgets ended tasks (MinJobAge; no accounting here), so an ended
 * task is judged from its shard alone.
 */
export function slurmTaskState(input: TaskStateInput): TaskStateVerdict {
  const { shard, slurm } = input;
  if (shard.kind === 'refused')
    return { state: 'failed', reason: `shard refused: ${shard.reason}` };
  const run = shard.kind === 'run' ? shard.run : null;
  if (run?.status === 'completed') return { state: 'completed', reason: null };
  if (run?.status === 'diverged') {
    return { state: 'completed', reason: `diverged${run.error ? `: ${run.error}` : ''}` };
  }
  if (slurm && ACTIVE.has(slurm.state)) return { state: 'running', reason: null };
  if (slurm && WAITING.has(slurm.state)) {
    const why = slurm.reason && slurm.reason !== 'None' ? slurm.reason : slurm.state;
    return {
      state: 'pending',
      reason: slurm.restarts > 0 ? `requeued (${slurm.restarts}×), waiting: ${why}` : why,
    };
  }
  if (run?.status === 'failed') return { state: 'failed', reason: run.error ?? 'failed' };
  if (slurm) return endedTask(slurm, run?.status ?? null);
  // Slurm does not know the task.
  if (!input.submitted) return { state: 'pending', reason: 'not submitted' };
  if (!input.slurmReachable) {
    if (run?.status === 'running')
      return { state: 'running', reason: 'from the shard (Slurm did not answer)' };
    if (run?.status === 'cancelled')
      return { state: 'cancelled', reason: 'stopped at a checkpoint' };
    return { state: 'pending', reason: 'Slurm did not answer; the shard has not started' };
  }
  if (run?.status === 'cancelled') {
    return { state: 'cancelled', reason: 'stopped at a checkpoint (SIGTERM); resubmit to resume' };
  }
  if (run?.status === 'running' || run?.status === 'interrupted') {
    return {
      state: 'failed',
      reason:
        'the worker stopped without finishing and Slurm no longer knows the task (node failure?); resubmit to resume from its checkpoint',
    };
  }
  return {
    state: 'failed',
    reason: 'Slurm has no record of the task and its shard never started; see its log',
  };
}

function endedTask(slurm: SlurmTaskView, runStatus: string | null): TaskStateVerdict {
  const exit =
    slurm.exitCode === null
      ? ''
      : ` (exit code ${slurm.exitCode}${slurm.exitSignal ? `, signal ${slurm.exitSignal}` : ''})`;
  if (slurm.state === 'CANCELLED') {
    return {
      state: 'cancelled',
      reason: `cancelled in Slurm${runStatus === 'cancelled' ? '; stopped at a checkpoint' : ''}`,
    };
  }
  if (slurm.state === 'COMPLETED') {
    return {
      state: 'failed',
      reason: `the task ended${exit} but its run is ${runStatus ?? 'not in its shard'}`,
    };
  }
  const why: Record<string, string> = {
    TIMEOUT: 'the time limit (--time) was reached; resubmit to resume from its checkpoint',
    PREEMPTED: 'preempted; resubmit to resume from its checkpoint',
    NODE_FAIL: 'its node failed; resubmit to resume from its checkpoint',
    OUT_OF_MEMORY: 'out of memory (--mem)',
    BOOT_FAIL: 'its node failed to boot',
    DEADLINE: 'its deadline passed',
  };
  return {
    state: 'failed',
    reason: `${slurm.state}${exit}${why[slurm.state] ? `: ${why[slurm.state]}` : ''}`,
  };
}
