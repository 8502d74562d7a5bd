import type { RunListRow } from '../../../src-main/api/contract';

/** A new selection with `runId` added, or removed when it was selected. */
export function toggledSelection(selected: ReadonlySet<number>, runId: number): Set<number> {
  const next = new Set(selected);
  if (next.has(runId)) next.delete(runId);
  else next.add(runId);
  return next;
}

/** The selected runs that still exist (a deleted run leaves the selection). */
export function selectionInRows(
  selected: ReadonlySet<number>,
  rows: readonly RunListRow[],
): Set<number> {
  const ids = new Set(rows.map((r) => r.runId));
  return new Set([...selected].filter((id) => ids.has(id)));
}
