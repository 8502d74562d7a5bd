/**
 * The new-run form, the examples view and the run header in real Chromium against the real
 * browser-mode server, API, SQLite and trainer processes: the form in sections with the
 * schema's help, fields that follow the model and aggregator kind, the layer editor's
 * parameter count, field errors from the API; a run started from another run's weights links
 * to its parent; the examples view fits a 1280 × 800 window as 2 × 2 grids and explains
 * "first right @ 0" under random labels; the runs table's cells share their row's lines.
 * Screenshots go to test-output/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabApi } from '../../src-main/api/labApi';
import type { LabServer } from '../../src-main/server/labServer';
import { CONFIG_SECTIONS } from '../../src-main/shared/configFieldInfo';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';

const TINY: Record<string, string> = {
  'dataset.trainSize': '300',
  'dataset.testSize': '100',
  steps: '30',
  batchSize: '20',
  'coherence.m': '50',
  'model.hidden.0': '32',
  'schedule.every': '10',
  checkpointEvery: '10',
};
/** Parameters of a 784-h-10 MLP: weights and biases of both layers. */
const mlpParams = (...hidden: number[]): number =>
  [784, ...hidden, 10].slice(1).reduce((sum, out, i, outs) => {
    const inputs = i === 0 ? 784 : outs[i - 1];
    return sum + inputs * out + out;
  }, 0);

