import { escapeHtml, renderHtmlPage } from '../reports/htmlPage';
import { renderSvgChart, type ChartLine } from '../reports/svgCharts';
import type { ClaimFigure, ClaimResult } from './claimEvaluation';
import type { ReproductionResult } from './reproduction';

/**
 * The reproduction report: one self-contained HTML file (the reports' page shell, inline SVG
 * charts) with the verdict table, then per claim its sentence, the rule, the verdict with the
 * numbers each seed gave the rule, and its figures as mean ± 95 % CI bands over seeds.
 */
export interface ReportContext {
  readonly generatedAt: string;
  readonly appVersion: string;
  /** The command line that produced it, shown so the report says how to make it again. */
  readonly command: string;
  readonly elapsedSeconds: number;
}

const VERDICT_COLORS = { holds: '#1b7a3a', fails: '#b3261e', inconclusive: '#8a6d00' } as const;

const verdictBadge = (verdict: ClaimResult['verdict']): string =>
  `<strong style="color:${VERDICT_COLORS[verdict]}">${verdict}</strong>`;

const anchor = (id: string): string => `claim-${id.replace(/[^A-Za-z0-9-]/g, '-')}`;

function figureSvg(figure: ClaimFigure): string {
  const lines: ChartLine[] = figure.bands.map((band) => {
    const points: Array<[number, number]> = [];
    const ci: Array<[number, number, number]> = [];
    band.steps.forEach((step, i) => {
      const mean = band.mean[i];
      if (mean === null) return;
      points.push([step, mean]);
      const lo = band.lo[i];
      const hi = band.hi[i];
      if (lo !== null && hi !== null) ci.push([step, lo, hi]);
    });
    const seeds = band.n.length ? Math.max(...band.n) : 0;
    return { name: `${band.label} (n = ${seeds})`, points, band: ci };
  });
  return renderSvgChart({
    title: figure.title,
    xLabel: 'step',
    yLabel: figure.yLabel,
    lines,
    logX: true,
    logY: figure.logY,
    ...(figure.logY && figure.yLabel === 'm-coherence'
      ? { referenceY: { value: 1, label: '1 = orthogonal gradients' } }
      : {}),
  });
}

function numbersCell(numbers: Record<string, number | null>): string {
  const entries = Object.entries(numbers);
  if (!entries.length) return '—';
  return entries
    .map(([key, value]) => `${escapeHtml(key)} = ${value === null ? '—' : String(value)}`)
    .join('<br>');
}

function claimSection(claim: ClaimResult): string {
  const seedRows = claim.seeds
    .map(
      (s) =>
        `<tr><td>${s.seed}</td><td>${escapeHtml(s.outcome)}</td><td>${numbersCell(s.numbers)}</td><td>${escapeHtml(s.note || '—')}</td></tr>`,
    )
    .join('\n');
  const runs = Object.entries(claim.runs)
    .map(
      ([arm, list]) =>
        `${escapeHtml(arm)}: ${list.map((r) => `seed ${r.seed} → run ${r.runId}${r.status === 'completed' ? '' : ` (${escapeHtml(r.status)})`}`).join(', ') || 'none'}`,
    )
    .join('; ');
  const figures = Object.values(claim.figures)
    .map((figure) => `<figure>${figureSvg(figure)}</figure>`)
    .join('\n');
  return `<section id="${anchor(claim.id)}">
<h2>${escapeHtml(claim.id)} — ${verdictBadge(claim.verdict)}</h2>
<p>${escapeHtml(claim.claim)}</p>
<p><em>Rule:</em> ${escapeHtml(claim.rule)}</p>
<p><em>Verdict:</em> ${verdictBadge(claim.verdict)} (${escapeHtml(claim.reason)}).</p>
<table><thead><tr><th>seed</th><th>outcome</th><th>numbers the rule used</th><th>note</th></tr></thead>
<tbody>${seedRows}</tbody></table>
<p class="note">Runs: ${runs}.</p>
${figures}
</section>`;
}

export function renderReproductionReport(
  result: ReproductionResult,
  context: ReportContext,
): string {
  const title = `Coherence Lab: reproducing the paper's claims (${result.tier} suite)`;
  const verdictRows = result.claims
    .map(
      (c) =>
        `<tr><td><a href="#${anchor(c.id)}">${escapeHtml(c.id)}</a></td><td>${escapeHtml(c.claim)}</td><td>${verdictBadge(c.verdict)}</td><td>${escapeHtml(c.reason)}</td></tr>`,
    )
    .join('\n');
  const notRunRows = result.notRun
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.claim)}</td><td>${escapeHtml(c.reason)}</td></tr>`,
    )
    .join('\n');
  const minutes = (context.elapsedSeconds / 60).toFixed(1);
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="note">Generated ${escapeHtml(context.generatedAt)} by Coherence Lab ${escapeHtml(context.appVersion)} in ${minutes} min with <code>${escapeHtml(context.command)}</code>; seeds ${result.seeds.join(', ')}.
Claims and rules: PAPER-CLAIMS section 3 (small-scale versions). A claim holds when every seed satisfies its rule (at least 3 seeds), fails when every seed violates it, and is inconclusive otherwise.
Bands: mean ± 95 % Student t interval over the seeds at the steps every seed logged (no band with one seed).
m-coherence = ‖Σg<sub>i</sub>‖²/Σ‖g<sub>i</sub>‖² over a fixed probe of m examples, on the training labels.</p>
<h2>Verdicts</h2>
<table><thead><tr><th>claim</th><th>what it says</th><th>verdict</th><th>seeds</th></tr></thead>
<tbody>${verdictRows}</tbody></table>
${result.claims.map(claimSection).join('\n')}
<h2>Not run</h2>
${notRunRows ? `<table><thead><tr><th>claim</th><th>what it says</th><th>why not</th></tr></thead><tbody>${notRunRows}</tbody></table>` : '<p class="note">Every claim ran.</p>'}`;
  return renderHtmlPage({ title, body });
}
