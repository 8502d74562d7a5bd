import { classProbeName, type ProbeKind } from '../../shared/metricVocabulary';
import { canonicalJson } from '../../sweeps/canonicalJson';
import { SweepDefinitionError } from '../../sweeps/sweepDefinitionError';
import { expandSweep } from '../../sweeps/sweepExpansion';
import { describeJsonError } from '../../shared/contentExcerpt';
import { ApiError, issuesOf } from '../apiError';
import type { ApiContext } from '../apiContext';
import type { ApiResult } from '../contract';
import { runBundleSchema, safeFileStem, type RunBundle, type RunBundleRun } from '../runBundle';
import { bundleLatestValues } from './bundleLatestValues';
import { requireValidConfig } from './configHandlers';
import { shapeOf } from './datasetHandlers';
import { importedWeightIssues } from './importedWeights';
import { requireRun } from './runLifecycleHandlers';
import type { ExampleRecord } from '../../store/artifactRepository';
import type { RunConfig } from '../../engine/config/configSchemas';

function bundleRun(ctx: ApiContext, runId: number): RunBundleRun {
  const run = requireRun(ctx, runId);
  const examples = ctx.store.artifacts.examples(runId);
  const corruptAt = (name: ProbeKind, position: number): number =>
    // The test probe holds test examples, which are never corrupted.
    name !== 'test' && examples[position]?.corrupt ? 1 : 0;
  const probes: RunBundleRun['probes'] = {};
  for (const p of ctx.store.artifacts.probeSets(runId)) {
    probes[p.name] = {
      positions: p.positions,
      indices: p.sourceIndices,
      labels: p.labels,
      corrupt: p.positions.map((position) => corruptAt(p.name, position)),
    };
  }
  const weights: RunBundleRun['weights'] = {};
  for (const [name, tensor] of Object.entries(ctx.store.artifacts.finalWeights(runId) ?? {})) {
    weights[name] = { shape: tensor.shape, values: Array.from(tensor.values) };
  }
  return {
    runId,
    name: run.name,
    tags: run.tags,
    notes: run.notes,
    status: run.status,
    seed: run.seed,
    backend: run.backend,
    backendVersion: run.backendVersion,
    appVersion: run.appVersion,
    paramCount: run.paramCount,
    totalSteps: run.totalSteps,
    layerNames: run.layerNames,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    config: run.config,
    metrics: ctx.store.series.allPoints(runId),
    coherence: ctx.store.series
      .readCoherence(runId)
      .map(({ runId: _r, ...c }) => ({ ...c, layers: { ...c.layers } })),
    probes,
    ...classCrossOf(ctx, runId),
    weights,
    metricsVersion: run.metricsVersion,
    trainCount: run.trainCount,
    testCount: run.testCount,
    ...(examples.length > 0 ? { examples: exampleColumns(examples) } : {}),
    ...sweepTagOf(ctx, runId),
  };
}

function classCrossOf(ctx: ApiContext, runId: number): Pick<RunBundleRun, 'classCross'> {
  const measurements = ctx.store.classCross.read(runId);
  return measurements.length
    ? {
        classCross: measurements.map((m) => ({
          ...m,
          classes: [...m.classes],
          values: [...m.values],
        })),
      }
    : {};
}

function sweepTagOf(ctx: ApiContext, runId: number): Pick<RunBundleRun, 'sweep'> {
  const link = ctx.store.sweeps.linkOf(runId);
  if (!link) return {};
  return {
    sweep: {
      sweepId: link.sweepId,
      taskIndex: link.taskIndex,
      cellIndex: link.cellIndex,
      cellKey: link.cellKey as NonNullable<RunBundleRun['sweep']>['cellKey'],
      seed: link.seed,
    },
  };
}

/** The definitions of the sweeps the exported runs belong to. */
function bundleSweeps(ctx: ApiContext, runs: readonly RunBundleRun[]): Pick<RunBundle, 'sweeps'> {
  const ids = [...new Set(runs.flatMap((run) => (run.sweep ? [run.sweep.sweepId] : [])))];
  if (ids.length === 0) return {};
  return {
    sweeps: ids.map((id) => {
      const sweep = ctx.store.sweeps.require(id);
      return {
        id: sweep.id,
        name: sweep.name,
        createdAt: sweep.createdAt,
        definition: sweep.definition as Record<string, unknown>,
      };
    }),
  };
}

function exampleColumns(examples: readonly ExampleRecord[]): NonNullable<RunBundleRun['examples']> {
  return {
    sourceIndex: examples.map((e) => e.sourceIndex),
    originalLabel: examples.map((e) => e.originalLabel),
    trainingLabel: examples.map((e) => e.trainingLabel),
    selected: examples.map((e) => (e.selected ? 1 : 0)),
    corrupt: examples.map((e) => (e.corrupt ? 1 : 0)),
    firstLearnedStep: examples.map((e) => e.firstLearnedStep),
    learnedSinceStep: examples.map((e) => e.learnedSinceStep),
  };
}

