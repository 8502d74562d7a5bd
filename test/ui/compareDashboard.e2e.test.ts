/**
 * The compare dashboard, File → Export… from the renderer and drag-and-drop import, end to
 * end in real Chromium against the browser-mode server, the real API and a real SQLite project
 * (runs written through the store: this is about the views, not training). Screenshots go to
 * test-output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabApi } from '../../src-main/api/labApi';
import type { LabServer } from '../../src-main/server/labServer';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';
import { tooltipXs } from './support/dashboardPage';
import { seedRuns } from './support/seededRuns';

const POINTS = 200;

describe.skipIf(!chromiumAvailable())('compare dashboard in the browser', () => {
  let lab: LabPage;
  let api: LabApi;
  let server: LabServer;
  let page: Page;
  let runIds: number[];
  let errors: string[];

  beforeAll(async () => {
    lab = await openLabPage({
      tmpPrefix: 'clab-dash-',
      project: (dir) => {
        const projectPath = join(dir, 'dashboard.clab');
        runIds = seedRuns(projectPath, { runs: 3, points: POINTS, metrics: true, labelNoise: 0.2 });
        return projectPath;
      },
    });
    ({ api, server, page, errors } = lab);
  }, 180_000);

  afterAll(() => lab?.close());

  const shot = (name: string): Promise<Buffer> => lab.shot(name);
  const panels = (): Locator => page.locator('[data-test="dashboard-panel"]');
  const drawnPanels = (): Locator => page.locator('[data-test="dashboard-panel"] canvas');
  /**
   * Drop files on the window as a drag from the desktop would (page code as text: the Node
   * project's types have no DOM).
   */
  const dropFiles = (files: Array<{ name: string; type: string; text: string }>): Promise<void> =>
    page.evaluate(`(() => {
      const transfer = new DataTransfer();
      for (const f of ${JSON.stringify(files)}) {
        transfer.items.add(new File([f.text], f.name, { type: f.type }));
      }
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
    })()`);

  it('shows the default panels, adds one, links hover, shares the x-axis, keeps the layout', async () => {
    await page.goto(`${server.url}#/compare?runs=${runIds.join(',')}`);
    await expect.poll(() => panels().count(), { timeout: 30_000 }).toBe(5);
    expect(await panels().evaluateAll((els) => els.map((e) => e.dataset.quantity))).toEqual([
      'coherence/train+pristine+corrupt',
      'accuracy/test',
      'accuracy/pristine+corrupt',
      'loss/train+test',
      'batchCoherence/batch',
    ]);
    // Every default panel has data for the three runs: one line per run and part.
    await expect
      .poll(() => panels().evaluateAll((els) => els.map((e) => e.dataset.seriesCount)), {
        timeout: 30_000,
      })
      .toEqual(['3', '3', '6', '6', '3']);
    expect(await panels().first().getAttribute('data-point-count')).toBe(String(3 * POINTS));

    // Add a panel.
    await page.locator('[data-test="add-panel-quantity"]').selectOption('accuracy/train');
    await page.locator('[data-test="add-panel"]').click();
    await expect.poll(() => panels().count()).toBe(6);
    const added = panels().nth(5);
    expect(await added.getAttribute('data-quantity')).toBe('accuracy/train');
    await expect.poll(() => added.getAttribute('data-series-count')).toBe('3');
    await expect.poll(() => drawnPanels().count(), { timeout: 20_000 }).toBe(6);

    // Linked hover: the pointer over one chart shows the tooltip at that x in every chart.
    expect(await tooltipXs(page)).toEqual(Array(6).fill(''));
    // Adding scrolled the page down to the form; the hovered panel is brought back into view.
    await panels().nth(1).scrollIntoViewIfNeeded();
    const box = (await panels().nth(1).locator('canvas').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await expect
      .poll(async () => new Set(await tooltipXs(page)), { timeout: 10_000 })
      .toSatisfy((xs: Set<string>) => xs.size === 1 && /^[\d,.]+$/.test([...xs][0]));
    await shot('compare-dashboard-linked-hover');
    await page.mouse.move(2, 2);

    // The x-axis choice applies to every panel.
    expect(
      await panels().evaluateAll((els) => [...new Set(els.map((e) => e.dataset.xName))]),
    ).toEqual(['step']);
    await page.locator('[data-test="x-axis"]').selectOption('epoch');
    await page.locator('[data-test="log-x"]').check();
    await expect
      .poll(() => panels().evaluateAll((els) => [...new Set(els.map((e) => e.dataset.xName))]))
      .toEqual(['epoch']);
    await shot('compare-dashboard');

    // The layout is kept in the project: after a reload it comes back as left.
    await expect
      .poll(async () => (await api.call('dashboard.get', {})).layout?.panels.length)
      .toBe(6);
    await page.reload();
    await expect.poll(() => panels().count(), { timeout: 30_000 }).toBe(6);
    expect(await panels().nth(5).getAttribute('data-quantity')).toBe('accuracy/train');
    expect(await page.locator('[data-test="x-axis"]').inputValue()).toBe('epoch');
    expect(await page.locator('[data-test="log-x"]').isChecked()).toBe(true);
    await expect
      .poll(() => panels().evaluateAll((els) => [...new Set(els.map((e) => e.dataset.xName))]))
      .toEqual(['epoch']);
    expect((await api.call('dashboard.get', {})).layout).toMatchObject({
      xAxis: 'epoch',
      logX: true,
    });

    // Remove the added panel and move the last default one to the top.
    await panels().nth(5).locator('[data-test="panel-remove"]').click();
    await expect.poll(() => panels().count()).toBe(5);
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: `Move panel ${5 - i} up` }).click();
    }
    expect(await panels().first().getAttribute('data-quantity')).toBe('batchCoherence/batch');
    // Saved (debounced) before the next test opens the view again from the project.
    await expect
      .poll(async () => (await api.call('dashboard.get', {})).layout?.panels.length, {
        timeout: 10_000,
      })
      .toBe(5);

    // The summary sorts by any column; the config table shows every key on request.
    const summaryNames = (): Promise<string[]> =>
      page
        .locator('[data-test="compare-summary"] tbody th')
        .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim().split(/\s/)[0]));
    await page.locator('[data-test="compare-summary"] [data-sort="name"]').click();
    await page.locator('[data-test="compare-summary"] [data-sort="name"]').click();
    expect(await summaryNames()).toEqual(['seeded-2', 'seeded-1', 'seeded-0']);
    const diffRows = page.locator('[data-test="config-diff"] tbody tr');
    const differing = await diffRows.count();
    await page.locator('[data-test="config-show-all"]').check();
    expect(await diffRows.count()).toBeGreaterThan(differing + 10);
    expect(errors).toEqual([]);
  }, 180_000);

  it('File → Export… (Ctrl+E) exports what the view shows', async () => {
    await page.goto(`${server.url}#/compare?runs=${runIds.join(',')}`);
    await expect.poll(() => drawnPanels().count(), { timeout: 30_000 }).toBe(5);
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Control+e'),
    ]);
    expect(report.suggestedFilename()).toMatch(/\.html$/);
    const html = readFileSync(await report.path(), 'utf8');
    expect(html.match(/<figure>/g)).toHaveLength(5);
    expect(html).not.toMatch(/<script/i);
    for (let r = 0; r < 3; r++) expect(html).toContain(`seeded-${r}`);

    // In the Runs view: the selected runs as one bundle.
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    for (const id of runIds.slice(0, 2)) {
      await page.locator(`tr[data-run-id="${id}"] input[type="checkbox"]`).check();
    }
    const [bundle] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Control+e'),
    ]);
    const parsed = JSON.parse(readFileSync(await bundle.path(), 'utf8')) as {
      format: string;
      runs: Array<{ name: string }>;
    };
    expect(parsed.format).toBe('coherence-lab-runs');
    expect(parsed.runs.map((r) => r.name)).toEqual(['seeded-0', 'seeded-1']);
    expect(errors).toEqual([]);
  }, 120_000);

  it('imports a dropped bundle after a confirmation that names its runs', async () => {
    const { json } = await api.call('runs.exportJson', { runIds: [runIds[2]] });
    await page.goto(`${server.url}#/runs`);
    await page.locator(`tr[data-run-id="${runIds[2]}"]`).waitFor();
    const before = (await api.call('runs.list', {})).length;
    const bundleFile = { name: 'seeded-2.json', type: 'application/json', text: json };
    await dropFiles([bundleFile]);
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('[data-test="import-run-names"] li').allInnerTexts()).toEqual([
      'seeded-2',
    ]);
    await shot('drop-import-confirm');
    // Cancelling imports nothing; confirming imports the run.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await api.call('runs.list', {})).length).toBe(before);
    await dropFiles([bundleFile]);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect
      .poll(() => page.locator('[data-test="app-notice"]').innerText())
      .toContain('Imported 1 run from seeded-2.json: seeded-2');
    await expect.poll(async () => (await api.call('runs.list', {})).length).toBe(before + 1);
    await expect.poll(() => page.locator('tr[data-run-id]').count()).toBe(before + 1);

    // A file that is not a bundle is refused with its name and what was expected.
    await dropFiles([{ name: 'notes.txt', type: 'text/plain', text: 'hello' }]);
    await expect
      .poll(() => page.locator('.error-banner, [role="alert"]').first().innerText())
      .toContain('notes.txt: drop a project (.clab) to open it');
    expect(errors).toEqual([]);
  }, 120_000);
});
