import type { RunProgress } from '../shared/runProgress';
import type { RunStatus } from '../shared/runStatus';

/** What the run manager tells its listeners (the API fans these out to every transport). */
export type RunEvent =
  | ({ readonly type: 'progress'; readonly runId: number } & RunProgress)
  | {
      readonly type: 'status';
      readonly runId: number;
      readonly status: RunStatus;
      readonly error?: string | null;
    }
  | { readonly type: 'data'; readonly runId: number; readonly step: number };

export type RunEventListener = (event: RunEvent) => void;
