/**
 * What the chart library alone needs for the dashboard bench's six panels, without the app:
 * six ECharts line charts of 20 runs × 533 points (a panel's width at the bench's 1400 px
 * window), with the options the dashboard builds (`panelOption`), set from data already in
 * memory in a blank page, until the frame that paints them. No server, no Vue, no reads.
 * - `sixChartsColdMs`: in a fresh page (ECharts' code runs for the first time: a reloaded
 *   view pays this);
 * - `sixChartsWarmMs`: new chart instances in the same page once more (a view opened again
 *   in the running app).
 * The dashboard's first render cannot be faster than these on the same machine.
 */
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { panelOption, type PanelLine } from '../src-renderer/src/charts/dashboardPanel';
import { runColor } from '../src-renderer/src/charts/runColors';
import { panelQuantity } from '../src-renderer/src/compare/panelQuantities';
import { median } from './benchSupport';

const RUNS = 20;
const POINTS_PER_LINE = 533;
const STEP = 94;
/** The six quantities of the dashboard bench's panels (uiBench.ts draws the same ones). */
export const SIX_PANEL_QUANTITIES: readonly string[] = [
  'coherence/train',
  'accuracy/test',
  'accuracy/train',
  'loss/train',
  'loss/test',
  'batchCoherence/batch',
];

export interface ChartFloorResult {
  sixChartsColdMs: number;
  sixChartsWarmMs: number;
}

/** One run's line: a smooth learning curve with a little noise, like the seeded runs. */
function line(run: number): PanelLine {
  const x = Array.from({ length: POINTS_PER_LINE }, (_, i) => i * STEP);
  const raw = x.map(
    (_, i) => 0.1 + 0.8 * (1 - Math.exp(-i / (60 + 5 * run))) + 0.01 * Math.sin(i + run),
  );
  return {
    source: { kind: 'run', id: String(run), name: `seeded-${run}` },
    legend: `seeded-${run} #${run}`,
    part: '',
    series: 'bench',
    color: runColor(run, false),
    style: 'solid',
    x,
    step: x,
    raw,
    smoothed: raw,
    storedPoints: x.length,
  };
}

/** The six panels' options as JSON (tooltip formatters, functions, do not cross into the page). */
function sixOptions(): string {
  const lines = Array.from({ length: RUNS }, (_, r) => line(r + 1));
  const options = SIX_PANEL_QUANTITIES.map((id) => {
    const quantity = panelQuantity(id);
    if (!quantity) throw new Error(`chart floor bench: unknown panel quantity ${id}`);
    return panelOption({
      quantity,
      lines,
      xAxis: 'step',
      logX: false,
      logY: false,
      smoothing: 0,
      xRange: { min: 0, max: (POINTS_PER_LINE - 1) * STEP },
      zoom: { start: 0, end: 100 },
    });
  });
  return JSON.stringify(options);
}

/** Page code (as text: the Node project's types have no DOM): draw the six charts, time it. */
const DRAW_SIX = `async (options) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  for (const chart of window.__charts ?? []) chart.dispose();
  document.body.replaceChildren();
  await frame();
  const started = performance.now();
  window.__charts = options.map((option) => {
    const box = document.createElement('div');
    box.style.cssText = 'width:533px;height:340px;display:inline-block';
    document.body.appendChild(box);
    const chart = window.echarts.init(box, undefined, { renderer: 'canvas' });
    chart.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
    return chart;
  });
  await frame();
  await frame();
  return performance.now() - started;
}`;

export async function benchChartFloor(browser: Browser): Promise<ChartFloorResult> {
  const echartsPath = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  const options = sixOptions();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.setContent('<!doctype html><body style="margin:0"></body>');
    await page.addScriptTag({ path: echartsPath });
    const draw = (): Promise<number> =>
      page.evaluate(`(${DRAW_SIX})(${options})`) as Promise<number>;
    const cold = await draw();
    // Warm: the median of three more rounds in the same page.
    const warm = median([await draw(), await draw(), await draw()]);
    return { sixChartsColdMs: Math.round(cold), sixChartsWarmMs: Math.round(warm) };
  } finally {
    await page.close();
  }
}
