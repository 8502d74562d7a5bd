import type { ApiEvents, RunListRow } from '../../../src-main/api/contract';

type ProgressEvent = ApiEvents['run.progress'];

/** A run (list row or detail) with its progress replaced from a `run.progress` event. */
export function withProgress<Row extends RunListRow>(row: Row, event: ProgressEvent): Row {
  const { done, total, rate, etaSec } = event;
  return { ...row, progress: { done, total, rate, etaSec } };
}

/**
 * Rows with one run's progress replaced, so a table follows training without re-reading the
 * list. The same array when that run is not in it (nothing to redraw).
 */
export function rowsWithProgress<Row extends RunListRow>(rows: Row[], event: ProgressEvent): Row[] {
  if (!rows.some((r) => r.runId === event.runId)) return rows;
  return rows.map((r) => (r.runId === event.runId ? withProgress(r, event) : r));
}
