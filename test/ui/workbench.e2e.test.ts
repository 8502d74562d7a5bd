/**
 * End to end, in real Chromium against the real browser-mode server, the real API, SQLite and
 * trainer processes: create a project, train two tiny runs, compare them, export CSV, delete.
 * Screenshots of every view go to test-output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabServer } from '../../src-main/server/labServer';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';
const TINY: Record<string, string> = {
  'dataset.trainSize': '500',
  'dataset.testSize': '200',
  steps: '60',
  'coherence.m': '100',
  'model.hidden.0': '32',
  'schedule.every': '10',
  checkpointEvery: '30',
};

describe.skipIf(!chromiumAvailable())('workbench in the browser', () => {
  let lab: LabPage;
  let workDir: string;
  let server: LabServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    lab = await openLabPage({
      tmpPrefix: 'clab-ui-',
      project: (dir) => join(dir, 'start.clab'),
    });
    ({ workDir, server, page, errors } = lab);
  }, 180_000);

  afterAll(() => lab?.close());

  const shot = (name: string): Promise<Buffer> => lab.shot(name);

  async function startTinyRun(name: string, extra: Record<string, string>): Promise<number> {
    await page.getByRole('link', { name: 'New run', exact: true }).first().click();
    await page.locator('[data-test="run-name"]').fill(name);
    for (const [path, value] of Object.entries({ ...TINY, ...extra })) {
      await page.locator(`[data-field="${path}"]`).fill(value);
    }
    await expect
      .poll(() => page.locator('[data-test="estimate"]').innerText(), { timeout: 10_000 })
      .toContain('parameters');
    await shot(`new-run-${name}`);
    await page.locator('[data-test="launch-run"]').click();
    await page.waitForURL(/#\/runs\/\d+$/);
    return Number(/#\/runs\/(\d+)$/.exec(page.url())?.[1]);
  }

  async function waitForCompletion(): Promise<void> {
    await expect
      .poll(() => page.locator('.live-run .status').first().innerText(), {
        timeout: 150_000,
        interval: 500,
      })
      .toBe('completed');
  }

  it('refuses API requests without the session token', async () => {
    const base = new URL(server.url).origin;
    const bare = await fetch(`${base}/api/project.info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(bare.status).toBe(401);
    const events = await fetch(`${base}/api/events`);
    expect(events.status).toBe(401);
  });

  it('creates a project, trains, compares, exports and deletes runs', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await shot('runs-empty');

    // Projects: create a new project file by path.
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.locator('[data-test="project-path"]').fill(join(workDir, 'e2e.clab'));
    await page.locator('[data-test="project-create"]').check();
    await shot('projects');
    await page.locator('[data-test="project-open"]').click();
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await expect.poll(() => page.locator('.project').innerText()).toContain('e2e');

    // Run 1: live coherence chart gains points while it trains.
    // Long enough (600 steps, a measurement every 20) that the chart is seen growing while the
    // run is still training, however fast the machine.
    const first = await startTinyRun('tiny-real', {
      labelNoise: '0',
      steps: '600',
      'schedule.every': '20',
    });
    const coherencePanel = page.locator('[data-test="coherence-chart"]');
    await expect
      .poll(async () => Number(await coherencePanel.getAttribute('data-point-count')), {
        timeout: 90_000,
        interval: 250,
      })
      .toBeGreaterThan(0);
    const early = Number(await coherencePanel.getAttribute('data-point-count'));
    expect(await page.locator('.live-run .status').first().innerText()).toBe('running');
    await shot('live-run-training');
    await waitForCompletion();
    await expect
      .poll(async () => Number(await coherencePanel.getAttribute('data-point-count')), {
        timeout: 10_000,
      })
      .toBeGreaterThan(early);
    await expect
      .poll(() => page.locator('[data-test="backend"]').innerText())
      .toMatch(/backend: (wasm|cpu|tensorflow|webgpu)/);
    await shot('live-run-completed');

    // Run 2 differs in one key.
    const second = await startTinyRun('tiny-noisy', { labelNoise: '0.5' });
    await waitForCompletion();
    await shot('live-run-noisy');

    // Runs table → select both → Compare.
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    for (const id of [first, second]) {
      await page.locator(`tr[data-run-id="${id}"] input[type="checkbox"]`).check();
    }
    await shot('runs-table');
    await page.locator('[data-test="compare-selected"]').click();
    // The dashboard's test-accuracy panel: one line per run.
    const chart = page.locator('[data-test="dashboard-panel"][data-quantity="accuracy/test"]');
    await expect.poll(() => chart.getAttribute('data-series-count'), { timeout: 20_000 }).toBe('2');
    await expect
      .poll(() => page.locator('[data-test="config-diff"]').innerText())
      .toContain('labelNoise');
    await page.locator('[data-test="smoothing"]').fill('0.6');
    await shot('compare');

    const pointCount = Number(await chart.getAttribute('data-point-count'));
    expect(pointCount).toBeGreaterThan(4);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart.locator('[data-test="panel-csv"]').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(csv[0]).toBe(
      'source,source_id,source_name,series,x_step,step,raw_value,drawn_value_ema_0.6,raw_point_drawn',
    );
    expect(csv.length - 1).toBe(pointCount);

    // Examples view renders (grids or its empty state).
    await page.goto(`${new URL(server.url).origin}/#/runs/${second}/examples`);
    await page.getByRole('heading', { name: /Examples/ }).waitFor();
    await page.locator('.examples .grids, .examples .empty-state').first().waitFor();
    await shot('examples');

    // Delete run 1 with confirmation.
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByRole('button', { name: 'Delete run tiny-real' }).click();
    await shot('delete-confirm');
    await page.getByRole('button', { name: 'Delete run', exact: true }).click();
    await expect.poll(() => page.locator(`tr[data-run-id="${first}"]`).count()).toBe(0);
    await expect.poll(() => page.locator(`tr[data-run-id="${second}"]`).count()).toBe(1);

    expect(errors).toEqual([]);
  }, 400_000);
});
