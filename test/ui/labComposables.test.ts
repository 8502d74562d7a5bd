/**
 * The renderer's data composables in Node against the real back end: a real LabApi on a real
 * SQLite project, a real trainer process training a tiny run with corrupted labels, real
 * events. What the views show is built from what these composables hold, so the test checks
 * that following a run live ends with exactly the stored records, and that the chart builders
 * accept the real shapes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectScope, ref, watch, type EffectScope } from 'vue';
import type { CoherencePoint, LabClient, XAxis } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import type { ChartPanel } from '../../src-renderer/src/charts/chartPanel';
import {
  layerQSharePanel,
  liveRunSeries,
  probeCoherencePanel,
  subsetCurvesPanel,
} from '../../src-renderer/src/charts/liveRunCharts';
import { runColor } from '../../src-renderer/src/charts/runColors';
import { drawnSeries, runCurvesOption } from '../../src-renderer/src/charts/runCurvesChart';
import { compareQuantity } from '../../src-renderer/src/compare/compareQuantities';
import { useConfigForm } from '../../src-renderer/src/composables/useConfigForm';
import { useQuantityCurves } from '../../src-renderer/src/composables/useQuantityCurves';
import { useRunComparison } from '../../src-renderer/src/composables/useRunComparison';
import { useRunDetail } from '../../src-renderer/src/composables/useRunDetail';
import { useRunList } from '../../src-renderer/src/composables/useRunList';
import { useRunSeries } from '../../src-renderer/src/composables/useRunSeries';
import { curveKey } from '../../src-renderer/src/runData/liveRunReader';
import { describeFailure } from '../../src-renderer/src/transport/labCallError';
import { TINY_CONFIG } from '../cli/cliHarness';
import { inProcessLabClient, type InProcessLabClient } from './support/inProcessLabClient';

/** The CLI tests' tiny run, with half the labels corrupted so pristine/corrupt splits exist. */
const TINY_NOISY_RUN = { ...TINY_CONFIG, labelNoise: 0.5, steps: 40, schedule: { every: 10 } };

interface Series {
  name: string;
  data: Array<[number, number]>;
  color?: string;
  markLine?: { data: Array<{ yAxis: number }> };
}
interface Option {
  xAxis: { data?: string[] };
  series: Series[];
}
function optionOf(panel: ChartPanel): Option {
  if (!panel.option) throw new Error(`expected a chart, got "${panel.empty.title}"`);
  return panel.option as unknown as Option;
}