function exportName(ctx: ApiContext, runIds: readonly number[], extension: string): string {
  const first = requireRun(ctx, runIds[0]);
  return runIds.length === 1
    ? `run-${first.id}-${safeFileStem(first.name)}.${extension}`
    : `runs-${runIds.join('-')}.${extension}`;
}

export function exportJson(
  ctx: ApiContext,
  runIds: readonly number[],
): ApiResult<'runs.exportJson'> {
  for (const runId of runIds) requireRun(ctx, runId);
  const runs = runIds.map((runId) => bundleRun(ctx, runId));
  const bundle: RunBundle = {
    format: 'coherence-lab-runs',
    version: 2,
    exportedAt: new Date().toISOString(),
    runs,
    ...bundleSweeps(ctx, runs),
  };
  return { fileName: exportName(ctx, runIds, 'json'), json: JSON.stringify(bundle) };
}

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One tidy table: metric points, probe coherence and class-pair cross-coherence of every run, one row per value. */
export function exportCsv(ctx: ApiContext, runIds: readonly number[]): ApiResult<'runs.exportCsv'> {
  const lines = ['run_id,run_name,kind,series,subset,m,step,epoch,examples_seen,wall_ms,value'];
  for (const runId of runIds) {
    const run = requireRun(ctx, runId);
    for (const p of ctx.store.series.allPoints(runId)) {
      lines.push(
        [
          runId,
          run.name,
          'metric',
          p.series,
          p.subset,
          '',
          p.step,
          p.epoch,
          p.examplesSeen,
          p.wallMs,
          p.value,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    for (const c of ctx.store.series.readCoherence(runId)) {
      lines.push(
        [
          runId,
          run.name,
          'coherence',
          'probeCoherence',
          c.probe,
          c.m,
          c.step,
          c.epoch,
          c.examplesSeen,
          c.wallMs,
          c.value,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    // Class pairs as subset "class<i>/class<j>" (i < j), one row per pair and measurement.
    for (const c of ctx.store.classCross.read(runId)) {
      let pair = 0;
      c.classes.forEach((a, i) => {
        for (const b of c.classes.slice(i + 1)) {
          const value = c.values[pair++];
          lines.push(
            [
              runId,
              run.name,
              'classCross',
              'classCrossCoherence',
              `${classProbeName(a)}/${classProbeName(b)}`,
              '',
              c.step,
              c.epoch,
              c.examplesSeen,
              c.wallMs,
              value,
            ]
              .map(csvCell)
              .join(','),
          );
        }
      });
    }
  }
  return { fileName: exportName(ctx, runIds, 'csv'), csv: `${lines.join('\n')}\n` };
}

export function importJson(ctx: ApiContext, json: string): ApiResult<'runs.importJson'> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw ApiError.invalidInput('import', [
      { path: 'json', message: describeJsonError(error, json) },
    ]);
  }
  const parsed = runBundleSchema.safeParse(raw);
  if (!parsed.success) throw ApiError.invalidInput('import', issuesOf(parsed.error));
  const bundle = parsed.data;
  const configs = bundle.runs.map((run, i) => requireValidConfig(run.config, `runs.${i}.config`));
  // Weights are checked against the model before anything is allocated or stored.
  const weightIssues = bundle.runs.flatMap((run, i) => {
    const shape = shapeOf(ctx, configs[i].dataset.name);
    const data = shape ? { input: shape, numClasses: shape.numClasses } : null;
    return importedWeightIssues(run.weights, configs[i], data, `runs.${i}`);
  });
  if (weightIssues.length > 0) throw ApiError.invalidInput('import', weightIssues);
  const newSweeps = checkBundleSweeps(ctx, bundle);
  const runIds = ctx.store.transaction(() => {
    for (const sweep of newSweeps) ctx.store.sweeps.create(sweep);
    const ids = bundle.runs.map((run) => {
      // A run that was mid-training when exported cannot continue here without its checkpoint.
      const status =
        run.status === 'running' || run.status === 'queued' ? 'interrupted' : run.status;
      const { runId: _exportedId, classCross: _pairs, ...fields } = run;
      const runId = ctx.store.runs.createImported({
        ...fields,
        status,
        groupId: null,
        appVersion: run.appVersion,
        metricsVersion: run.metricsVersion ?? 1,
        trainCount: run.trainCount ?? null,
        testCount: run.testCount ?? null,
      });
      ctx.store.series.append(runId, {
        points: run.metrics,
        coherence: run.coherence,
        latest: bundleLatestValues(run),
      });
      ctx.store.artifacts.saveProbeSets(
        runId,
        Object.entries(run.probes).flatMap(([name, p]) =>
          p
            ? [
                {
                  name: name as ProbeKind,
                  positions: p.positions,
                  sourceIndices: p.indices,
                  labels: p.labels,
                },
              ]
            : [],
        ),
      );
      const weights = Object.fromEntries(
        Object.entries(run.weights).map(([name, t]) => [
          name,
          { shape: t.shape, values: Float32Array.from(t.values) },
        ]),
      );
      if (Object.keys(weights).length) ctx.store.artifacts.saveFinalWeights(runId, weights);
      if (run.examples) {
        ctx.store.artifacts.saveExamples(runId, run.examples);
        ctx.store.artifacts.updateLearnTimes(
          runId,
          run.examples.firstLearnedStep.map((s) => s ?? -1),
          run.examples.learnedSinceStep.map((s) => s ?? -1),
        );
      }
      if (run.classCross) ctx.store.classCross.append(runId, run.classCross);
      if (run.sweep) ctx.store.sweeps.link({ runId, ...run.sweep });
      return runId;
    });
    relinkImportedRuns(ctx, bundle, configs, ids);
    return ids;
  });
  return { runIds };
}

/**
 * The runs an imported config refers to (init.fromRun, dataset.learnedSubset.referenceRun) are
 * runs of the exporting project. One in the same bundle is renumbered to its new id here, in
 * the config and the run's link, so the pair stays linked. One outside the bundle is not in
 * this project, and its old id may name an unrelated run here: the config keeps that id (it is
 * what the run trained with, and still reads as such), but the run gets no link, so the run view
 * shows the reference as not in this project instead of linking to the wrong run.
 */
function relinkImportedRuns(
  ctx: ApiContext,
  bundle: RunBundle,
  configs: readonly RunConfig[],
  newIds: readonly number[],
): void {
  const newIdOf = new Map<number, number>();
  bundle.runs.forEach((run, i) => {
    if (run.runId !== undefined) newIdOf.set(run.runId, newIds[i]);
  });
  configs.forEach((config, i) => {
    const fromRun = config.init?.fromRun;
    const learned = config.dataset.learnedSubset;
    const reference = learned?.referenceRun;
    if (fromRun === undefined && reference === undefined) return;
    const parent = fromRun === undefined ? undefined : newIdOf.get(fromRun);
    const learnedReference = reference === undefined ? undefined : newIdOf.get(reference);
    // The stored config as exported, with only the ids that are renumbered changed.
    const stored = bundle.runs[i].config as {
      init?: Record<string, unknown>;
      dataset?: Record<string, unknown> & { learnedSubset?: Record<string, unknown> };
    };
    const renumbered = {
      ...stored,
      ...(parent !== undefined ? { init: { ...stored.init, fromRun: parent } } : {}),
      ...(learnedReference !== undefined
        ? {
            dataset: {
              ...stored.dataset,
              learnedSubset: { ...stored.dataset?.learnedSubset, referenceRun: learnedReference },
            },
          }
        : {}),
    };
    ctx.store.runs.relinkImported(newIds[i], {
      config: renumbered,
      parentRunId: parent ?? null,
      learnedReferenceRunId: learnedReference ?? null,
    });
  });
}

/**
 * The sweeps of a bundle and its runs' sweep tags, checked before anything is written: every
 * definition must be a valid sweep, a sweep the project already has must have the same
 * definition, every tagged run's sweep must be in the bundle or the project, and no task may
 * come twice (in the bundle, or a task the project already holds). Returns the sweeps to create.
 */
function checkBundleSweeps(
  ctx: ApiContext,
  bundle: RunBundle,
): Array<{ id: string; name: string; definition: unknown; createdAt: string }> {
  const create: Array<{ id: string; name: string; definition: unknown; createdAt: string }> = [];
  const known = new Set<string>();
  (bundle.sweeps ?? []).forEach((sweep, i) => {
    try {
      expandSweep(sweep.definition);
    } catch (error) {
      if (!(error instanceof SweepDefinitionError)) throw error;
      throw ApiError.invalidInput('import', [
        { path: `sweeps.${i}.definition`, message: error.message },
      ]);
    }
    const existing = ctx.store.sweeps.get(sweep.id);
    if (existing && canonicalJson(existing.definition) !== canonicalJson(sweep.definition)) {
      throw ApiError.conflict(
        `this project has a sweep ${sweep.id} with another definition than the bundle's; nothing was imported`,
      );
    }
    if (!existing && !known.has(sweep.id)) create.push(sweep);
    known.add(sweep.id);
  });
  const tasks = new Set<string>();
  bundle.runs.forEach((run, i) => {
    if (!run.sweep) return;
    const { sweepId, taskIndex } = run.sweep;
    if (!known.has(sweepId) && !ctx.store.sweeps.get(sweepId)) {
      throw ApiError.invalidInput('import', [
        {
          path: `runs.${i}.sweep.sweepId`,
          message: `sweep ${sweepId} is neither in the bundle nor in this project`,
        },
      ]);
    }
    const key = `${sweepId}/${taskIndex}`;
    const held = ctx.store.sweeps.runOfTask(sweepId, taskIndex);
    if (tasks.has(key) || held !== null) {
      throw ApiError.conflict(
        `task ${taskIndex} of sweep ${sweepId} is ${held !== null ? `already run ${held} in this project` : 'in the bundle twice'}; nothing was imported`,
      );
    }
    tasks.add(key);
  });
  return create;
}
