import { renderSvgChart, type ChartLine } from './svgCharts';
import type { ConfigDiffRow } from '../analysis/configDiff';
import type { RunOutcome } from '../analysis/runSummary';

/** Everything a report shows about one run, already read from the store. */
export interface ReportRun {
  readonly runId: number;
  readonly name: string;
  readonly status: string;
  readonly backend: string | null;
  readonly outcome: RunOutcome;
  /** probe name → points (step, m-coherence), with the probe size m. */
  readonly coherence: ReadonlyArray<{ probe: string; m: number; points: Array<[number, number]> }>;
  readonly accuracy: ReadonlyArray<{ subset: string; points: Array<[number, number]> }>;
  readonly loss: ReadonlyArray<{ subset: string; points: Array<[number, number]> }>;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const fmt = (value: number | null, digits = 3): string =>
  value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);

export function renderHtmlReport(input: {
  title: string;
  generatedAt: string;
  appVersion: string;
  runs: readonly ReportRun[];
  configDiff: readonly ConfigDiffRow[];
}): string {
  const coherenceLines: ChartLine[] = input.runs.flatMap((run) =>
    run.coherence.map((c) => ({
      name: `${run.name} · ${c.probe} probe (m=${c.m})`,
      points: c.points,
      dashed: c.probe !== 'train',
    })),
  );
  const accuracyLines: ChartLine[] = input.runs.flatMap((run) =>
    run.accuracy.map((a) => ({
      name: `${run.name} · ${a.subset}`,
      points: a.points,
      dashed: a.subset !== 'test',
    })),
  );
  const lossLines: ChartLine[] = input.runs.flatMap((run) =>
    run.loss.map((a) => ({
      name: `${run.name} · ${a.subset}`,
      points: a.points,
      dashed: a.subset !== 'test',
    })),
  );
  const charts = [
    renderSvgChart({
      title: 'Probe m-coherence (α/α⊥)',
      xLabel: 'step',
      yLabel: 'm-coherence',
      lines: coherenceLines,
      logX: true,
      logY: true,
      referenceY: { value: 1, label: '1 = orthogonal gradients' },
    }),
    renderSvgChart({ title: 'Accuracy', xLabel: 'step', yLabel: 'accuracy', lines: accuracyLines }),
    renderSvgChart({ title: 'Loss', xLabel: 'step', yLabel: 'cross-entropy', lines: lossLines }),
  ];
  const summaryRows = input.runs
    .map((run) => {
      const o = run.outcome;
      return `<tr><td>${run.runId}</td><td>${escapeHtml(run.name)}</td><td>${escapeHtml(run.status)}</td><td>${escapeHtml(run.backend ?? '—')}</td><td>${fmt(o.finalTrainAcc)}</td><td>${fmt(o.finalTestAcc)}</td><td>${fmt(o.bestTestAcc)} @ ${o.bestTestStep ?? '—'}</td><td>${fmt(o.memorizedFraction)}</td><td>${fmt(o.peakProbeCoherence, 2)}</td><td>${fmt(o.adjustedOverfit)}</td></tr>`;
    })
    .join('\n');
  const diffHeader = input.runs.map((r) => `<th>${escapeHtml(r.name)}</th>`).join('');
  const diffRows = input.configDiff
    .map(
      (row) =>
        `<tr><td><code>${escapeHtml(row.key)}</code></td>${input.runs
          .map((r) => `<td>${escapeHtml(JSON.stringify(row.values[r.runId]) ?? '—')}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}figure{margin:1.5rem 0}.note{color:#666}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1>
<p class="note">Generated ${escapeHtml(input.generatedAt)} by Coherence Lab ${escapeHtml(input.appVersion)}.
m-coherence = ‖Σg<sub>i</sub>‖²/Σ‖g<sub>i</sub>‖² over a fixed probe of m examples: 1 means pairwise-orthogonal per-example gradients, m identical ones.</p>
<h2>Summary</h2>
<table><thead><tr><th>id</th><th>run</th><th>status</th><th>backend</th><th>final train acc</th><th>final test acc</th><th>best test acc @ step</th><th>memorized fraction</th><th>peak probe m-coherence</th><th>adjusted overfit</th></tr></thead>
<tbody>${summaryRows}</tbody></table>
<h2>Configuration differences</h2>
${input.configDiff.length ? `<table><thead><tr><th>key</th>${diffHeader}</tr></thead><tbody>${diffRows}</tbody></table>` : '<p class="note">The runs share one configuration.</p>'}
<h2>Curves</h2>
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
</body></html>
`;
}
