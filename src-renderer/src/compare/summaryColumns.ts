import type { CompareSummaryRow } from '../../../src-main/api/contract';
import { formatNumber, formatPercent } from '../format/formatters';
import { nextColumnSort, type ColumnSort } from '../tableSort/columnSort';

/**
 * The compare summary table's columns: header, hover explanation, the value a column sorts
 * by, and the cell text (a main figure and a small note) — shared by the on-screen table and
 * the exported dashboard report, so both say the same thing.
 */
export type SummaryColumnKey =
  | 'name'
  | 'finalTestAcc'
  | 'bestTestAcc'
  | 'finalPristineAcc'
  | 'memorizedFraction'
  | 'coherenceInit'
  | 'coherencePeak'
  | 'coherenceFinal'
  | 'adjustedOverfit';

export interface SummaryCell {
  readonly main: string;
  readonly note?: string;
}

export interface SummaryColumn {
  readonly key: SummaryColumnKey;
  readonly label: string;
  readonly title?: string;
  sortValue(row: CompareSummaryRow): number | string | null;
  cell(row: CompareSummaryRow, probeM: number | null): SummaryCell;
}

const percent = (
  key: SummaryColumnKey,
  label: string,
  value: (row: CompareSummaryRow) => number | null,
  title?: string,
): SummaryColumn => ({
  key,
  label,
  title,
  sortValue: value,
  cell: (row) => ({ main: formatPercent(value(row)) }),
});

export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  {
    key: 'name',
    label: 'run',
    sortValue: (row) => row.name.toLocaleLowerCase(),
    cell: (row) => ({ main: row.name, note: `#${row.runId}` }),
  },
  {
    key: 'finalTestAcc',
    label: 'final test acc (n)',
    title: 'on the evaluated test set; n = its size',
    sortValue: (row) => row.finalTestAcc,
    cell: (row) => ({
      main: formatPercent(row.finalTestAcc),
      note: row.testCount ? `(n = ${row.testCount})` : undefined,
    }),
  },
  {
    key: 'bestTestAcc',
    label: 'best test acc (step)',
    sortValue: (row) => row.bestTestAcc,
    cell: (row) => ({
      main: formatPercent(row.bestTestAcc),
      note: row.bestTestStep !== null ? `(step ${row.bestTestStep})` : undefined,
    }),
  },
  percent('finalPristineAcc', 'pristine acc', (row) => row.finalPristineAcc),
  percent(
    'memorizedFraction',
    'memorized fraction',
    (row) => row.memorizedFraction,
    'train accuracy on the corrupt examples (label changed) against their training labels',
  ),
  {
    key: 'coherenceInit',
    label: 'probe m-coh at init',
    title: 'train-probe m-coherence (α/α⊥) of the initial weights (step 0)',
    sortValue: (row) => row.probeCoherence.init?.value ?? null,
    cell: (row, probeM) => ({
      main: formatNumber(row.probeCoherence.init?.value ?? null),
      note: row.probeCoherence.init && probeM ? `(m = ${probeM})` : undefined,
    }),
  },
  {
    key: 'coherencePeak',
    label: 'peak after init (step)',
    title: 'largest train-probe m-coherence after step 0',
    sortValue: (row) => row.probeCoherence.peak?.value ?? null,
    cell: (row) => ({
      main: formatNumber(row.probeCoherence.peak?.value ?? null),
      note: row.probeCoherence.peak ? `(step ${row.probeCoherence.peak.step})` : undefined,
    }),
  },
  {
    key: 'coherenceFinal',
    label: 'final probe m-coh',
    sortValue: (row) => row.probeCoherence.final?.value ?? null,
    cell: (row) => ({ main: formatNumber(row.probeCoherence.final?.value ?? null) }),
  },
  percent(
    'adjustedOverfit',
    'adjusted overfit',
    (row) => row.adjustedOverfit,
    'train acc − ((1 − q)·a + q·(1 − a)/(K − 1)); q = fraction of changed labels, a = test acc, K classes',
  ),
];

export type SummarySort = ColumnSort<SummaryColumnKey>;

/** Clicking the sorted column flips its order; another column starts descending (names ascending). */
export function nextSummarySort(current: SummarySort, clicked: SummaryColumnKey): SummarySort {
  return nextColumnSort<SummaryColumnKey>(current, clicked, ['name']);
}

/**
 * The rows in the order of `sort` (selection order when no column is chosen); rows without a
 * value for the column go last either way, ties keep their order.
 */
export function sortSummaryRows(
  rows: readonly CompareSummaryRow[],
  sort: SummarySort,
): CompareSummaryRow[] {
  const column = SUMMARY_COLUMNS.find((c) => c.key === sort.key);
  if (!column) return [...rows];
  const sign = sort.descending ? -1 : 1;
  const valued = (v: number | string | null): boolean =>
    v !== null && (typeof v === 'string' || Number.isFinite(v));
  return rows
    .map((row, index) => ({ row, index, value: column.sortValue(row) }))
    .sort((a, b) => {
      const av = valued(a.value);
      const bv = valued(b.value);
      if (av !== bv) return av ? -1 : 1;
      if (!av || a.value === b.value) return a.index - b.index;
      return (a.value! < b.value! ? -1 : 1) * sign;
    })
    .map((entry) => entry.row);
}
