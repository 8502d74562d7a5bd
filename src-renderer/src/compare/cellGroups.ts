import type { RunListRow } from '../../../src-main/api/contract';

/**
 * Runs drawn and summarized together in "group by cell": the runs of one sweep cell (they
 * differ only in seed), or a single run that belongs to no sweep.
 */
export interface CellGroup {
  /** Stable identity: `sweepId#cellIndex`, or `run-<id>`. */
  readonly key: string;
  /** What legends and tables call it: the cell's axis values, or the run's name. */
  readonly label: string;
  readonly runIds: number[];
  readonly sweepId: string | null;
  readonly cellIndex: number | null;
}

export type GroupableRun = Pick<RunListRow, 'name' | 'sweep'>;

/**
 * Group the selected runs by sweep cell, in the order their first run was selected. When the
 * selection spans several sweeps, each label says which sweep its cell belongs to.
 */
export function cellGroupsOf(
  runIds: readonly number[],
  runs: ReadonlyMap<number, GroupableRun>,
): CellGroup[] {
  const sweeps = new Set(
    runIds.flatMap((id) => {
      const tag = runs.get(id)?.sweep;
      return tag ? [tag.sweepId] : [];
    }),
  );
  const groups = new Map<string, CellGroup>();
  for (const runId of runIds) {
    const run = runs.get(runId);
    const tag = run?.sweep ?? null;
    if (!tag) {
      groups.set(`run-${runId}`, {
        key: `run-${runId}`,
        label: `${run?.name ?? 'run'} #${runId}`,
        runIds: [runId],
        sweepId: null,
        cellIndex: null,
      });
      continue;
    }
    const key = `${tag.sweepId}#${tag.cellIndex}`;
    const existing = groups.get(key);
    if (existing) existing.runIds.push(runId);
    else {
      groups.set(key, {
        key,
        label: sweeps.size > 1 ? `${tag.sweepId}: ${tag.cellLabel}` : tag.cellLabel,
        runIds: [runId],
        sweepId: tag.sweepId,
        cellIndex: tag.cellIndex,
      });
    }
  }
  return [...groups.values()];
}

/** Does grouping change anything: is some selected run part of a sweep cell? */
export function hasSweepCells(groups: readonly CellGroup[]): boolean {
  return groups.some((g) => g.sweepId !== null);
}

/** A group's colour: fixed by its position, so a band and its table row match. */
export function cellColor(index: number, dark: boolean): string {
  const hue = (index * 137.508 + 30) % 360;
  return dark ? `hsl(${hue.toFixed(1)} 70% 65%)` : `hsl(${hue.toFixed(1)} 65% 42%)`;
}
