/**
 * The compare dashboard's linked panels at the size where linking once broke (20 runs × 5,000
 * points per series: draw-time sampling keeps different points in every line, and ECharts'
 * `connect` replayed the hovered point by its index, which the other panels did not have), in
 * real Chromium against the browser-mode server, the real API and a seeded SQLite project.
 * The panels draw the store's downsampled lines; tooltips must still show stored values.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';
import { dashboardPanels, tooltipLines } from './support/dashboardPage';
import { SEED_STEP, seedRuns } from './support/seededRuns';
import { drawnPointsPerLine } from '../../src-renderer/src/compare/dashboardLayout';

const RUNS = 20;
const POINTS = 5000;
/** The default layout's panels. */
const PANELS = 5;

describe.skipIf(!chromiumAvailable())('linked dashboard panels, 20 runs × 5,000 points', () => {
  let lab: LabPage;
  let page: Page;
  let url: string;
  let runIds: number[];

  beforeAll(async () => {
    lab = await openLabPage({
      tmpPrefix: 'clab-dash-linked-',
      project: (dir) => {
        const projectPath = join(dir, 'linked.clab');
        runIds = seedRuns(projectPath, { runs: RUNS, points: POINTS, metrics: true });
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

  it('draws each run downsampled to about a panel’s width, and the tooltip still shows the stored value at a step the drawn line skips', async () => {
    // Every panel first draws the store's downsampled lines, then holds every stored point.
    await expect
      .poll(async () => [...new Set(await attributes('data-stored-held'))], { timeout: 120_000 })
      .toEqual(['true']);
    // The panel grid's width (not the window's: the run list sits beside it) sets the points.
    const gridWidth = await page.locator('[data-test="dashboard"]').evaluate((e) => e.clientWidth);
    const maxPoints = drawnPointsPerLine(gridWidth);
    expect(maxPoints).toBeLessThan(POINTS);
    const lines = (await attributes('data-series-count')).map(Number);
    const drawn = (await attributes('data-drawn-count')).map(Number);
    expect(await attributes('data-stored-count')).toEqual(lines.map((n) => String(n * POINTS)));
    expect(await attributes('data-point-count')).toEqual(lines.map((n) => String(n * POINTS)));
    drawn.forEach((count, i) => {
      expect(count).toBeLessThanOrEqual(lines[i] * maxPoints);
      expect(count).toBeGreaterThan(lines[i] * maxPoints * 0.5);
    });

    // The test-accuracy panel: hover, then compare every run's row with its stored value.
    const box = await plotBox(1);
    await page.mouse.move(box.x + box.w * 0.33, box.y + box.h * 0.5);
    await page.mouse.move(box.x + box.w * 0.37, box.y + box.h * 0.5);
    await expect
      .poll(async () => (await tooltipLines(page))[1].length, { timeout: 20_000 })
      .toBe(RUNS + 1);
    const tip = (await tooltipLines(page))[1];
    const x = Number(tip[0].replaceAll(',', ''));
    expect(x % SEED_STEP).toBe(0);
    const read = { runIds, series: 'accuracy', subset: 'test' } as const;
    const stored = await lab.api.call('runs.series', read);
    const asDrawn = await lab.api.call('runs.series', { ...read, maxPoints });
    let skipped = 0;
    for (const [r, run] of stored.entries()) {
      const value = run.y[run.step.indexOf(x)];
      const row = tip.find((line) => line.startsWith(`seeded-${r} #${run.runId}:`));
      expect(row).toBe(`seeded-${r} #${run.runId}: ${Number(value.toPrecision(4))}`);
      if (!asDrawn[r].step.includes(x)) skipped++;
    }
    // The drawn lines keep a few hundred of 5,000 steps: most runs' drawn line skips this one.
    expect(skipped).toBeGreaterThan(RUNS / 2);
    await page.mouse.move(2, 2);
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

  it('redraws every chart at its new width when the window is resized', async () => {
    // Charts skip the size report they were created at; a real change must still reach them.
    const widths = (): Promise<Array<[number, number]>> =>
      panels().evaluateAll((els) =>
        els.map((panel) => {
          const box = panel.querySelector('.lab-chart');
          const canvas = panel.querySelector('canvas');
          return [box?.clientWidth ?? -1, canvas ? canvas.getBoundingClientRect().width : -1];
        }),
      );
    await page.goto(`${lab.server.url}${url}`);
    await expect
      .poll(() => page.locator('.lab-chart canvas').count(), { timeout: 120_000 })
      .toBe(PANELS);
    const before = await widths();
    expect(before).toHaveLength(PANELS);
    expect(before.every(([box, canvas]) => box > 0 && canvas === box)).toBe(true);
    await page.setViewportSize({ width: 1000, height: 1000 });
    try {
      await expect
        .poll(async () => (await widths()).every(([box, canvas]) => canvas === box), {
          timeout: 20_000,
        })
        .toBe(true);
      // One column now: every panel is wider than before.
      const after = await widths();
      after.forEach(([box], i) => expect(box).toBeGreaterThan(before[i][0]));
    } finally {
      await page.setViewportSize({ width: 1400, height: 1000 });
    }
    expect(lab.errors).toEqual([]);
  }, 120_000);
});
