/**
 * UI speed in headless Chromium, from the compare view's own performance marks:
 * - `compare20x5kFirstRenderMs`: 20 completed runs × 5,000 probe m-coherence points, the
 *   dashboard's default layout (view created → every panel with data drawn; the lines are
 *   read downsampled to about a panel's width, the stored points for tooltips after that);
 * - `smoothingToggleMs`: the smoothing slider moved → every panel redrawn;
 * - `dashboard6x20x5kFirstRenderMs`: six panels of different quantities, each with 20 runs ×
 *   5,000 points (600,000 points read and drawn);
 * - `linkedHoverMs`: one pointer move over a panel → all six linked charts have moved their
 *   axis pointer and tooltip and painted (median of several moves);
 * - `compare20x5kInAppRenderMs`, `dashboard6x20x5kInAppRenderMs`: the same first renders when
 *   the view is opened from the Runs view of the running app (as in the desktop app, where
 *   nobody reloads: the chart code has run before), median of three openings;
 * - `sixChartsColdMs`, `sixChartsWarmMs`: the chart library alone (chartFloorBench.ts).
 * The first two and the dashboard's first render load the page afresh (a warm-up load first,
 * for the browser's caches), so ECharts' code runs for the first time in them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createLabApi } from '../src-main/api/labApi';
import type { DashboardLayout } from '../src-main/shared/dashboardLayout';
import { startLabServer } from '../src-main/server/labServer';
import { launchChromium } from '../test/ui/support/chromium';
import { ensureRendererBuilt } from '../test/ui/support/rendererBuild';
import { seedRuns } from '../test/ui/support/seededRuns';
import { median } from './benchSupport';
import { benchChartFloor, SIX_PANEL_QUANTITIES, type ChartFloorResult } from './chartFloorBench';

const RUNS = 20;
const POINTS = 5000;
const HOVER_MOVES = 7;
const IN_APP_OPENINGS = 3;

export interface UiBenchResult extends ChartFloorResult {
  compare20x5kFirstRenderMs: number;
  smoothingToggleMs: number;
  dashboard6x20x5kFirstRenderMs: number;
  linkedHoverMs: number;
  compare20x5kInAppRenderMs: number;
  dashboard6x20x5kInAppRenderMs: number;
}

/** Six panels of single stored quantities, each with a point per run every 10 steps. */
const SIX_PANELS: DashboardLayout = {
  panels: SIX_PANEL_QUANTITIES.map((quantity, i) => ({ id: `p${i + 1}`, quantity, logY: false })),
  xAxis: 'step',
  logX: false,
  smoothing: 0,
};

/** The duration of the first performance measure named `name` once the page has one. */
async function measure(page: Page, name: string): Promise<number> {
  try {
    await page.waitForFunction((n) => performance.getEntriesByName(n, 'measure').length > 0, name, {
      timeout: 120_000,
    });
  } catch (error) {
    // Say what the page did mark, so a missing measure can be traced to the step that stopped.
    const marks = await page.evaluate(() =>
      performance.getEntriesByType('mark').map((m) => `${m.name}@${Math.round(m.startTime)}`),
    );
    throw new Error(`ui bench: no '${name}' measure; the page marked ${marks.join(', ')}`, {
      cause: error,
    });
  }
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure')[0].duration, name);
}

/**
 * Until the view holds every stored point (it draws downsampled lines first, then reads the
 * stored points for exact tooltips): smoothing and hover are measured on the settled view.
 */
function storedPointsHeld(page: Page): Promise<unknown> {
  return page.waitForFunction(
    () => performance.getEntriesByName('compare:stored-loaded', 'mark').length > 0,
    undefined,
    { timeout: 120_000 },
  );
}

/**
 * The first render of the compare view opened from the Runs view inside the running app
 * (a route change, no reload), median of a few openings; each waits until the view holds
 * every stored point, so the next opening starts from a quiet app.
 */
