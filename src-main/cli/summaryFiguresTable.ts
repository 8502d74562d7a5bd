import type { CompareSummaryRow, ValueAtStep } from '../api/contract';
import { olderDefinitionsNote } from '../shared/metricDefinitions';
import { fmtNumber } from './textTable';

/**
 * The compare table's columns: the summary figures of src-main/analysis/runSummary.ts, with the
 * size of the test set behind each test accuracy and a mark (†) on runs whose metrics were
 * recorded under older definitions, explained in a footnote, so old and new numbers are never
 * mixed silently.
 */
export const SUMMARY_FIGURES_HEADER = [
  'run',
  'final test acc (n)',
  'best test acc @ step',
  'pristine acc',
  'memorized fraction',
  'probe m-coh at init',
  'peak after init @ step',
  'final probe m-coh',
  'adjusted overfit',
] as const;

const OLDER_DEFINITIONS_MARK = '†';

const atStep = (v: ValueAtStep, digits: number): string =>
  v ? `${fmtNumber(v.value, digits)} @ ${v.step}` : '—';

export function summaryFiguresRows(rows: readonly CompareSummaryRow[]): string[][] {
  return rows.map((row) => [
    `${row.runId} ${row.name}${olderDefinitionsNote(row.metricsVersion) ? ` ${OLDER_DEFINITIONS_MARK}` : ''}`,
    `${fmtNumber(row.finalTestAcc)}${row.testCount ? ` (${row.testCount})` : ''}`,
    `${fmtNumber(row.bestTestAcc)} @ ${row.bestTestStep ?? '—'}`,
    fmtNumber(row.finalPristineAcc),
    fmtNumber(row.memorizedFraction),
    fmtNumber(row.probeCoherence.init?.value ?? null, 2),
    atStep(row.probeCoherence.peak, 2),
    fmtNumber(row.probeCoherence.final?.value ?? null, 2),
    fmtNumber(row.adjustedOverfit),
  ]);
}

/** Footnotes for the marked runs (one per definitions version present), or an empty list. */
export function summaryFiguresFootnotes(rows: readonly CompareSummaryRow[]): string[] {
  const versions = [...new Set(rows.map((r) => r.metricsVersion))].sort();
  return versions.flatMap((version) => {
    const note = olderDefinitionsNote(version);
    const runs = rows.filter((r) => r.metricsVersion === version).map((r) => r.runId);
    return note ? [`${OLDER_DEFINITIONS_MARK} runs ${runs.join(', ')}: ${note}.`] : [];
  });
}
