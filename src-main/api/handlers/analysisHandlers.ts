import { loadDataset } from '../../engine/data/datasetLoader';
import { readCoherenceColumns } from '../../store/coherenceColumns';
import { configDiff } from '../../runs/analysis/configDiff';
import {
  summarizeOutcome,
  type RunOutcome,
  type SeriesPoint,
} from '../../runs/analysis/runSummary';
import { renderHtmlReport, type ReportRun } from '../../runs/report/htmlReport';
import type { ApiContext } from '../apiContext';
import type { ApiParsedInput, ApiResult, RunSummary } from '../contract';
import { numClassesOf } from './datasetHandlers';
import { getRun } from './runLifecycleHandlers';

function points(ctx: ApiContext, runId: number, series: string, subset: string): SeriesPoint[] {
  const [columns] = ctx.store.series.readSeries([runId], series, subset);
  return Array.from(columns.step, (step, i) => ({ step, value: columns.y[i] }));
}

export function runOutcome(ctx: ApiContext, runId: number): RunOutcome {
  const run = ctx.store.runs.require(runId);
  // Columns, not row objects: a compare of 20 long runs reads 100k measurements here.
  const [coherence] = readCoherenceColumns(ctx.store.db, [runId], 'train');
  return summarizeOutcome({
    trainAcc: points(ctx, runId, 'accuracy', 'train'),
    testAcc: points(ctx, runId, 'accuracy', 'test'),
    trainLoss: points(ctx, runId, 'loss', 'train'),
    testLoss: points(ctx, runId, 'loss', 'test'),
    pristineAcc: points(ctx, runId, 'accuracy', 'pristine'),
    corruptAcc: points(ctx, runId, 'accuracy', 'corrupt'),
    trainProbeCoherence: Array.from(coherence.step, (step, i) => ({ step, value: coherence.y[i] })),
    labelNoise: Number(run.config.labelNoise ?? 0),
    numClasses: numClassesOf(
      ctx,
      String((run.config.dataset as { name?: string } | undefined)?.name ?? 'mnist'),
    ),
  });
}

export function readSeries(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.series'>,
): ApiResult<'runs.series'> {
  for (const runId of input.runIds) getRun(ctx, runId);
  return ctx.store.series
    .readSeries(input.runIds, input.series, input.subset, {
      xAxis: input.xAxis,
      afterStep: input.afterStep,
    })
    .map((c) => ({
      runId: c.runId,
      x: Array.from(c.x),
      y: Array.from(c.y),
      step: Array.from(c.step),
    }));
}

export function readCoherence(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.coherence'>,
): ApiResult<'runs.coherence'> {
  getRun(ctx, input.runId);
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
  for (const runId of input.runIds) getRun(ctx, runId);
  return readCoherenceColumns(ctx.store.db, input.runIds, input.probe, {
    xAxis: input.xAxis,
    quantity: input.quantity,
  }).map((c) => ({
    runId: c.runId,
    m: c.m,
    x: Array.from(c.x),
    y: Array.from(c.y),
    step: Array.from(c.step),
  }));
}

export function summarizeRuns(ctx: ApiContext, runIds: readonly number[]): RunSummary[] {
  return runIds.map((runId) => {
    const run = getRun(ctx, runId);
    const outcome = runOutcome(ctx, runId);
    const stored = ctx.store.runs.require(runId);
    // Steps trained so far: the last progress report, else the last measured step.
    const lastMeasured = ctx.store.series
      .readCoherence(runId)
      .reduce((max, c) => Math.max(max, c.step), 0);
    const lastStep = ctx.store.series.latest(runId)['progress/done'] ?? lastMeasured;
    return {
      runId,
      name: run.name,
      status: run.status,
      backend: stored.backendVersion ?? stored.backend,
      steps: lastStep,
      final: {
        trainAcc: outcome.finalTrainAcc,
        testAcc: outcome.finalTestAcc,
        trainLoss: outcome.finalTrainLoss,
        testLoss: outcome.finalTestLoss,
        pristineAcc: outcome.finalPristineAcc,
        corruptAcc: outcome.finalCorruptAcc,
      },
      best: { testAcc: outcome.bestTestAcc, step: outcome.bestTestStep },
      memorizedFraction: outcome.memorizedFraction,
      adjustedOverfit: outcome.adjustedOverfit,
      coherence: ctx.store.series.readCoherence(runId).map((c) => ({
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
  const runs = runIds.map((runId) => getRun(ctx, runId));
  return {
    summary: runs.map((run) => {
      const o = runOutcome(ctx, run.runId);
      return {
        runId: run.runId,
        name: run.name,
        finalTestAcc: o.finalTestAcc,
        bestTestAcc: o.bestTestAcc,
        bestTestStep: o.bestTestStep,
        memorizedFraction: o.memorizedFraction,
        peakProbeCoherence: o.peakProbeCoherence,
        adjustedOverfit: o.adjustedOverfit,
      };
    }),
    configDiff: configDiff(runs.map((r) => ({ runId: r.runId, config: r.config }))),
  };
}

export function exampleImages(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.examples'>,
): ApiResult<'runs.examples'> {
  const run = getRun(ctx, input.runId);
  const examples = ctx.store.artifacts.examples(input.runId, {
    corrupt: input.corrupt,
    order: input.order,
    limit: input.limit,
  });
  if (examples.length === 0) return [];
  const dataset = loadDataset(run.dataset, {
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
  input: ApiParsedInput<'runs.report'>,
): ApiResult<'runs.report'> {
  const runs: ReportRun[] = input.runIds.map((runId) => {
    const run = getRun(ctx, runId);
    const coherence = ctx.store.series.readCoherence(runId);
    const probes = [...new Set(coherence.map((c) => c.probe))];
    const curve = (series: string, subset: string): Array<[number, number]> =>
      points(ctx, runId, series, subset).map((p) => [p.step, p.value]);
    const subsets = ['train', 'test', 'pristine', 'corrupt'];
    return {
      runId,
      name: run.name,
      status: run.status,
      backend: run.backend,
      outcome: runOutcome(ctx, runId),
      coherence: probes.map((probe) => {
        const ofProbe = coherence.filter((c) => c.probe === probe);
        return {
          probe,
          m: ofProbe[0]?.m ?? 0,
          points: ofProbe.map((c) => [c.step, c.value] as [number, number]),
        };
      }),
      accuracy: subsets
        .map((subset) => ({ subset, points: curve('accuracy', subset) }))
        .filter((s) => s.points.length),
      loss: subsets
        .map((subset) => ({ subset, points: curve('loss', subset) }))
        .filter((s) => s.points.length),
    };
  });
  const html = renderHtmlReport({
    title: input.title ?? `Coherence Lab report: runs ${input.runIds.join(', ')}`,
    generatedAt: new Date().toISOString(),
    appVersion: ctx.appVersion,
    runs,
    configDiff: configDiff(
      runs.map((r) => ({ runId: r.runId, config: ctx.store.runs.require(r.runId).config })),
    ),
  });
  return { fileName: `coherence-lab-report-${input.runIds.join('-')}.html`, html };
}
