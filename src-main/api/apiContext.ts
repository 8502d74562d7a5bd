import type { ProjectStore } from '../store/projectStore';
import type { RunManager } from '../runs/runManager';

/** What every handler works with: the open project and the run manager training into it. */
export interface ApiContext {
  readonly store: ProjectStore;
  readonly runs: RunManager;
  readonly cacheDir: string;
  readonly appVersion: string;
}
