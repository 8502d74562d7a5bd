import type { RunListRow } from '../../../src-main/api/contract';

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

export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
