import type { ApiResult, CellStat } from '../../api/contract';
import { formatMarkdownTable, formatTable, fmtNumber } from '../textTable';

/**
 * The metrics a sweep table shows unless --metrics names others: test accuracy, memorization,
 * probe m-coherence and overfit figures, whatever the run summary currently calls them (the
 * names come from its fields), without the steps at which they were reached.
 */
const HEADLINE = /testacc|memoriz|coherence|overfit/i;
const STEP = /(^|\.)step$|Step$/;

export function defaultSweepMetrics(metricNames: readonly string[]): string[] {
  return metricNames.filter((name) => HEADLINE.test(name) && !STEP.test(name));
}

/** "0.812 ± 0.021" (half-width of the 95 % CI); one seed: the value alone; none: "—". */
export function formatCellStat(stat: CellStat | undefined, digits = 3): string {
  if (!stat || stat.mean === null) return '—';
  if (!stat.ci95) return fmtNumber(stat.mean, digits);
  return `${fmtNumber(stat.mean, digits)} ± ${fmtNumber((stat.ci95[1] - stat.ci95[0]) / 2, digits)}`;
}

/** One row per cell: its axis values, n, and each metric as mean ± 95 % CI half-width. */
export function sweepCellTable(
  compared: ApiResult<'sweeps.compare'>,
  format: 'table' | 'markdown',
  metrics?: string,
): string {
  const chosen = metrics
    ? metrics
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean)
    : defaultSweepMetrics(compared.metricNames);
  const unknown = chosen.filter((m) => !compared.metricNames.includes(m));
  if (unknown.length > 0) {
    throw new Error(
      `--metrics: no metric ${unknown.join(', ')}; the summary has ${compared.metricNames.join(', ')}`,
    );
  }
  const header = [...compared.axes, 'n', ...chosen];
  const rows = compared.cells.map((cell) => [
    ...compared.axes.map((axis) => {
      const value = cell.axes[axis];
      return typeof value === 'string' ? value : JSON.stringify(value);
    }),
    String(cell.n),
    ...chosen.map((m) => formatCellStat(cell.metrics[m], /oherence/.test(m) ? 2 : 3)),
  ]);
  const render = format === 'markdown' ? formatMarkdownTable : formatTable;
  const title = `sweep ${compared.sweepId} "${compared.name}": mean ± half-width of the 95 % CI (Student t, n − 1 df) over seeds`;
  return `${title}\n${render(header, rows)}`;
}
