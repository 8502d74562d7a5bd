import { z } from 'zod';
import type { RunStatus } from './runStatus';

/**
 * Where each task (one cell × seed) of a sweep stands, the same words for both executors:
 * pending (queued here, or waiting in Slurm), running, completed (a finished result, diverged
 * runs included), failed (needs a resubmission) and cancelled (stopped; resumes from its
 * checkpoint when resubmitted).
 */
export const SWEEP_TASK_STATES = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
] as const;
export type SweepTaskState = (typeof SWEEP_TASK_STATES)[number];

export const SWEEP_EXECUTORS = ['local', 'slurm'] as const;
export const sweepExecutorSchema = z.enum(SWEEP_EXECUTORS);
export type SweepExecutor = (typeof SWEEP_EXECUTORS)[number];

/** What Slurm says about a task, from the latest submission that included it. */
export interface SlurmTaskState {
  readonly jobId: number;
  /** Slurm's state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, …); null once forgotten. */
  readonly state: string | null;
  readonly restarts: number;
  /** The task's log files (stdout, stderr) of that submission. */
  readonly logOut: string;
  readonly logErr: string;
}

export interface SweepTaskStatus {
  readonly taskIndex: number;
  readonly cellIndex: number;
  readonly seed: number;
  readonly name: string;
  readonly state: SweepTaskState;
  /** The run's status where it trains (the project, or the Slurm task's shard). */
  readonly runStatus: RunStatus | null;
  /** The run in this project: local runs, and Slurm runs once collected. */
  readonly runId: number | null;
  readonly stepsDone: number | null;
  readonly totalSteps: number | null;
  readonly etaSec: number | null;
  /** Why it failed or was cancelled, or why Slurm keeps it waiting (Priority, Resources, …). */
  readonly reason: string | null;
  readonly slurm: SlurmTaskState | null;
}

export interface SweepStatus {
  readonly sweepId: string;
  readonly executor: SweepExecutor | null;
  readonly total: number;
  readonly completed: number;
  readonly running: number;
  readonly pending: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Runs of the sweep in this project (Slurm: collected so far). */
  readonly inProject: number;
  /** Seconds until every unfinished task is done, at the parallelism seen now; null if unknown. */
  readonly etaSec: number | null;
  readonly tasks: SweepTaskStatus[];
  /** What could not be asked (e.g. the Slurm controller did not answer: shards only). */
  readonly warnings: string[];
}
