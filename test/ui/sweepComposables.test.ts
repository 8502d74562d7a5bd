/**
 * The renderer's sweep composables in Node against the real back end: the new-sweep form
 * validates and costs a sweep and starts it on the local executor (real trainer processes),
 * the sweep list follows it to the end, and "group by cell" reads bands and summaries whose
 * numbers are checked against the runs' own stored values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, effectScope, ref, type EffectScope } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { LabClient, RunListRow } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { tCritical95 } from '../../src-main/sweeps/studentT';
import { cellBandsOption } from '../../src-renderer/src/charts/cellBandsChart';
import { cellColor, cellGroupsOf } from '../../src-renderer/src/compare/cellGroups';
import { compareQuantity } from '../../src-renderer/src/compare/compareQuantities';
import { useCellBands } from '../../src-renderer/src/composables/useCellBands';
import { useCellSummary } from '../../src-renderer/src/composables/useCellSummary';
import { useSweepForm } from '../../src-renderer/src/composables/useSweepForm';
import { useSweepList } from '../../src-renderer/src/composables/useSweepList';
import { sweepCells, sweepProgressView } from '../../src-renderer/src/sweeps/sweepRows';
import { describeFailure } from '../../src-renderer/src/transport/labCallError';
import { inProcessLabClient } from './support/inProcessLabClient';

const TINY = {
  dataset: { name: 'mnist', trainSize: 200, testSize: 100 },
  model: { kind: 'mlp', hidden: [16] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 20,
  steps: 20,
  seed: 1,
  coherence: { m: 50, chunkSize: 50 },
  schedule: { every: 10 },
  checkpointEvery: 10,
  backend: 'wasm',
};

describe('sweep composables against the real back end', () => {
  let dir: string;
  let api: LabApi;
  let lab: LabClient;
  let router: Router;
  const failures: string[] = [];
  const report = (e: unknown): void => {
    failures.push(describeFailure(e));
  };
  const scopes: EffectScope[] = [];
  /** Run composables as a view's setup does: in a scope, inside an app with the router. */
  function mount<T>(setup: () => T): T {
    const app = createApp({});
    app.use(router);
    const scope = effectScope();
    scopes.push(scope);
    return app.runWithContext(() => scope.run(setup) as T);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clab-sweep-ui-'));
    api = await createLabApi({ projectPath: join(dir, 'sweeps.clab') });
    lab = inProcessLabClient(api).client;
    router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', name: 'runs', component: {} },
        { path: '/sweeps/new', name: 'new-sweep', component: {} },
      ],
    });
    await router.push('/sweeps/new');
  });

  afterAll(async () => {
    for (const scope of scopes) scope.stop();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let rows: RunListRow[] = [];

  it('validates, costs and starts a sweep from the form; the sweep list follows it', async () => {
    const base = ref<Record<string, unknown> | null>(TINY);
    const sweep = mount(() => useSweepForm(lab, base, report, { validateAfterMs: 20 }));
    sweep.form.value.name = 'noise';
    sweep.form.value.axes = [{ key: 'labelNoise', values: '0, 1.5' }];
    sweep.form.value.seedCount = '2';
    sweep.form.value.concurrency = '2';
    // A bad cell: named by the back end, with its key.
    await expect
      .poll(() => sweep.issues.value.map((i) => i.path).join())
      .toMatch(/cell labelNoise=1\.5: labelNoise/);
    expect(sweep.estimate.value).toBeNull();
    sweep.form.value.axes[0].values = '0, 0.5';
    await expect.poll(() => sweep.estimate.value?.runs).toBe(4);
    expect(sweep.estimate.value).toMatchObject({ cells: 2, concurrency: 2, axes: ['labelNoise'] });
    expect(sweep.estimate.value?.wallSeconds).toBeGreaterThan(0);
    expect(sweep.issues.value).toEqual([]);

    const list = mount(() => useSweepList(lab, report, { throttleMs: 100, pollMs: 500 }));
    await sweep.start();
    expect(router.currentRoute.value.name).toBe('runs');
    await expect.poll(() => list.sweeps.value?.length).toBe(1);
    const [row] = list.sweeps.value ?? [];
    expect(row).toMatchObject({ name: 'noise', executor: 'local', runs: 4, cells: 2 });
    expect(row.cellLabels).toEqual(['labelNoise=0', 'labelNoise=0.5']);
    await expect
      .poll(() => list.statuses.value.get(row.sweepId)?.completed, {
        timeout: 110_000,
        interval: 250,
      })
      .toBe(4);
    expect(list.active.value).toBe(false);
    const status = list.statuses.value.get(row.sweepId);
    expect(sweepProgressView(row, status)).toMatchObject({ text: '4/4 done', etaText: '—' });
    rows = await lab['runs.list']({});
    const cells = sweepCells(row, status, new Map(rows.map((r) => [r.runId, r])));
    expect(cells.map((c) => c.tasks.map((t) => [t.seed, t.run?.status]))).toEqual([
      [
        [1, 'completed'],
        [2, 'completed'],
      ],
      [
        [1, 'completed'],
        [2, 'completed'],
      ],
    ]);
    expect(failures).toEqual([]);
  });

  it('groups runs by cell: bands and summaries equal the runs’ own values', async () => {
    const groups = cellGroupsOf(
      rows.map((r) => r.runId),
      new Map(rows.map((r) => [r.runId, r])),
    );
    expect(groups.map((g) => [g.label, g.runIds.length])).toEqual([
      ['labelNoise=0', 2],
      ['labelNoise=0.5', 2],
    ]);
    const quantity = compareQuantity('accuracy/test');
    const { bands } = mount(() => useCellBands(lab, { groups, quantity }, report));
    const summary = mount(() => useCellSummary(lab, groups, report));
    await expect.poll(() => bands.value?.length).toBe(2);
    await expect.poll(() => summary.value?.cells.length).toBe(2);

    for (const [i, group] of groups.entries()) {
      const band = bands.value?.[i];
      if (!band) throw new Error('no band');
      // Brute force: the seeds' stored points, step by step.
      const series = await lab['runs.series']({
        runIds: group.runIds,
        series: 'accuracy',
        subset: 'test',
      });
      expect(band.steps).toEqual(series[0].step);
      band.steps.forEach((_, j) => {
        const [a, b] = series.map((s) => s.y[j]);
        const mean = (a + b) / 2;
        const half = (tCritical95(1) * (Math.abs(a - b) / Math.SQRT2)) / Math.SQRT2;
        expect(band.mean[j]).toBeCloseTo(mean, 12);
        expect(band.lo[j]).toBeCloseTo(mean - half, 10);
        expect(band.hi[j]).toBeCloseTo(mean + half, 10);
      });
      const perRun = (await lab['runs.compare']({ runIds: group.runIds })).summary;
      const stat = summary.value?.cells[i].metrics.finalTestAcc;
      expect(stat?.n).toBe(2);
      expect(stat?.mean).toBeCloseTo(
        ((perRun[0].finalTestAcc ?? NaN) + (perRun[1].finalTestAcc ?? NaN)) / 2,
        12,
      );
    }
    // The chart builder takes the real shapes: a band (2 series) and a mean line per cell.
    const option = cellBandsOption({
      quantity,
      bands: bands.value ?? [],
      colors: groups.map((_, i) => cellColor(i, false)),
    }) as unknown as { series: unknown[] };
    expect(option.series).toHaveLength(6);
    expect(failures).toEqual([]);
  });
});
