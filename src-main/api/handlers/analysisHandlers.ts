import { loadDataset } from '../../engine/data/datasetLoader';
import { PROGRESS_LATEST_KEYS } from '../../shared/latestValues';
import { EVALUATION_METRICS, type SeriesName, type Subset } from '../../shared/metricVocabulary';
import { configDiff, configTable } from '../../analysis/configDiff';
import { summarizeOutcome, type RunOutcome, type SeriesPoint } from '../../analysis/runSummary';
import { renderHtmlReport, type ReportRun } from '../../reports/htmlReport';
import type { ApiContext } from '../apiContext';
import type { SeriesColumns } from '../../store/seriesColumns';
import { downsampleColumns } from '../../store/seriesDownsampling';
import type { ApiParsedInput, ApiResult, RunSummary, SeriesData } from '../contract';
import { numClassesOf } from './datasetHandlers';
import type { RunRow } from '../../store/runRepository';
import { requireRun } from './runLifecycleHandlers';
import { datasetNameOf } from './runRows';

function points(ctx: ApiContext, runId: number, series: SeriesName, subset: Subset): SeriesPoint[] {
  const [columns] = ctx.store.series.readSeries([runId], series, subset);
  return Array.from(columns.step, (step, i) => ({ step, value: columns.y[i] }));
}

/** q of adjusted overfit: from the stored examples; 0 without label noise even when none are stored. */
function changedFractionOf(ctx: ApiContext, run: RunRow): number | null {
  const stored = ctx.store.artifacts.labelChangeFraction(run.id);
  if (stored !== null) return stored;
  return Number(run.config.labelNoise ?? 0) === 0 ? 0 : null;
}

export function runOutcome(ctx: ApiContext, run: RunRow): RunOutcome {
  const runId = run.id;
  // Columns, not row objects: a compare of 20 long runs reads 100k measurements here.
  const [coherence] = ctx.store.series.coherenceColumns([runId], 'train');
  return summarizeOutcome({
    trainAcc: points(ctx, runId, 'accuracy', 'train'),
    testAcc: points(ctx, runId, 'accuracy', 'test'),
    trainLoss: points(ctx, runId, 'loss', 'train'),
    testLoss: points(ctx, runId, 'loss', 'test'),
    pristineAcc: points(ctx, runId, 'accuracy', 'pristine'),
    corruptAcc: points(ctx, runId, 'accuracy', 'corrupt'),
    trainProbeCoherence: Array.from(coherence.step, (step, i) => ({ step, value: coherence.y[i] })),
    changedFraction: changedFractionOf(ctx, run),
    numClasses: numClassesOf(ctx, datasetNameOf(run.config)),
  });
}

/**
 * Typed columns as the plain arrays JSON transports carry, downsampled to `maxPoints` when
 * given (the store's LTTB keeping the extremes), saying how many points are stored.
 */
function asArrays(columns: SeriesColumns, maxPoints: number | undefined): SeriesData {
  const drawn = maxPoints === undefined ? columns : downsampleColumns(columns, maxPoints);
  return {
    runId: columns.runId,
    x: Array.from(drawn.x),
    y: Array.from(drawn.y),
    step: Array.from(drawn.step),
    storedPoints: columns.y.length,
    returnedPoints: drawn.y.length,
  };
}

export function readSeries(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.series'>,
): ApiResult<'runs.series'> {
  for (const runId of input.runIds) requireRun(ctx, runId);
  return ctx.store.series
    .readSeries(input.runIds, input.series, input.subset, {
      xAxis: input.xAxis,
      afterStep: input.afterStep,
    })
    .map((c) => asArrays(c, input.maxPoints));
}

export function readCoherence(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.coherence'>,
): ApiResult<'runs.coherence'> {
  requireRun(ctx, input.runId);
  return ctx.store.series
    .readCoherence(input.runId, {
      ...(input.probe ? { probe: input.probe } : {}),
      afterStep: input.afterStep,
      withLayers: input.layers,
    })
    .map(({ runId: _runId, ...rest }) => ({
      ...rest,
      layers: input.layers ? { ...rest.layers } : {},
    }));
}

export function readCoherenceSeries(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.coherenceSeries'>,
): ApiResult<'runs.coherenceSeries'> {
  for (const runId of input.runIds) requireRun(ctx, runId);
  return ctx.store.series
    .coherenceColumns(input.runIds, input.probe, { xAxis: input.xAxis, quantity: input.quantity })
    .map((c) => ({ ...asArrays(c, input.maxPoints), m: c.m }));
}

