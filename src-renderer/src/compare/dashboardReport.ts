import type { CompareResult, CompareSummaryRow } from '../../../src-main/api/contract';
import { olderDefinitionsNote } from '../../../src-main/shared/metricDefinitions';
import { escapeHtml } from '../format/escapeHtml';
import { formatValue } from '../format/formatters';
import { SUMMARY_COLUMNS, sortSummaryRows, type SummarySort } from './summaryColumns';

/** One panel as the report shows it: its title and its chart drawn as SVG. */
export interface ReportPanel {
  readonly title: string;
  readonly svg: string;
}

export interface DashboardReportInput {
  readonly title: string;
  /** When it was written (ISO text), and by which app version. */
  readonly generatedAt: string;
  readonly runs: ReadonlyArray<{ runId: number; name: string; color: string }>;
  /** The shared x-axis and smoothing, as the dashboard shows them. */
  readonly settings: string;
  readonly panels: readonly ReportPanel[];
  readonly summary: readonly CompareSummaryRow[];
  readonly summarySort: SummarySort;
  readonly probeM: Record<number, number | null>;
  readonly configDiff: CompareResult['configDiff'];
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111827; background: #fff; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
.meta, small, .note { color: #6b7280; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #d1d5db; border-radius: 8px; padding: 0.5rem; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; margin-top: 0.5rem; }
th, td { border-bottom: 1px solid #d1d5db; padding: 0.3rem 0.6rem; text-align: left; }
.swatch { display: inline-block; width: 0.75rem; height: 0.75rem; border-radius: 2px; margin-right: 0.35rem; }
`;

const swatch = (color: string): string =>
  `<span class="swatch" style="background:${escapeHtml(color)}"></span>`;

function summaryTable(input: DashboardReportInput): string {
  const colors = new Map(input.runs.map((r) => [r.runId, r.color]));
  const [nameColumn, ...figures] = SUMMARY_COLUMNS;
  const head = SUMMARY_COLUMNS.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
  const rows = sortSummaryRows(input.summary, input.summarySort).map((row) => {
    const older = olderDefinitionsNote(row.metricsVersion) ? '<sup>†</sup>' : '';
    const name = `<th>${swatch(colors.get(row.runId) ?? '#888')}${escapeHtml(nameColumn.cell(row, null).main)}${older}</th>`;
    const cells = figures.map((c) => {
      const cell = c.cell(row, input.probeM[row.runId] ?? null);
      return `<td>${escapeHtml(cell.main)}${cell.note ? ` <small>${escapeHtml(cell.note)}</small>` : ''}</td>`;
    });
    return `<tr>${name}${cells.join('')}</tr>`;
  });
  const notes = [...new Set(input.summary.map((r) => r.metricsVersion))].flatMap((version) => {
    const note = olderDefinitionsNote(version);
    if (!note) return [];
    const runs = input.summary.filter((r) => r.metricsVersion === version).map((r) => r.name);
    return [`<p class="note">† ${escapeHtml(runs.join(', '))}: ${escapeHtml(note)}.</p>`];
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${notes.join('')}`;
}

function configTable(input: DashboardReportInput): string {
  if (input.configDiff.length === 0) return '<p class="note">The configurations are identical.</p>';
  const head = input.runs.map((r) => `<th>${swatch(r.color)}${escapeHtml(r.name)}</th>`).join('');
  const rows = input.configDiff.map(
    (row) =>
      `<tr><th><code>${escapeHtml(row.key)}</code></th>${input.runs
        .map((r) => `<td>${escapeHtml(formatValue(row.values[r.runId]))}</td>`)
        .join('')}</tr>`,
  );
  return `<table><thead><tr><th>key</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The compare dashboard as one self-contained HTML file: every panel's chart as inline SVG
 * (no script, no external resource), the summary in the order shown, and the config keys
 * that differ. What is on screen, readable anywhere, offline.
 */
export function dashboardReportHtml(input: DashboardReportInput): string {
  const runs = input.runs
    .map((r) => `<li>${swatch(r.color)}${escapeHtml(r.name)} <small>#${r.runId}</small></li>`)
    .join('');
  const panels = input.panels
    .map((p) => `<figure><figcaption>${escapeHtml(p.title)}</figcaption>${p.svg}</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">Written ${escapeHtml(input.generatedAt)} by Coherence Lab · ${escapeHtml(input.settings)}</p>
<ul>${runs}</ul>
<div class="panels">
${panels}
</div>
<h2>Summary</h2>
${summaryTable(input)}
<h2>Config keys that differ</h2>
${configTable(input)}
</body>
</html>
`;
}
