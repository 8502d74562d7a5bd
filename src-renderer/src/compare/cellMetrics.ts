import type { CellStat } from '../../../src-main/api/contract';
import { formatNumber } from '../format/formatters';

/**
 * The summary metrics a cell table shows first: test accuracy, memorization, probe
 * m-coherence and overfit figures, whatever the run summary currently names them (the names
 * are its fields), without the steps at which they were reached.
 */
const HEADLINE = /testacc|memoriz|coherence|overfit/i;
const STEP = /(^|\.)step$|Step$/;

export function headlineCellMetrics(metricNames: readonly string[]): string[] {
  return metricNames.filter((name) => HEADLINE.test(name) && !STEP.test(name));
}

/** "0.812 ± 0.021" (the 95 % CI's half-width); one seed: the value alone; none: "—". */
export function formatCellStat(stat: CellStat | undefined): string {
  if (!stat || stat.mean === null) return '—';
  if (!stat.ci95) return formatNumber(stat.mean);
  return `${formatNumber(stat.mean)} ± ${formatNumber((stat.ci95[1] - stat.ci95[0]) / 2)}`;
}

/** "mean 0.812, 95 % CI [0.791, 0.833], sd 0.017, n = 5 (1 missing)" for a tooltip. */
export function describeCellStat(stat: CellStat | undefined): string {
  if (!stat || stat.mean === null) return stat ? `no value (n = 0 of ${stat.missing})` : '';
  const parts = [`mean ${formatNumber(stat.mean)}`];
  if (stat.ci95) {
    parts.push(`95 % CI [${formatNumber(stat.ci95[0])}, ${formatNumber(stat.ci95[1])}]`);
  }
  if (stat.sd !== null) parts.push(`sd ${formatNumber(stat.sd)}`);
  parts.push(`n = ${stat.n}${stat.missing ? ` (${stat.missing} missing)` : ''}`);
  return parts.join(', ');
}
