/**
 * The class × class cross-coherence heatmap of the run view, in real Chromium against the real
 * browser-mode server: a run with per-class probes (written through the store, no trainer) shows
 * K × K cells, names the classes and the value on hover, and the step slider moves between
 * measurements.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../src-main/engine/runConfig';
import { ProjectStore } from '../../src-main/store/projectStore';
import { HEATMAP_GRID } from '../../src-renderer/src/charts/classCrossHeatmap';
import { chromiumAvailable, openLabPage, type LabPage } from './support/chromium';

const K = 10;
const STEPS = [0, 10, 20];
/** A distinct value per pair and step, so a hover reads back exactly which cell it is. */
const pairValue = (a: number, b: number, step: number): number =>
  Math.round(1000 * Math.sin(a * 7 + b * 3 + step)) / 1000;

function seedPerClassRun(dir: string): string {
  const path = join(dir, 'classes.clab');
  const store = ProjectStore.open(path, { create: true, appVersion: 'seed' });
  try {
    const config = runConfigSchema.parse({
      dataset: { name: 'fashion-mnist' },
      steps: 20,
      coherence: { perClass: true, m: 50 },
    });
    const runId = store.runs.create({
      name: 'per-class',
      tags: [],
      notes: '',
      groupId: null,
      config,
      seed: 1,
      appVersion: 'seed',
    });
    store.classCross.append(
      runId,
      STEPS.map((step) => {
        const values: number[] = [];
        for (let a = 0; a < K; a++)
          for (let b = a + 1; b < K; b++) values.push(pairValue(a, b, step));
        return {
          step,
          epoch: step / 10,
          examplesSeen: step * 50,
          wallMs: step,
          classes: [...Array(K).keys()],
          values,
        };
      }),
    );
    store.series.append(runId, {
      coherence: STEPS.flatMap((step) =>
        Array.from({ length: K }, (_, k) => ({
          step,
          epoch: step / 10,
          examplesSeen: step * 50,
          wallMs: step,
          probe: `class${k}` as const,
          m: 50,
          value: 2 + k / 10,
          alphaHat: (1 + k / 10) / 49,
          layers: { dense1: { N: 1, Q: 1 } },
        })),
      ),
    });
  } finally {
    store.close();
  }
  return path;
}

describe.skipIf(!chromiumAvailable())('class × class cross-coherence heatmap', () => {
  let lab: LabPage;
  beforeAll(async () => {
    lab = await openLabPage({ tmpPrefix: 'clab-ui-cross-', project: seedPerClassRun });
  }, 180_000);
  afterAll(() => lab?.close());

  it('shows K × K cells with class names and the value on hover, at the step the slider picks', async () => {
    const { page, server, errors } = lab;
    await page.goto(`${server.url}#/runs/1`);
    const panel = page.locator('[data-test="class-cross-chart"]');
    await expect
      .poll(() => panel.getAttribute('data-cell-count'), { timeout: 20_000 })
      .toBe(String(K * K));
    expect(await panel.getAttribute('data-step')).toBe('20');
    await panel.scrollIntoViewIfNeeded();

    // Hover the centre of cell (row 3, column 7): the tooltip names both classes and the value.
    const chart = panel.locator('.lab-chart');
    const hoverCell = async (row: number, column: number): Promise<string> => {
      const box = await chart.boundingBox();
      if (!box) throw new Error('the heatmap has no box');
      const width = box.width - HEATMAP_GRID.left - HEATMAP_GRID.right;
      const height = box.height - HEATMAP_GRID.top - HEATMAP_GRID.bottom;
      await page.mouse.move(
        box.x + HEATMAP_GRID.left + ((column + 0.5) * width) / K,
        box.y + HEATMAP_GRID.top + ((row + 0.5) * height) / K,
      );
      const tip = chart.locator('div').filter({ hasText: ' × ' }).last();
      await expect.poll(() => tip.innerText(), { timeout: 5_000 }).toContain(' × ');
      return tip.innerText();
    };
    // Fashion-MNIST's names: class 3 is "Dress", class 7 "Sneaker".
    expect(await hoverCell(3, 7)).toBe(`Dress × Sneaker: ${pairValue(3, 7, 20).toFixed(3)}`);
    expect(await hoverCell(7, 3)).toBe(`Sneaker × Dress: ${pairValue(3, 7, 20).toFixed(3)}`);
    expect(await hoverCell(5, 5)).toBe('Sandal × Sandal: 1.000');
    await lab.shot('class-cross-heatmap');

    // The slider's first position is step 0, with that step's values.
    await page.locator('[data-test="class-cross-step"]').fill('0');
    await expect.poll(() => panel.getAttribute('data-step')).toBe('0');
    expect(await panel.getAttribute('data-cell-count')).toBe(String(K * K));
    expect(await hoverCell(3, 7)).toBe(`Dress × Sneaker: ${pairValue(3, 7, 0).toFixed(3)}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
