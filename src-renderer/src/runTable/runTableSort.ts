import type { RunListRow } from '../../../src-main/api/contract';
import { nextColumnSort } from '../tableSort/columnSort';

export type RunSortKey =
  | 'runId'
  | 'name'
  | 'status'
  | 'dataset'
  | 'model'
  | 'labelNoise'
  | 'aggregator'
  | 'testAcc'
  | 'trainAcc'
  | 'coherence';

/** The sortable columns of the run table, in display order. */
export const RUN_TABLE_COLUMNS: ReadonlyArray<{
  readonly key: RunSortKey;
  readonly label: string;
}> = [
  { key: 'runId', label: '#' },
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'dataset', label: 'Dataset' },
  { key: 'model', label: 'Model' },
  { key: 'labelNoise', label: 'Noise' },
  { key: 'aggregator', label: 'Aggregator' },
  { key: 'trainAcc', label: 'Train acc' },
  { key: 'testAcc', label: 'Test acc' },
  { key: 'coherence', label: 'm-coherence (α/α⊥), train probe' },
];

/** Clicking the sorted column flips the order; a new column starts descending (names ascending). */
export function nextSort(
  current: { key: RunSortKey; descending: boolean },
  clicked: RunSortKey,
): { key: RunSortKey; descending: boolean } {
  return nextColumnSort<RunSortKey>(current, clicked, ['name']);
}

export function sortValue(row: RunListRow, key: RunSortKey): string | number {
  switch (key) {
    case 'testAcc':
      return row.latest['accuracy/test'] ?? Number.NEGATIVE_INFINITY;
    case 'trainAcc':
      return row.latest['accuracy/train'] ?? Number.NEGATIVE_INFINITY;
    case 'coherence':
      return row.latest['coherence/train'] ?? Number.NEGATIVE_INFINITY;
    default:
      return row[key];
  }
}

/** Rows matching a free-text filter (name, tags, dataset, model, aggregator, notes), sorted. */
export function filterAndSortRuns(
  rows: readonly RunListRow[],
  filter: string,
  key: RunSortKey,
  descending: boolean,
): RunListRow[] {
  const needle = filter.trim().toLowerCase();
  const matching = needle
    ? rows.filter((r) =>
        [r.name, r.dataset, r.model, r.aggregator, r.notes, r.status, ...r.tags]
          .join(' ')
          .toLowerCase()
          .includes(needle),
      )
    : [...rows];
  const sign = descending ? -1 : 1;
  return matching.sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a.runId - b.runId;
  });
}