async function inAppRender(page: Page, compareHash: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < IN_APP_OPENINGS; i++) {
    await page.evaluate("location.hash = '#/'");
    // The Runs view, and no compare view left (its tables have run rows too): a hash set back
    // before the router has left the compare view would leave it in place, unmeasured.
    await page.locator('[data-test="dashboard"]').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('[data-test="compare-selected"]').waitFor({ timeout: 60_000 });
    await page
      .locator('.runs-table tr[data-run-id]')
      .nth(RUNS - 1)
      .waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      performance.clearMarks();
      performance.clearMeasures();
    });
    await page.evaluate(`location.hash = ${JSON.stringify(compareHash)}`);
    times.push(await measure(page, 'compare:first-render'));
    await storedPointsHeld(page);
  }
  return median(times);
}

/** Median time from a pointer move over the second panel to every linked chart painted. */
async function linkedHover(page: Page): Promise<number> {
  const panel = page.locator('[data-test="dashboard-panel"]').nth(1);
  await panel.scrollIntoViewIfNeeded();
  const box = await panel.locator('canvas').first().boundingBox();
  if (!box) throw new Error('ui bench: the dashboard panel has no chart to hover');
  const times: number[] = [];
  for (let i = 0; i < HOVER_MOVES; i++) {
    await page.evaluate(() => performance.clearMeasures('compare:linked-hover'));
    await page.mouse.move(box.x + box.width * (0.3 + 0.05 * i), box.y + box.height * 0.5);
    times.push(await measure(page, 'compare:linked-hover'));
  }
  return median(times);
}

export async function benchUi(): Promise<UiBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'clab-uibench-'));
  const staticDir = await ensureRendererBuilt();
  const browser = await launchChromium();
  try {
    // The compare view as it opens, with only probe m-coherence stored.
    const compare = await (async () => {
      const projectPath = join(dir, 'compare.clab');
      const runIds = seedRuns(projectPath, { runs: RUNS, points: POINTS, metrics: false });
      const compareHash = `#/compare?runs=${runIds.join(',')}`;
      const api = await createLabApi({ projectPath });
      const server = await startLabServer({ api, staticDir });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        // Warm-up load (code, fonts, caches), then the measured one in a fresh document.
        await page.goto(`${server.url}${compareHash}`);
        await measure(page, 'compare:first-render');
        await page.reload();
        const firstRender = await measure(page, 'compare:first-render');
        await storedPointsHeld(page);
        await page.locator('[data-test="smoothing"]').fill('0.6');
        const smoothing = await measure(page, 'compare:smoothing-toggle');
        // Back to no smoothing (the layout keeps it): the in-app openings draw what the first
        // render drew.
        await page.locator('[data-test="smoothing"]').fill('0');
        const inApp = await inAppRender(page, compareHash);
        await page.close();
        return { firstRender, smoothing, inApp };
      } finally {
        await server.close();
        await api.close();
      }
    })();

    // Six panels with data for every run, and a hover linked across them.
    const dashboard = await (async () => {
      const projectPath = join(dir, 'dashboard.clab');
      const runIds = seedRuns(projectPath, { runs: RUNS, points: POINTS, metrics: true });
      const compareHash = `#/compare?runs=${runIds.join(',')}`;
      const api = await createLabApi({ projectPath });
      const server = await startLabServer({ api, staticDir });
      try {
        await api.call('dashboard.save', { layout: SIX_PANELS });
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await page.goto(`${server.url}${compareHash}`);
        await measure(page, 'compare:first-render');
        await page.reload();
        const firstRender = await measure(page, 'compare:first-render');
        await storedPointsHeld(page);
        const hover = await linkedHover(page);
        const inApp = await inAppRender(page, compareHash);
        if (process.env.UI_BENCH_DEBUG)
          console.error(
            await page.evaluate(() =>
              JSON.stringify(
                performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
              ),
            ),
          );
        await page.close();
        return { firstRender, hover, inApp };
      } finally {
        await server.close();
        await api.close();
      }
    })();

    const floor = await benchChartFloor(browser);
    return {
      compare20x5kFirstRenderMs: Math.round(compare.firstRender),
      smoothingToggleMs: Math.round(compare.smoothing),
      dashboard6x20x5kFirstRenderMs: Math.round(dashboard.firstRender),
      linkedHoverMs: Math.round(dashboard.hover),
      compare20x5kInAppRenderMs: Math.round(compare.inApp),
      dashboard6x20x5kInAppRenderMs: Math.round(dashboard.inApp),
      ...floor,
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
