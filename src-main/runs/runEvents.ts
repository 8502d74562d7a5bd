import type { StoredRunStatus } from '../store/runRepository';

/** Lifecycle of a run, as the store enforces it (see RUN_TRANSITIONS in runRepository). */
export type RunStatus = StoredRunStatus;

/** What the run manager tells its listeners (the API fans these out to every transport). */
export type RunEvent =
  | {
      readonly type: 'progress';
      readonly runId: number;
      readonly done: number;
      readonly total: number;
      readonly rate: number;
      readonly etaSec: number | null;
    }
  | {
      readonly type: 'status';
      readonly runId: number;
      readonly status: RunStatus;
      readonly error?: string | null;
    }
  | { readonly type: 'data'; readonly runId: number; readonly step: number };

export type RunEventListener = (event: RunEvent) => void;