export function summarizeRuns(ctx: ApiContext, runIds: readonly number[]): RunSummary[] {
  return runIds.map((runId) => {
    const run = requireRun(ctx, runId);
    const outcome = runOutcome(ctx, run);
    const coherence = ctx.store.series.readCoherence(runId);
    // Steps trained so far: the last progress report, else the last measured step.
    const lastMeasured = coherence.reduce((max, c) => Math.max(max, c.step), 0);
    return {
      runId,
      name: run.name,
      status: run.status,
      backend: run.backendVersion ?? run.backend,
      steps: run.latest[PROGRESS_LATEST_KEYS.done] ?? lastMeasured,
      final: {
        trainAcc: outcome.finalTrainAcc,
        testAcc: outcome.finalTestAcc,
        trainLoss: outcome.finalTrainLoss,
        testLoss: outcome.finalTestLoss,
        pristineAcc: outcome.finalPristineAcc,
        corruptAcc: outcome.finalCorruptAcc,
      },
      best: { testAcc: outcome.bestTestAcc, step: outcome.bestTestStep },
      testCount: run.testCount,
      memorizedFraction: outcome.memorizedFraction,
      probeCoherence: outcome.probeCoherence,
      adjustedOverfit: outcome.adjustedOverfit,
      metricsVersion: run.metricsVersion,
      coherence: coherence.map((c) => ({
        step: c.step,
        probe: c.probe,
        m: c.m,
        value: c.value,
        layers: { ...c.layers },
      })),
    };
  });
}

export function compareRuns(ctx: ApiContext, runIds: readonly number[]): ApiResult<'runs.compare'> {
  const runs = runIds.map((runId) => requireRun(ctx, runId));
  return {
    summary: runs.map((run) => {
      const o = runOutcome(ctx, run);
      return {
        runId: run.id,
        name: run.name,
        finalTestAcc: o.finalTestAcc,
        testCount: run.testCount,
        bestTestAcc: o.bestTestAcc,
        bestTestStep: o.bestTestStep,
        finalPristineAcc: o.finalPristineAcc,
        memorizedFraction: o.memorizedFraction,
        probeCoherence: o.probeCoherence,
        adjustedOverfit: o.adjustedOverfit,
        metricsVersion: run.metricsVersion,
      };
    }),
    configDiff: configDiff(runs.map((r) => ({ runId: r.id, config: r.config }))),
    configAll: configTable(runs.map((r) => ({ runId: r.id, config: r.config }))),
  };
}

export function exampleImages(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.examples'>,
): ApiResult<'runs.examples'> {
  const run = requireRun(ctx, input.runId);
  const examples = ctx.store.artifacts.examples(input.runId, {
    corrupt: input.corrupt,
    order: input.order,
    limit: input.limit,
  });
  if (examples.length === 0) return [];
  const dataset = loadDataset(datasetNameOf(run.config), {
    cacheDir: ctx.cacheDir,
    importedDatasets: (name) => ctx.store.datasets.load(name) ?? undefined,
  });
  const size = dataset.height * dataset.width * dataset.channels;
  return examples.map((e) => ({
    ...e,
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    pixels: Array.from(
      dataset.train.pixels.subarray(e.sourceIndex * size, (e.sourceIndex + 1) * size),
    ),
  }));
}

export function reportRuns(
  ctx: ApiContext,
  input: { runIds: readonly number[]; title?: string },
): ApiResult<'runs.report'> {
  const rows = input.runIds.map((runId) => requireRun(ctx, runId));
  const runs: ReportRun[] = rows.map((run) => {
    const runId = run.id;
    const coherence = ctx.store.series.readCoherence(runId, { withLayers: false });
    const probes = [...new Set(coherence.map((c) => c.probe))];
    // Every evaluated subset of a series (train, test, pristine, corrupt), as the engine records them.
    const curves = (
      series: SeriesName,
    ): Array<{ subset: string; points: Array<[number, number]> }> =>
      EVALUATION_METRICS.filter((m) => m.series === series)
        .map((m) => ({
          subset: m.subset,
          points: points(ctx, runId, m.series, m.subset).map((p): [number, number] => [
            p.step,
            p.value,
          ]),
        }))
        .filter((s) => s.points.length);
    return {
      runId,
      name: run.name,
      status: run.status,
      backend: run.backend,
      outcome: runOutcome(ctx, run),
      testCount: run.testCount,
      metricsVersion: run.metricsVersion,
      coherence: probes.map((probe) => {
        const ofProbe = coherence.filter((c) => c.probe === probe);
        return {
          probe,
          m: ofProbe[0]?.m ?? 0,
          points: ofProbe.map((c) => [c.step, c.value] as [number, number]),
        };
      }),
      accuracy: curves('accuracy'),
      loss: curves('loss'),
    };
  });
  const html = renderHtmlReport({
    title: input.title ?? `Coherence Lab report: runs ${input.runIds.join(', ')}`,
    generatedAt: new Date().toISOString(),
    appVersion: ctx.appVersion,
    runs,
    configDiff: configDiff(rows.map((r) => ({ runId: r.id, config: r.config }))),
  });
  return { fileName: `coherence-lab-report-${input.runIds.join('-')}.html`, html };
}