describe.skipIf(!chromiumAvailable())(
  'new-run form, run lineage and examples in the browser',
  () => {
    let lab: LabPage;
    let api: LabApi;
    let server: LabServer;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      lab = await openLabPage({
        tmpPrefix: 'clab-ui-form-',
        viewport: { width: 1280, height: 800 },
        // Chromium logs every 4xx response (the refused launch below) as a console error.
        ignoreConsoleError: (text) => text.startsWith('Failed to load resource'),
      });
      ({ api, server, page, errors } = lab);
    }, 180_000);

    afterAll(async () => {
      await lab?.close();
    });

    const shot = (name: string, fullPage = true): Promise<Buffer> => lab.shot(name, fullPage);
    const field = (path: string) => page.locator(`[data-field="${path}"]`);
    const fieldBox = (path: string) => page.locator(`[data-field-box="${path}"]`);
    const paramCount = async (): Promise<number> =>
      Number(await page.locator('[data-test="param-count"]').getAttribute('data-value'));

    async function openForm(): Promise<void> {
      await page.getByRole('link', { name: 'New run', exact: true }).first().click();
      await page.locator('[data-test="layer-editor"]').waitFor();
    }

    async function fillTiny(extra: Record<string, string>): Promise<void> {
      for (const [path, value] of Object.entries({ ...TINY, ...extra })) {
        await field(path).fill(value);
      }
    }

    async function launch(name: string): Promise<number> {
      await page.locator('[data-test="run-name"]').fill(name);
      await expect
        .poll(() => page.locator('[data-test="launch-run"]').isEnabled(), { timeout: 10_000 })
        .toBe(true);
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

    it('shows the form in sections with help, kind-dependent fields, layer editor and errors', async () => {
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      await openForm();

      // Sections in the catalog's order; every one the defaults use is there.
      const legends = await page.locator('fieldset.config-section > legend').allInnerTexts();
      expect(legends).toEqual(CONFIG_SECTIONS.filter((s) => legends.includes(s)));
      expect(legends.slice(0, 8)).toEqual([
        'Data',
        'Labels',
        'Model',
        'Optimizer and schedule',
        'Aggregator',
        'Coherence',
        'Evaluation',
        'Checkpoints',
      ]);
      const sectionOf = (path: string) =>
        page.locator('fieldset.config-section', { has: field(path) }).getAttribute('data-section');
      expect(await sectionOf('labelNoise')).toBe('Labels');
      expect(await sectionOf('optimizer.lr')).toBe('Optimizer and schedule');
      expect(await sectionOf('augment.cropPadding')).toBe('Data');

      // Help text is the schema's description, the one the CLI and API errors show.
      const schema = await api.call('config.schema', {});
      const describe = (path: string): string =>
        schema.fields.find((f) => f.path === path)?.description ?? '';
      expect(describe('optimizer.weightDecay')).not.toBe('');
      await expect
        .poll(() =>
          fieldBox('optimizer.weightDecay').locator('[data-test="field-help"]').innerText(),
        )
        .toContain(describe('optimizer.weightDecay'));
      // Enums are selects with the schema's options; numbers carry its range.
      expect(await field('aggregator.kind').evaluate((e) => e.tagName)).toBe('SELECT');
      expect(await field('noiseMode').locator('option').allInnerTexts()).toEqual([
        'permute',
        'uniform',
      ]);
      expect(await field('labelNoise').getAttribute('max')).toBe('1');
      expect(await field('labelNoise').getAttribute('min')).toBe('0');
      // Augmentation: no crop, flip off by default.
      expect(await field('augment.cropPadding').inputValue()).toBe('0');
      expect(await field('augment.horizontalFlip').isChecked()).toBe(false);

      // Layer editor: one hidden layer of h units → 784·h + h + h·10 + 10 parameters.
      await field('model.hidden.0').fill('32');
      await expect.poll(paramCount, { timeout: 10_000 }).toBe(784 * 32 + 32 + 32 * 10 + 10);
      expect(mlpParams(32)).toBe(25_450);
      await page.locator('[data-test="add-hidden"]').click();
      await expect.poll(paramCount, { timeout: 10_000 }).toBe(mlpParams(32, 32));
      await field('model.hidden.1').fill('16');
      await expect.poll(paramCount, { timeout: 10_000 }).toBe(mlpParams(32, 16));
      await shot('new-run-sections');
      await page.getByRole('button', { name: 'Remove layer 2' }).click();
      await expect.poll(paramCount, { timeout: 10_000 }).toBe(25_450);
      // The estimate line agrees with the editor.
      await expect
        .poll(() => page.locator('[data-test="estimate"]').innerText())
        .toContain('25,450 parameters');

      // The fields follow the model kind.
      expect(await page.locator('[data-test="conv-blocks"]').count()).toBe(0);
      expect(await field('model.blocksPerStage').count()).toBe(0);
      await field('model.kind').selectOption('cnn');
      await page.locator('[data-test="conv-blocks"]').waitFor();
      expect(await page.locator('[data-test="conv-block"]').count()).toBe(1);
      await page.locator('[data-test="add-conv-block"]').click();
      await expect.poll(() => page.locator('[data-test="conv-block"]').count()).toBe(2);
      await field('model.convs.1.pooling').selectOption('max2');
      await expect
        .poll(() => page.locator('[data-test="layers-hidden"] h3').innerText())
        .toBe('Dense layers');
      expect(await field('model.widths.0').count()).toBe(0);
      // Two 3×3 'same' convolutions of 16 filters on 28×28×1, pooled to 14×14, then dense to 10.
      await expect
        .poll(paramCount, { timeout: 10_000 })
        .toBe(3 * 3 * 1 * 16 + 16 + (3 * 3 * 16 * 16 + 16) + 14 * 14 * 16 * 10 + 10);
      await shot('new-run-cnn');
      await field('model.kind').selectOption('resnet');
      await field('model.blocksPerStage').waitFor();
      expect(await page.locator('[data-test="conv-blocks"]').count()).toBe(0);
      expect(await field('model.hidden.0').count()).toBe(0);
      expect(await field('model.widths.2').inputValue()).toBe('64');
      expect(await field('model.norm').locator('option').allInnerTexts()).toEqual([
        'group',
        'layer',
        'none',
      ]);
      await field('model.kind').selectOption('mlp');
      await field('model.hidden.0').waitFor();
      expect(await field('model.blocksPerStage').count()).toBe(0);

      // …and the aggregator kind.
      expect(await field('aggregator.c').count()).toBe(0);
      await field('aggregator.kind').selectOption('winsorized');
      await field('aggregator.c').waitFor();
      await field('aggregator.kind').selectOption('mean');
      await expect.poll(() => field('aggregator.c').count()).toBe(0);

      // …and the optimizer: Adam's moments only for Adam, momentum only for SGD.
      expect(await field('optimizer.beta1').count()).toBe(0);
      await field('optimizer.kind').selectOption('adam');
      await field('optimizer.beta1').waitFor();
      expect(await field('optimizer.momentum').count()).toBe(0);
      await field('optimizer.kind').selectOption('sgd');
      await field('optimizer.momentum').waitFor();

      // A value out of range: the API's message next to the field, launch disabled.
      await field('labelNoise').fill('1.5');
      const refusal = await api.call('config.validate', {
        config: { ...(await api.call('config.defaults', {})), labelNoise: 1.5 },
      });
      const expected = refusal.ok
        ? ''
        : refusal.issues.find((i) => i.path === 'labelNoise')?.message;
      expect(expected).toBeTruthy();
      await expect
        .poll(() => fieldBox('labelNoise').locator('.issue').innerText(), { timeout: 10_000 })
        .toBe(expected);
      expect(await field('labelNoise').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('[data-test="launch-run"]').isDisabled()).toBe(true);
      await shot('new-run-field-error');
      await field('labelNoise').fill('0');
      await expect.poll(() => fieldBox('labelNoise').locator('.issue').count()).toBe(0);
      expect(errors).toEqual([]);
    }, 120_000);

    it('starts a run from another run’s weights and links to the parent', async () => {
      // Parent: pretrained on random labels (the adversarial-initialization experiment).
      await openForm();
      await fillTiny({ labelNoise: '1' });
      const parent = await launch('random-pretrain');
      await waitForCompletion();

      // Child: its init.fromRun offers the parent while the model shape matches.
      await openForm();
      await fillTiny({ labelNoise: '0' });
      const parentOption = field('init.fromRun').locator(`option[value="${parent}"]`);
      await expect.poll(() => parentOption.count(), { timeout: 10_000 }).toBe(1);
      await field('model.hidden.0').fill('48');
      await expect.poll(() => parentOption.count(), { timeout: 10_000 }).toBe(0);
      await expect
        .poll(() => fieldBox('init.fromRun').innerText())
        .toContain('1 completed run has another model shape');
      await field('model.hidden.0').fill('32');
      await expect.poll(() => parentOption.count(), { timeout: 10_000 }).toBe(1);
      await field('init.fromRun').selectOption(String(parent));

      // Chosen, then the model changed: the API refuses the launch and says why by the field.
      await field('model.hidden.0').fill('48');
      await page.locator('[data-test="run-name"]').fill('mismatch');
      await expect
        .poll(() => page.locator('[data-test="launch-run"]').isEnabled(), { timeout: 10_000 })
        .toBe(true);
      await page.locator('[data-test="launch-run"]').click();
      await expect
        .poll(() => fieldBox('init.fromRun').locator('.issue').innerText(), { timeout: 10_000 })
        .toContain(`run ${parent}'s weights do not fit this model`);
      await shot('new-run-parent-refused');
      await field('model.hidden.0').fill('32');
      await expect.poll(() => fieldBox('init.fromRun').locator('.issue').count()).toBe(0);

      // With augmentation, launched: the live view links to the parent, and the link goes there.
      await field('augment.cropPadding').fill('2');
      const child = await launch('real-from-random');
      expect(child).not.toBe(parent);
      const stored = await api.call('runs.get', { runId: child });
      expect(stored.parentRunId).toBe(parent);
      expect(stored.config.init).toEqual({ fromRun: parent });
      expect(stored.config.augment).toEqual({ cropPadding: 2, horizontalFlip: false });
      const link = page.locator('[data-test="parent-run"] a');
      await expect.poll(() => link.innerText()).toBe(`run #${parent}`);
      await waitForCompletion();
      await shot('live-run-child');
      await link.click();
      await page.waitForURL(new RegExp(`#/runs/${parent}$`));
      await expect
        .poll(() => page.locator('.live-run h1').innerText())
        .toContain('random-pretrain');
      expect(await page.locator('[data-test="parent-run"]').count()).toBe(0);

      // Examples of the random-label run: 2 × 2 grids in the window, no page scroll, the note.
      await page.getByRole('link', { name: 'Examples' }).click();
      await page.locator('[data-test="example-grid"]').first().waitFor({ timeout: 20_000 });
      await expect
        .poll(() => page.locator('[data-test="chance-note"]').innerText())
        .toContain('right by chance at initialization');
      // Tiles right at step 0 carry the mark; no tile with a later learn time does.
      const marked = page.locator('[data-test="chance-at-init"]');
      expect(await marked.count()).toBeGreaterThan(0);
      for (const caption of await marked.locator('xpath=..').allInnerTexts()) {
        expect(caption).toMatch(/@ 0\b/);
      }
      const boxes = await page.locator('[data-test="example-grid"]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        }),
      );
      expect(boxes).toHaveLength(4);
      const [a, b, c, d] = boxes;
      expect(Math.abs(a.top - b.top)).toBeLessThan(1);
      expect(Math.abs(c.top - d.top)).toBeLessThan(1);
      expect(c.top).toBeGreaterThan(a.bottom - 1);
      expect(Math.abs(a.left - c.left)).toBeLessThan(1);
      expect(b.left).toBeGreaterThan(a.right - 1);
      const fits = (await page.evaluate(`(() => ({
      scroll: document.scrollingElement.scrollHeight,
      window: window.innerHeight,
      bottom: Math.max(...[...document.querySelectorAll('[data-test="example-grid"]')].map(
        (e) => e.getBoundingClientRect().bottom)),
    }))()`)) as { scroll: number; window: number; bottom: number };
      expect(fits.scroll).toBeLessThanOrEqual(fits.window);
      expect(fits.bottom).toBeLessThanOrEqual(fits.window);
      await shot('examples-random-labels', false);

      // Runs table: every cell of a row shares the row's top and bottom (no cell on its own line).
      await page.getByRole('link', { name: 'Runs', exact: true }).click();
      await page.locator(`tr[data-run-id="${child}"]`).waitFor();
      const rows = await page.locator('.runs-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.children].map((td) => {
            const r = td.getBoundingClientRect();
            return { top: Math.round(r.top), bottom: Math.round(r.bottom) };
          }),
        ),
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const cells of rows) {
        expect(new Set(cells.map((c) => c.top)).size).toBe(1);
        expect(new Set(cells.map((c) => c.bottom)).size).toBe(1);
      }
      await shot('runs-table-rows');

      // Without its parent in the project (deleted here; a run imported without it is the same
      // case), the child names the run it started from and says it is not here.
      await api.call('runs.delete', { runId: parent });
      await page.goto(`${server.url}#/runs/${child}`);
      await expect
        .poll(() => page.locator('[data-test="parent-run-elsewhere"]').innerText(), {
          timeout: 20_000,
        })
        .toContain(`run #${parent}, which is not in this project`);
      expect(await page.locator('[data-test="parent-run"]').count()).toBe(0);
      expect(errors).toEqual([]);
    }, 400_000);
  },
);
