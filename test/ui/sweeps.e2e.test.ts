/**
 * Sweeps in real Chromium against the real browser-mode server, API, SQLite and trainer
 * processes: the new-sweep form (base = the form's configuration, one axis, two seeds, this
 * machine) shows the run count and time before start, the sweep row follows its tasks, expands
 * to cells and runs, and "compare cells" draws each cell as a mean with its 95 % band.
 * Screenshots go to test-output/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabServer } from '../../src-main/server/labServer';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';
const TINY: Record<string, string> = {
  'dataset.trainSize': '200',
  'dataset.testSize': '100',
  steps: '30',
  batchSize: '20',
  'coherence.m': '50',
  'model.hidden.0': '16',
  'schedule.every': '10',
  checkpointEvery: '10',
};

describe.skipIf(!chromiumAvailable())('sweeps in the browser', () => {
  let lab: LabPage;
  let server: LabServer;
  let page: Page;
  let errors: string[];
  /** Requests the server refused (status and path). */
  const refused: string[] = [];

  beforeAll(async () => {
    lab = await openLabPage({
      tmpPrefix: 'clab-ui-sweeps-',
      project: (dir) => join(dir, 'sweeps.clab'),
      viewport: { width: 1400, height: 1100 },
      // Chromium logs every 4xx response as a console error; those are checked one by one below.
      ignoreConsoleError: (text) => text.startsWith('Failed to load resource'),
    });
    ({ server, page, errors } = lab);
    page.on('response', (r) => {
      if (r.status() >= 400) refused.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
  }, 180_000);

  afterAll(() => lab?.close());

  const shot = (name: string): Promise<Buffer> => lab.shot(name);

  it('starts a sweep from the form, follows it, and compares its cells with bands', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await page.getByRole('link', { name: 'New sweep', exact: true }).click();
    await page.getByRole('heading', { name: 'New sweep' }).waitFor();
    for (const [path, value] of Object.entries(TINY)) {
      await page.locator(`[data-field="${path}"]`).fill(value);
    }
    await page.locator('[data-test="sweep-name"]').fill('noise ui');
    // The first axis row starts as labelNoise = 0, 0.5; a bad value is refused by cell.
    await page.locator('[data-test="axis-values"]').first().fill('0, 1.5');
    await expect
      .poll(() => page.locator('[data-test="sweep-issues"]').innerText(), { timeout: 15_000 })
      .toContain('cell labelNoise=1.5: labelNoise');
    // The refusal is the estimate request's 400 (invalid input), and nothing else was refused.
    expect(new Set(refused)).toEqual(new Set(['400 /api/sweeps.estimate']));
    refused.length = 0;
    await page.locator('[data-test="axis-values"]').first().fill('0, 0.5');
    await page.locator('[data-test="seed-count"]').fill('2');
    await page.locator('[data-test="local-concurrency"]').fill('2');
    await expect
      .poll(() => page.locator('[data-test="sweep-estimate"]').innerText(), { timeout: 15_000 })
      .toMatch(/2 cells × 2 seeds = 4 runs · about .* with 2 at once here \(estimate\)/);
    await shot('new-sweep');
    await page.locator('[data-test="start-sweep"]').click();

    const row = page.locator('tr.sweep-row').first();
    await row.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => row.locator('[data-test="sweep-progress-text"]').innerText(), {
        timeout: 150_000,
        interval: 500,
      })
      .toBe('4/4 done');
    await row.getByRole('button', { name: /Show the cells and runs/ }).click();
    const cells = page.locator('table.cells-table');
    await expect.poll(() => cells.locator('tr[data-task]').count()).toBe(4);
    expect(await cells.innerText()).toMatch(/labelNoise=0\.5/);
    await expect.poll(() => cells.getByRole('link').count()).toBe(4);
    await shot('runs-with-sweep');

    await row.locator('[data-test="sweep-compare"]').click();
    await expect.poll(() => page.url()).toContain('group=cell');
    const chart = page.locator('[data-test="compare-chart"]');
    await expect.poll(() => chart.getAttribute('data-grouped'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => chart.getAttribute('data-series-count')).toBe('2');
    const summary = page.locator('[data-test="cell-summary"]');
    await expect.poll(() => summary.locator('tbody tr').count()).toBe(2);
    expect(await summary.innerText()).toMatch(/\d ± \d/);
    expect(await page.locator('[data-test="sweep-axes"]').innerText()).toMatch(
      /labelNoise[\s\S]*0\.5/,
    );
    await shot('compare-cells');

    // One cell's seeds, one click away: the compare view of those runs, ungrouped.
    await summary.locator('[data-test="show-seeds"]').first().click();
    await expect.poll(() => page.url()).not.toContain('group=cell');
    // Ungrouped: the dashboard of the cell's two seeds is back, the cell chart gone.
    await expect.poll(() => chart.count()).toBe(0);
    await expect
      .poll(() => page.locator('[data-test="dashboard-panel"]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('[data-test="group-by-cell"]').isChecked()).toBe(false);
    await shot('compare-cell-seeds');
    expect(errors.join('\n')).toBe('');
    expect(refused).toEqual([]);
  }, 300_000);
});
