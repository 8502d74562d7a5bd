/**
 * The compare dashboard's linked panels at the size where linking once broke (20 runs × 5,000
 * points per series: draw-time sampling keeps different points in every line, and ECharts'
 * `connect` replayed the hovered point by its index, which the other panels did not have), in
 * real Chromium against the browser-mode server, the real API and a seeded SQLite project.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';
import { dashboardPanels, tooltipLines } from './support/dashboardPage';
import { SEED_STEP, seedRuns } from './support/seededRuns';

const RUNS = 20;
const POINTS = 5000;
/** The default layout's panels. */
const PANELS = 5;

describe.skipIf(!chromiumAvailable())('linked dashboard panels, 20 runs × 5,000 points', () => {
  let lab: LabPage;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    lab = await openLabPage({
      tmpPrefix: 'clab-dash-linked-',
      project: (dir) => {
        const projectPath = join(dir, 'linked.clab');
        const runIds = seedRuns(projectPath, { runs: RUNS, points: POINTS, metrics: true });
        url = `#/compare?runs=${runIds.join(',')}`;
        return projectPath;
      },
    });
    page = lab.page;
  }, 300_000);

  afterAll(() => lab?.close());

  const panels = () => dashboardPanels(page);
  const attributes = (name: string): Promise<string[]> =>
    panels().evaluateAll((els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);
  async function plotBox(index: number): Promise<{ x: number; y: number; w: number; h: number }> {
    await panels().nth(index).scrollIntoViewIfNeeded();
    const box = await panels().nth(index).locator('canvas').first().boundingBox();
    if (!box) throw new Error(`panel ${index} has no chart`);
    return { x: box.x, y: box.y, w: box.width, h: box.height };
  }

  it('hovering one panel shows the pointer at the same x, with every run, in all panels', async () => {
    await page.goto(`${lab.server.url}${url}`);
    await expect.poll(() => panels().count(), { timeout: 60_000 }).toBe(PANELS);
    await expect
      .poll(() => page.locator('[data-test="dashboard-panel"] canvas').count(), {
        timeout: 120_000,
      })
      .toBeGreaterThanOrEqual(PANELS);
    const box = await plotBox(1);
    await page.mouse.move(box.x + box.w * 0.5, box.y + box.h * 0.5);
    await page.mouse.move(box.x + box.w * 0.55, box.y + box.h * 0.5);
    await expect
      .poll(async () => (await tooltipLines(page)).filter((lines) => lines.length > 0).length, {
        timeout: 20_000,
      })
      .toBe(PANELS);
    const tips = await tooltipLines(page);
    const xs = new Set(tips.map((lines) => lines[0]));
    expect(xs.size).toBe(1);
    // A stored step (seeded every SEED_STEP steps) near the middle of the 0…49,990 range.
    const x = Number([...xs][0].replaceAll(',', ''));
    expect(x % SEED_STEP).toBe(0);
    expect(x).toBeGreaterThan(POINTS * SEED_STEP * 0.4);
    expect(x).toBeLessThan(POINTS * SEED_STEP * 0.7);
    // Every run in every panel, at that very x (no "(at …)" of a neighbouring point): one row
    // per run and part — train probe; test accuracy; pristine and corrupt; train and test
    // loss; batch m-coherence.
    expect(tips.map((lines) => lines.length - 1)).toEqual([20, 20, 40, 40, 20]);
    expect(tips.flat().filter((line) => line.includes('(at '))).toEqual([]);
    for (const r of [0, 7, 19]) {
      for (const lines of tips) {
        expect(lines.some((line) => line.startsWith(`seeded-${r} #`))).toBe(true);
      }
    }
    await lab.shot('compare-dashboard-linked-hover-20x5k');

    // Leaving the panel hides the pointer everywhere.
    await page.mouse.move(2, 2);
    await expect
      .poll(async () => (await tooltipLines(page)).filter((lines) => lines.length > 0).length)
      .toBe(0);
    expect(lab.errors).toEqual([]);
  }, 240_000);

  it('zooming one panel zooms all; the x-axis choice and log x apply to all', async () => {
    expect(await attributes('data-zoom')).toEqual(Array(PANELS).fill('0–100'));
    // Mouse-wheel zoom (ECharts' inside dataZoom) over the fourth panel.
    const box = await plotBox(3);
    await page.mouse.move(box.x + box.w * 0.5, box.y + box.h * 0.5);
    await page.mouse.wheel(0, -400);
    await expect
      .poll(async () => new Set(await attributes('data-zoom')), { timeout: 20_000 })
      .toSatisfy((windows: Set<string>) => windows.size === 1 && !windows.has('0–100'));
    const [start, end] = (await attributes('data-zoom'))[0].split('–').map(Number);
    expect(end - start).toBeLessThan(100);
    await page.mouse.move(2, 2);

    // Each x-axis choice, and log x, is drawn by every panel.
    const choices: Array<[value: string, name: string]> = [
      ['epoch', 'epoch'],
      ['examplesSeen', 'examples seen'],
      ['wallMs', 'wall time (ms)'],
      ['step', 'step'],
    ];
    for (const [value, name] of choices) {
      await page.locator('[data-test="x-axis"]').selectOption(value);
      await expect
        .poll(async () => [...new Set(await attributes('data-x-name'))], { timeout: 60_000 })
        .toEqual([name]);
      // A new x-axis starts at the whole range again, in every panel.
      await expect
        .poll(async () => [...new Set(await attributes('data-zoom'))], { timeout: 20_000 })
        .toEqual(['0–100']);
    }
    expect([...new Set(await attributes('data-x-type'))]).toEqual(['value']);
    await page.locator('[data-test="log-x"]').check();
    await expect
      .poll(async () => [...new Set(await attributes('data-x-type'))], { timeout: 60_000 })
      .toEqual(['log']);
    await page.locator('[data-test="log-x"]').uncheck();
    await expect
      .poll(async () => [...new Set(await attributes('data-x-type'))], { timeout: 60_000 })
      .toEqual(['value']);
    expect(lab.errors).toEqual([]);
  }, 300_000);
});
