import { renderSvgBandChart, type ChartBand } from './svgCharts';

/** One metric of one cell: n, mean and the 95 % interval (null where n < 2). */
export interface ReportCellStat {
  readonly n: number;
  readonly mean: number | null;
  readonly ci95: readonly [number, number] | null;
}

export interface ReportCell {
  readonly label: string;
  readonly axes: Record<string, unknown>;
  readonly runIds: readonly number[];
  readonly metrics: Record<string, ReportCellStat>;
}

export interface ReportBandChart {
  readonly title: string;
  readonly yLabel: string;
  readonly bands: readonly ChartBand[];
  readonly referenceAtOne?: boolean;
}

export interface SweepReportInput {
  readonly title: string;
  readonly generatedAt: string;
  readonly appVersion: string;
  readonly sweepId: string;
  readonly sweepName: string;
  readonly seeds: readonly number[];
  readonly axes: readonly string[];
  readonly metricNames: readonly string[];
  readonly cells: readonly ReportCell[];
  readonly charts: readonly ReportBandChart[];
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const fmt = (value: number | null, digits = 3): string =>
  value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);

/** "0.812 ± 0.021 (n = 5)"; one seed shows its value alone, without an interval. */
function meanWithInterval(stat: ReportCellStat | undefined): string {
  if (!stat || stat.mean === null) return '—';
  if (!stat.ci95) return `${fmt(stat.mean)} <small>(n = ${stat.n})</small>`;
  const half = (stat.ci95[1] - stat.ci95[0]) / 2;
  return `${fmt(stat.mean)} ± ${fmt(half)} <small>(n = ${stat.n})</small>`;
}

/**
 * A sweep as one self-contained HTML page grouped by cell: the axes each cell sets, every
 * summary metric as mean ± 95 % CI half-width (Student t, n − 1 degrees of freedom), and the
 * curves as each cell's mean line with its shaded band.
 */
export function renderSweepReport(input: SweepReportInput): string {
  const axisHeader = input.axes.map((a) => `<th><code>${escapeHtml(a)}</code></th>`).join('');
  const axisRows = input.cells
    .map(
      (cell) =>
        `<tr><th>${escapeHtml(cell.label)}</th>${input.axes
          .map((a) => `<td>${escapeHtml(JSON.stringify(cell.axes[a]) ?? '—')}</td>`)
          .join('')}<td>${cell.runIds.join(', ') || '—'}</td></tr>`,
    )
    .join('\n');
  const metricHeader = input.metricNames
    .map((m) => `<th><code>${escapeHtml(m)}</code></th>`)
    .join('');
  const metricRows = input.cells
    .map(
      (cell) =>
        `<tr><th>${escapeHtml(cell.label)}</th>${input.metricNames
          .map((m) => `<td>${meanWithInterval(cell.metrics[m])}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const charts = input.charts
    .filter((chart) => chart.bands.some((b) => b.x.length > 0))
    .map((chart) =>
      renderSvgBandChart({
        title: chart.title,
        xLabel: 'step',
        yLabel: chart.yLabel,
        bands: chart.bands,
        referenceY: chart.referenceAtOne
          ? { value: 1, label: '1 = orthogonal gradients' }
          : undefined,
      }),
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;white-space:nowrap}
th{background:#f4f4f4}figure{margin:1.5rem 0}.note{color:#666}.wide{overflow-x:auto}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
<p class="note">Generated ${escapeHtml(input.generatedAt)} by Coherence Lab ${escapeHtml(input.appVersion)}.
Sweep <code>${escapeHtml(input.sweepId)}</code> “${escapeHtml(input.sweepName)}”: ${input.cells.length} cells × seeds ${escapeHtml(input.seeds.join(', '))}.
Each cell is summarized over its seeds as mean ± the half-width of the 95 % confidence interval (Student t with n − 1 degrees of freedom); a cell with one run shows its value alone.
m-coherence = ‖Σg<sub>i</sub>‖²/Σ‖g<sub>i</sub>‖² over a fixed probe of m examples.</p>
<h2>Cells</h2>
<div class="wide"><table><thead><tr><th>cell</th>${axisHeader}<th>runs</th></tr></thead><tbody>${axisRows}</tbody></table></div>
<h2>Summary by cell</h2>
<div class="wide"><table><thead><tr><th>cell</th>${metricHeader}</tr></thead><tbody>${metricRows}</tbody></table></div>
<h2>Curves (mean and 95 % band per cell)</h2>
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n') || '<p class="note">No run of this sweep has stored measurements yet.</p>'}
</body></html>
`;
}
