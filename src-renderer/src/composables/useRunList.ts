import { ref, type Ref } from 'vue';
import type { ApiInput, LabClient, RunListRow } from '../../../src-main/api/contract';
import { rowsWithProgress } from '../runTable/runProgress';
import type { FailureReporter } from './useFailureMessage';
import { useLabEvent } from './useLabEvent';
import { useThrottled } from './useThrottled';

export type RunPatch = Omit<ApiInput<'runs.update'>, 'runId'>;

export interface RunListState {
  /** Every run of the open project; null until the first read has answered. */
  readonly rows: Ref<RunListRow[] | null>;
  reload(): Promise<void>;
  /** Rename, retag or annotate a run, then re-read the list. */
  update(runId: number, patch: RunPatch): Promise<void>;
  /** Delete a run and its measurements, then re-read the list. */
  remove(runId: number): Promise<void>;
}

export interface RunListOptions {
  /** At most one re-read per this many ms however many changes arrive (default 250). */
  readonly throttleMs?: number;
  /**
   * Patch each row's progress from progress events (default true). Off where rows only name
   * runs (a chart's legend), so training elsewhere does not redraw it several times a second.
   */
  readonly followProgress?: boolean;
}

/**
 * The project's runs, kept current: a changed project or a status change re-reads the list
 * (at most once per `throttleMs`), progress events patch the running rows in place.
 */
export function useRunList(
  lab: LabClient,
  report: FailureReporter,
  options: RunListOptions = {},
): RunListState {
  const rows = ref<RunListRow[] | null>(null);

  async function reload(): Promise<void> {
    try {
      rows.value = await lab['runs.list']({});
    } catch (e) {
      report(e);
    }
  }
  async function change(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
      await reload();
    } catch (e) {
      report(e);
    }
  }

  const scheduleReload = useThrottled(() => void reload(), options.throttleMs ?? 250);
  useLabEvent(lab, 'runs.changed', scheduleReload);
  useLabEvent(lab, 'run.status', scheduleReload);
  if (options.followProgress ?? true) {
    useLabEvent(lab, 'run.progress', (e) => {
      if (rows.value) rows.value = rowsWithProgress(rows.value, e);
    });
  }
  void reload();

  return {
    rows,
    reload,
    update: (runId, patch) => change(() => lab['runs.update']({ runId, ...patch })),
    remove: (runId) => change(() => lab['runs.delete']({ runId })),
  };
}
