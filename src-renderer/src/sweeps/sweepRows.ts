import type {
  RunListRow,
  SweepRow,
  SweepStatus,
  SweepTaskStatus,
} from '../../../src-main/api/contract';
import { formatDuration } from '../format/formatters';

/** A sweep's progress across its tasks, as the sweep row shows it. */
export interface SweepProgressView {
  readonly total: number;
  readonly completed: number;
  readonly running: number;
  readonly pending: number;
  /** Failed and cancelled together: the tasks a resubmission would run again. */
  readonly unfinished: number;
  readonly text: string;
  readonly etaText: string;
}

export function sweepProgressView(
  row: SweepRow,
  status: SweepStatus | undefined,
): SweepProgressView {
  if (!status) {
    return {
      total: row.runs,
      completed: row.executor === 'local' ? row.inProject : 0,
      running: 0,
      pending: 0,
      unfinished: 0,
      text: row.executor === null ? 'not started' : 'reading…',
      etaText: '—',
    };
  }
  const parts = [`${status.completed}/${status.total} done`];
  if (status.running) parts.push(`${status.running} running`);
  if (status.pending) parts.push(`${status.pending} pending`);
  if (status.failed) parts.push(`${status.failed} failed`);
  if (status.cancelled) parts.push(`${status.cancelled} cancelled`);
  if (status.executor === 'slurm') parts.push(`${status.inProject} collected`);
  const active = status.running + status.pending > 0;
  return {
    total: status.total,
    completed: status.completed,
    running: status.running,
    pending: status.pending,
    unfinished: status.failed + status.cancelled,
    text: parts.join(' · '),
    etaText: active ? formatDuration(status.etaSec) : '—',
  };
}

/** What a sweep row offers, given where its tasks stand. */
export interface SweepActions {
  /** Slurm: finished tasks not yet in the project. */
  readonly collect: boolean;
  readonly cancel: boolean;
  readonly resubmit: boolean;
  /** Cells can be compared once some run is in the project. */
  readonly compare: boolean;
}

export function sweepActions(row: SweepRow, status: SweepStatus | undefined): SweepActions {
  const unfinished = status ? status.failed + status.cancelled : 0;
  const active = status ? status.running + status.pending : 0;
  return {
    collect: row.executor === 'slurm' && (status ? status.completed > status.inProject : true),
    cancel: row.executor !== null && active > 0,
    resubmit: row.executor !== null && unfinished > 0,
    compare: row.inProject > 0,
  };
}

/** One cell of an expanded sweep row: its tasks (one per seed) with their runs. */
export interface SweepCellView {
  readonly index: number;
  readonly label: string;
  readonly tasks: Array<SweepTaskStatus & { readonly run: RunListRow | null }>;
}

export function sweepCells(
  row: SweepRow,
  status: SweepStatus | undefined,
  runs: ReadonlyMap<number, RunListRow>,
): SweepCellView[] {
  const cells: SweepCellView[] = row.cellLabels.map((label, index) => ({
    index,
    label,
    tasks: [],
  }));
  for (const task of status?.tasks ?? []) {
    cells[task.cellIndex]?.tasks.push({
      ...task,
      run: task.runId === null ? null : (runs.get(task.runId) ?? null),
    });
  }
  return cells;
}

/** The runs of the run table that belong to no sweep (a sweep's runs appear under its row). */
export function runsOutsideSweeps(rows: readonly RunListRow[]): RunListRow[] {
  return rows.filter((r) => r.sweep === null);
}

/** Every run of a sweep that the project holds, in task order (for "compare cells"). */
export function sweepRunIds(sweepId: string, rows: readonly RunListRow[]): number[] {
  return rows
    .filter((r) => r.sweep?.sweepId === sweepId)
    .sort((a, b) => (a.sweep?.taskIndex ?? 0) - (b.sweep?.taskIndex ?? 0))
    .map((r) => r.runId);
}