describe('renderer composables against the real back end', () => {
  let dir: string;
  let api: LabApi;
  let inProcess: InProcessLabClient;
  let lab: LabClient;
  const failures: string[] = [];
  const report = (e: unknown): void => {
    failures.push(describeFailure(e));
  };
  const scopes: EffectScope[] = [];
  /** Run composables in a scope of their own, as a view's setup does; stopped like an unmount. */
  function mount<T>(setup: () => T): { result: T; unmount: () => void } {
    const scope = effectScope();
    scopes.push(scope);
    return { result: scope.run(setup) as T, unmount: () => scope.stop() };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clab-composables-'));
    api = await createLabApi({ projectPath: join(dir, 'composables.clab') });
    inProcess = inProcessLabClient(api);
    lab = inProcess.client;
  });

  afterAll(async () => {
    for (const scope of scopes) scope.stop();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('validates and costs the new-run form as it is edited', async () => {
    const { result: form, unmount } = mount(() => useConfigForm(lab, report, 50));
    await expect.poll(() => form.config.value !== null).toBe(true);
    expect(form.fields.value.map((f) => f.path)).toContain('optimizer.lr');
    expect(form.datasets.value).toContain('mnist');
    expect(form.presets.value.length).toBeGreaterThan(0);

    const lr = form.fields.value.find((f) => f.path === 'optimizer.lr');
    if (!lr) throw new Error('no optimizer.lr field');
    form.setField(lr, '-1');
    await expect.poll(() => form.issueByPath.value.has('optimizer.lr')).toBe(true);
    expect(form.estimate.value).toBeNull();

    form.setField(lr, '0.05');
    await expect.poll(() => form.estimate.value?.paramCount ?? 0).toBeGreaterThan(0);
    expect(form.issues.value).toEqual([]);
    expect(form.fieldValue(lr)).toBe('0.05');
    unmount();
  });

  it('follows a training run live and ends with exactly its stored records', async () => {
    const list = mount(() => useRunList(lab, report));
    const { runIds } = await lab['runs.create']({ config: TINY_NOISY_RUN, name: 'tiny noisy' });
    const runId = runIds[0];

    const { result: live, unmount } = mount(() => {
      const run = useRunDetail(lab, runId, report);
      const series = useRunSeries(
        lab,
        runId,
        () => (run.detail.value ? liveRunSeries(run.detail.value.labelNoise) : null),
        report,
        { active: run.active },
      );
      // What a view would have drawn along the way.
      const progressSeen: number[] = [];
      const versions: number[] = [];
      watch(run.detail, (d) => d?.progress && progressSeen.push(d.progress.done));
      watch(series.data, (d) => d && versions.push(d.version));
      return { run, series, progressSeen, versions };
    });

    await expect
      .poll(() => live.run.detail.value?.status, { timeout: 110_000, interval: 250 })
      .toBe('completed');
    // The run is over, so its stored records are final. The status event schedules one last
    // (throttled) read; after it, the incremental reads (afterStep) must add up to exactly the
    // stored record: nothing lost, nothing doubled.
    const wanted = liveRunSeries(TINY_NOISY_RUN.labelNoise);
    const stored = await Promise.all(
      wanted.map(async ([series, subset]) => {
        const [s] = await lab['runs.series']({ runIds: [runId], series, subset, xAxis: 'step' });
        return { key: curveKey(series, subset), curve: { step: s.step, y: s.y } };
      }),
    );
    const storedCoherence: CoherencePoint[] = await lab['runs.coherence']({ runId });
    expect(storedCoherence.length).toBeGreaterThan(0);
    const holdsStored = (): boolean => {
      const held = live.series.data.value;
      return (
        held !== null &&
        JSON.stringify(held.coherence) === JSON.stringify(storedCoherence) &&
        stored.every(
          ({ key, curve }) => JSON.stringify(held.curves.get(key)) === JSON.stringify(curve),
        )
      );
    };
    await expect.poll(holdsStored, { timeout: 10_000 }).toBe(true);
    const data = live.series.data.value;
    if (!data) throw new Error('no series data');
    for (const { key, curve } of stored) expect(data.curves.get(key), key).toEqual(curve);
    expect(data.coherence).toEqual(storedCoherence);
    expect(data.curves.get(curveKey('batchCoherence', 'batch'))?.step.at(-1)).toBe(
      TINY_NOISY_RUN.steps - 1,
    );

    expect(failures).toEqual([]);
    expect(live.progressSeen.some((done) => done > 0)).toBe(true);
    expect(live.versions.length).toBeGreaterThan(0);
    expect(live.run.active.value).toBe(false);

    // The live panels draw the real records: every subset split, every probe, the line at 1.
    const loss = optionOf(subsetCurvesPanel(data.curves, 'loss'));
    expect(loss.series.map((s) => s.name)).toEqual(['train', 'test', 'pristine', 'corrupt']);
    const probes = optionOf(
      probeCoherencePanel(data.coherence, { showAlphaHat: false, probeM: TINY_CONFIG.coherence.m }),
    );
    expect(probes.series.map((s) => s.name).sort()).toEqual([
      'corrupt probe',
      'pristine probe',
      'train probe',
    ]);
    expect(probes.series[0].markLine?.data).toEqual([{ yAxis: 1 }]);
    const shares = optionOf(layerQSharePanel(data.coherence, 'train'));
    expect(shares.xAxis.data).toEqual(Object.keys(storedCoherence[0].layers));
    const shareSum = (shares.series[0].data as unknown as number[]).reduce((a, b) => a + b, 0);
    expect(shareSum).toBeCloseTo(1, 12);

    // The run list followed the status change, and carries the probe size m for the table.
    await expect
      .poll(() => list.result.rows.value?.find((r) => r.runId === runId)?.status)
      .toBe('completed');
    expect(list.result.rows.value?.find((r) => r.runId === runId)?.probeM).toBe(
      TINY_CONFIG.coherence.m,
    );

    unmount();
    list.unmount();
    expect(inProcess.listenerCount()).toBe(0);
  });

  it('reads one quantity for a set of runs, again whenever quantity, axis or runs change', async () => {
    const [run] = await lab['runs.list']({});
    const runIds = ref<number[]>([run.runId]);
    const quantity = ref(compareQuantity('coherence/train'));
    const xAxis = ref<XAxis>('epoch');
    const { result, unmount } = mount(() => ({
      ...useQuantityCurves(lab, { runIds, quantity, xAxis }, report),
      comparison: useRunComparison(lab, runIds, report),
    }));
    await expect.poll(() => result.curves.value?.length).toBe(1);
    const trainProbe = (await lab['runs.coherence']({ runId: run.runId })).filter(
      (p) => p.probe === 'train',
    );
    expect(result.curves.value?.[0].x).toEqual(trainProbe.map((p) => p.epoch));
    expect(result.curves.value?.[0].y).toEqual(trainProbe.map((p) => p.value));

    quantity.value = compareQuantity('loss/train');
    xAxis.value = 'step';
    await expect.poll(() => result.curves.value?.[0]?.y.length ?? 0).toBeGreaterThan(0);
    const [loss] = await lab['runs.series']({
      runIds: [run.runId],
      series: 'loss',
      subset: 'train',
      xAxis: 'step',
    });
    expect(result.curves.value?.[0].y).toEqual(loss.y);

    // The compare chart draws the real curve in the run's colour.
    const curves = result.curves.value ?? [];
    const option = runCurvesOption({
      quantity: quantity.value,
      xAxis: 'step',
      drawn: drawnSeries(curves, new Map([[run.runId, run]]), quantity.value.label, 0),
      runs: new Map([[run.runId, run]]),
      smoothing: 0,
      logX: true,
      logY: false,
      dark: false,
    }) as unknown as Option;
    expect(option.series).toHaveLength(1);
    expect(option.series[0].color).toBe(runColor(run.runId, false));
    expect(option.series[0].name).toBe(`tiny noisy #${run.runId}`);
    expect(option.series[0].data.every(([x]) => x > 0)).toBe(true);

    await expect.poll(() => result.comparison.value?.summary.length).toBe(1);
    expect(result.comparison.value?.summary[0].runId).toBe(run.runId);

    runIds.value = [];
    await expect.poll(() => result.curves.value).toEqual([]);
    expect(result.comparison.value).toBeNull();
    expect(failures).toEqual([]);
    unmount();
  });

  it('offers a completed run as init.fromRun exactly while its layer shapes fit', async () => {
    // The run trained above (784-32-10); the form's own layer shapes come from config.estimate.
    const completed = await lab['runs.list']({ status: 'completed' });
    expect(completed.length).toBeGreaterThan(0);
    const parent = completed[0].runId;
    const { result: form, unmount } = mount(() => useConfigForm(lab, report, 50));
    await expect.poll(() => form.config.value !== null).toBe(true);
    form.config.value = { ...TINY_NOISY_RUN };
    const fits = () => form.parents.value.find((c) => c.runId === parent)?.fits;
    await expect.poll(fits).toBe(true);
    form.setValue('model.hidden', [33]);
    await expect.poll(fits).toBe(false);
    expect(form.estimate.value?.paramCount).toBe(784 * 33 + 33 + 33 * 10 + 10);
    form.setValue('model.hidden', [32]);
    await expect.poll(fits).toBe(true);
    form.setValue('init.fromRun', parent);
    await expect
      .poll(() => form.estimate.value !== null && form.issues.value.length === 0)
      .toBe(true);
    expect(form.config.value?.init).toEqual({ fromRun: parent });
    form.setValue('init.fromRun', undefined);
    expect(form.config.value && 'init' in form.config.value).toBe(false);
    unmount();
  });

  it('reports a failed read as a sentence naming what is missing', async () => {
    const seen: string[] = [];
    const { result, unmount } = mount(() =>
      useRunDetail(lab, 999, (e) => seen.push(describeFailure(e))),
    );
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatch(/999/);
    expect(result.detail.value).toBeNull();
    unmount();
  });
});
