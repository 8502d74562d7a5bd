import type { RunListRow } from '../../../src-main/api/contract';
import { runColor } from '../charts/runColors';

/** What legends and tables need to know about a run. */
export type RunLabel = Pick<RunListRow, 'name' | 'probeM'>;
export type RunLabels = ReadonlyMap<number, RunLabel>;

/** A run's name, or "run N" for a run the list does not (yet) hold. */
export const runName = (runId: number, runs: RunLabels): string =>
  runs.get(runId)?.name ?? `run ${runId}`;

/** The compared runs as the tables next to the chart show them, in selection order. */
export interface ComparedRuns {
  /** Each run's colour, the same as its line in every chart. */
  readonly colors: Record<number, string>;
  /** Each run's probe size m (null when the run has no probes). */
  readonly probeM: Record<number, number | null>;
  readonly runs: Array<{ runId: number; name: string; color: string }>;
}

export function comparedRuns(
  runIds: readonly number[],
  runs: RunLabels,
  dark: boolean,
): ComparedRuns {
  const list = runIds.map((runId) => ({
    runId,
    name: runName(runId, runs),
    color: runColor(runId, dark),
  }));
  return {
    colors: Object.fromEntries(list.map((r) => [r.runId, r.color])),
    probeM: Object.fromEntries(runIds.map((id) => [id, runs.get(id)?.probeM ?? null])),
    runs: list,
  };
}
