import { z } from 'zod';

/**
 * The lifecycle states of a run, as the store records them and every front end shows them.
 * The store enforces which changes are legal (RUN_TRANSITIONS in store/runRepository).
 */
export const RUN_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses in which no trainer is working on the run (finished, stopped or broken off). */
export const ENDED_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>([
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
]);

/** Statuses a run can be resumed from, continuing at its last checkpoint. */
export const RESUMABLE_RUN_STATUSES: ReadonlySet<RunStatus> = new Set<RunStatus>([
  'interrupted',
  'cancelled',
]);

/** How the training loop itself can end a run (the others are decided by the run manager). */
export type TrainingEndStatus = Extract<RunStatus, 'completed' | 'cancelled' | 'diverged'>;
