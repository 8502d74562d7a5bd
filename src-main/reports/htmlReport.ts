import { escapeHtml, renderHtmlPage } from './htmlPage';
import { renderSvgChart, type ChartLine } from './svgCharts';
import type { ConfigDiffRow } from '../analysis/configDiff';
import type { RunOutcome } from '../analysis/runSummary';
import { olderDefinitionsNote } from '../shared/metricDefinitions';
import type { ValueAtStep } from '../shared/summaryFigures';

/** Everything a report shows about one run, already read from the store. */
export interface ReportRun {
  readonly runId: number;
  readonly name: string;
  readonly status: string;
  readonly backend: string | null;
  readonly outcome: RunOutcome;
  /** Test examples behind its test accuracy. */
  readonly testCount: number | null;
  /** Metric definitions its stored metrics follow; older ones are marked with a footnote. */
  readonly metricsVersion: number;
  /** probe name → points (step, m-coherence), with the probe size m. */
  readonly coherence: ReadonlyArray<{ probe: string; m: number; points: Array<[number, number]> }>;
  readonly accuracy: ReadonlyArray<{ subset: string; points: Array<[number, number]> }>;
  readonly loss: ReadonlyArray<{ subset: string; points: Array<[number, number]> }>;
}

const fmt = (value: number | null, digits = 3): string =>
  value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);

const fmtAtStep = (v: ValueAtStep): string => (v ? `${fmt(v.value, 2)} @ ${v.step}` : '—');

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
      const mark = olderDefinitionsNote(run.metricsVersion) ? ' †' : '';
      const testCount = run.testCount ? ` (${run.testCount})` : '';
      return `<tr><td>${run.runId}</td><td>${escapeHtml(run.name)}${mark}</td><td>${escapeHtml(run.status)}</td><td>${escapeHtml(run.backend ?? '—')}</td><td>${fmt(o.finalTrainAcc)}</td><td>${fmt(o.finalTestAcc)}${testCount}</td><td>${fmt(o.bestTestAcc)} @ ${o.bestTestStep ?? '—'}</td><td>${fmt(o.memorizedFraction)}</td><td>${fmt(o.probeCoherence.init?.value ?? null, 2)}</td><td>${fmtAtStep(o.probeCoherence.peak)}</td><td>${fmt(o.probeCoherence.final?.value ?? null, 2)}</td><td>${fmt(o.adjustedOverfit)}</td></tr>`;
    })
    .join('\n');
  const olderNotes = [...new Set(input.runs.map((r) => r.metricsVersion))]
    .map((version) => olderDefinitionsNote(version))
    .filter((note): note is string => note !== null)
    .map((note) => `<p class="note">† ${escapeHtml(note)}.</p>`)
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
  const body = `<h1>${escapeHtml(input.title)}</h1>
<p class="note">Generated ${escapeHtml(input.generatedAt)} by Coherence Lab ${escapeHtml(input.appVersion)}.
m-coherence = ‖Σg<sub>i</sub>‖²/Σ‖g<sub>i</sub>‖² over a fixed probe of m examples: 1 means pairwise-orthogonal per-example gradients, m identical ones.</p>
<h2>Summary</h2>
<table><thead><tr><th>id</th><th>run</th><th>status</th><th>backend</th><th>final train acc</th><th>final test acc (n)</th><th>best test acc @ step</th><th>memorized fraction</th><th>probe m-coherence at init</th><th>peak after init @ step</th><th>final probe m-coherence</th><th>adjusted overfit</th></tr></thead>
<tbody>${summaryRows}</tbody></table>
${olderNotes}
<p class="note">Memorized fraction: train accuracy on the corrupt examples (label changed) against their training labels. Adjusted overfit: train accuracy − ((1 − q)·a + q·(1 − a)/(K − 1)), q the fraction of changed labels, a the test accuracy, K classes.</p>
<h2>Configuration differences</h2>
${input.configDiff.length ? `<table><thead><tr><th>key</th>${diffHeader}</tr></thead><tbody>${diffRows}</tbody></table>` : '<p class="note">The runs share one configuration.</p>'}
<h2>Curves</h2>
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}`;
  return renderHtmlPage({ title: input.title, body });
}
