/** Lifecycle of a run (see runManager): queued → running → completed | failed | cancelled | diverged; interrupted when its process vanished. */
export type RunStatus =
  'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'diverged' | 'interrupted';

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
