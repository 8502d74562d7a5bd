/**
 * UI speed in headless Chromium: a project with 20 completed runs × 5,000 probe m-coherence
 * points each, opened in the Compare view. Times come from the view's own performance marks:
 * first render (view created → chart drawn with all series) and a smoothing change (slider
 * moved → chart redrawn with raw and smoothed lines).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabApi } from '../src-main/api/labApi';
import type { CoherenceMeasurement } from '../src-main/engine/records/engineRecords';
import { runConfigSchema } from '../src-main/engine/runConfig';
import { startLabServer } from '../src-main/server/labServer';
import { ProjectStore } from '../src-main/store/projectStore';
import { launchChromium } from '../test/ui/support/chromium';
import { ensureRendererBuilt } from '../test/ui/support/rendererBuild';

const RUNS = 20;
const POINTS = 5000;

export interface UiBenchResult {
  compare20x5kFirstRenderMs: number;
  smoothingToggleMs: number;
}

/** 20 runs written straight through the store, each with a 5,000-point coherence curve. */
function seedProject(path: string): number[] {
  const store = ProjectStore.open(path, { create: true, appVersion: 'bench' });
  const runIds: number[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const config = runConfigSchema.parse({
        steps: POINTS * 10,
        optimizer: { lr: 0.01 * (r + 1) },
      });
      const runId = store.runs.create({
        name: `bench-${r}`,
        tags: ['bench'],
        notes: '',
        groupId: null,
        config,
        seed: r,
        appVersion: 'bench',
      });
      const measurements: CoherenceMeasurement[] = [];
      for (let i = 0; i < POINTS; i++) {
        const step = i * 10;
        const value = 1 + 20 * Math.exp(-step / (2000 + 300 * r)) + 0.3 * Math.sin(i * 0.7 + r);
        measurements.push({
          step,
          epoch: step / 100,
          examplesSeen: step * 100,
          wallMs: step * 25,
          probe: 'train',
          m: 1000,
          value,
          alphaHat: (value - 1) / 999,
          layers: { dense1: { N: value * 0.8, Q: 0.8 }, dense2: { N: value * 0.2, Q: 0.2 } },
        });
      }
      store.series.append(runId, {
        coherence: measurements,
        latest: [
          {
            key: 'coherence/train',
            step: (POINTS - 1) * 10,
            value: measurements[POINTS - 1].value,
          },
        ],
      });
      store.runs.setStatus(runId, 'running');
      store.runs.setStatus(runId, 'completed');
      runIds.push(runId);
    }
  } finally {
    store.close();
  }
  return runIds;
}

export async function benchUi(): Promise<UiBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'clab-uibench-'));
  const projectPath = join(dir, 'bench.clab');
  const runIds = seedProject(projectPath);
  const staticDir = await ensureRendererBuilt();
  const api = await createLabApi({ projectPath });
  const server = await startLabServer({ api, staticDir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const measure = (name: string): Promise<number> =>
      page
        .waitForFunction((n) => performance.getEntriesByName(n, 'measure').length > 0, name, {
          timeout: 60_000,
        })
        .then(() =>
          page.evaluate((n) => performance.getEntriesByName(n, 'measure')[0].duration, name),
        );
    // Warm-up load (code, fonts, caches), then the measured one in a fresh document.
    await page.goto(`${server.url}#/compare?runs=${runIds.join(',')}`);
    await measure('compare:first-render');
    await page.reload();
    const firstRender = await measure('compare:first-render');
    await page.locator('[data-test="smoothing"]').fill('0.6');
    const smoothing = await measure('compare:smoothing-toggle');
    if (process.env.UI_BENCH_DEBUG)
      console.error(
        await page.evaluate(() =>
          JSON.stringify(
            performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
          ),
        ),
      );
    return {
      compare20x5kFirstRenderMs: Math.round(firstRender),
      smoothingToggleMs: Math.round(smoothing),
    };
  } finally {
    await browser.close();
    await server.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
