import type { RunConfig } from '../../engine/config/configSchemas';
import { RESUMABLE_RUN_STATUSES } from '../../shared/runStatus';
import type { RunRow } from '../../store/runRepository';
import { applyAssignments } from '../../runs/configOverrides';
import { resolveLearnedSubset } from '../../runs/learnedSubsetReference';
import { findPreset, mergeConfig } from '../../runs/presets';
import { isRecordedTrainer, mayBeRecordedTrainer } from '../../runs/trainerIdentity';
import { ApiError } from '../apiError';
import type { ApiContext } from '../apiContext';
import type { ApiParsedInput, ApiResult } from '../contract';
import { requireValidConfig } from './configHandlers';
import { expectedWeightShapes, weightShapeMismatch } from '../../engine/model/weightShapes';
import { listDatasets, shapeOf } from './datasetHandlers';
import { datasetNameOf, toDetail, toListRow } from './runRows';

function withAssignments(config: unknown, assignments: readonly string[]): unknown {
  if (assignments.length === 0) return config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw ApiError.invalidInput('config', [{ path: 'config', message: 'expected a JSON object' }]);
  }
  try {
    return applyAssignments(config as Record<string, unknown>, assignments);
  } catch (error) {
    throw ApiError.invalidInput('overrides', [
      { path: 'overrides', message: (error as Error).message },
    ]);
  }
}

/**
 * The dataset a config names must exist in this project (built in or imported) and hold the
 * requested subset sizes; otherwise the run would be created and fail only once its trainer
 * has loaded. Checked before anything is written, naming the key.
 */
export function requireTrainableDataset(
  ctx: ApiContext,
  config: RunConfig,
  where = 'config',
): void {
  const { name, trainSize, testSize } = config.dataset;
  const datasets = listDatasets(ctx);
  const dataset = datasets.find((d) => d.name === name);
  const issues: Array<{ path: string; message: string }> = [];
  if (!dataset) {
    issues.push({
      path: `${where}.dataset.name`,
      message: `unknown dataset "${name}"; known: ${datasets.map((d) => d.name).join(', ')}`,
    });
  } else {
    if (trainSize > dataset.train) {
      issues.push({
        path: `${where}.dataset.trainSize`,
        message: `must be at most ${dataset.train}, the training examples of ${name}`,
      });
    }
    if (testSize !== undefined && testSize > dataset.test) {
      issues.push({
        path: `${where}.dataset.testSize`,
        message: `must be at most ${dataset.test}, the test examples of ${name}`,
      });
    }
  }
  if (issues.length > 0) throw ApiError.invalidInput(where, issues);
}

/**
 * A config starting from another run's weights (init.fromRun) needs that run here, with final
 * weights of exactly the shapes this config's model has on its dataset. Checked before anything
 * is written, naming the key; the run then records its parent.
 */
export function requireParentWeights(ctx: ApiContext, config: RunConfig, where = 'config'): void {
  const parentId = config.init?.fromRun;
  if (parentId === undefined) return;
  const path = `${where}.init.fromRun`;
  const refuse = (message: string): never => {
    throw ApiError.invalidInput(where, [{ path, message }]);
  };
  if (!ctx.store.runs.get(parentId)) refuse(`there is no run ${parentId} in this project`);
  const weights = ctx.store.artifacts.finalWeights(parentId);
  if (!weights) refuse(`run ${parentId} has no final weights yet (it has not ended)`);
  const shape = shapeOf(ctx, config.dataset.name);
  if (!shape || !weights) return; // an unknown dataset is reported by requireTrainableDataset
  const mismatch = weightShapeMismatch(
    expectedWeightShapes(config.model, {
      input: { height: shape.height, width: shape.width, channels: shape.channels },
      numClasses: shape.numClasses,
    }),
    weights,
  );
  if (mismatch) refuse(`run ${parentId}'s weights do not fit this model: ${mismatch}`);
}

/**
 * A config training on another run's easy/hard examples (dataset.learnedSubset) needs that run
 * here, completed, on the same dataset, with learn times; the config then gets the resulting
 * trainSize/testSize and is checked again with them (batch and probe sizes against the new
 * training set), naming the key. Returns the config to store.
 */
export function requireLearnedSubset(
  ctx: ApiContext,
  config: RunConfig,
  where = 'config',
): RunConfig {
  if (!config.dataset.learnedSubset) return config;
  let resolved: RunConfig;
  try {
    resolved = resolveLearnedSubset(ctx.store, config);
  } catch (error) {
    throw ApiError.invalidInput(where, [
      { path: `${where}.dataset.learnedSubset.referenceRun`, message: (error as Error).message },
    ]);
  }
  return requireValidConfig(resolved, where);
}

export function listRuns(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.list'>,
): ApiResult<'runs.list'> {
  const links = new Map(ctx.store.sweeps.links().map((link) => [link.runId, link]));
  return ctx.store.runs.list(input).map((run) => toListRow(run, links.get(run.id)));
}

/** The stored run, or a not-found ApiError: the one existence check every handler uses. */
export function requireRun(ctx: ApiContext, runId: number): RunRow {
  const run = ctx.store.runs.get(runId);
  if (!run) throw ApiError.notFound(`there is no run ${runId} in this project`);
  return run;
}

export function getRun(ctx: ApiContext, runId: number): ApiResult<'runs.get'> {
  const run = requireRun(ctx, runId);
  return toDetail(run, shapeOf(ctx, datasetNameOf(run.config)), ctx.store.sweeps.linkOf(runId));
}

export function createRun(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.create'>,
): ApiResult<'runs.create'> {
  const given = requireValidConfig(withAssignments(input.config, input.overrides));
  requireTrainableDataset(ctx, given);
  requireParentWeights(ctx, given);
  const config = requireLearnedSubset(ctx, given);
  const runId = ctx.store.runs.create({
    name: input.name,
    tags: input.tags,
    notes: input.notes,
    groupId: null,
    config,
    seed: config.seed,
    appVersion: ctx.appVersion,
    parentRunId: config.init?.fromRun ?? null,
    learnedReferenceRunId: config.dataset.learnedSubset?.referenceRun ?? null,
  });
  ctx.runs.enqueue(runId);
  return { runIds: [runId] };
}

/** Every variant is validated before anything is written: a bad override creates no run at all. */
export function createFromPreset(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.createFromPreset'>,
): ApiResult<'runs.createFromPreset'> {
  let preset;
  try {
    preset = findPreset(input.preset);
  } catch (error) {
    throw ApiError.invalidInput('preset', [{ path: 'preset', message: (error as Error).message }]);
  }
  const needed = preset.requiresImport;
  if (needed && !listDatasets(ctx).some((d) => d.name === needed.dataset)) {
    throw ApiError.invalidInput('preset', [
      {
        path: 'preset',
        message: `preset "${preset.name}" trains on the dataset "${needed.dataset}", which this project does not have: ${needed.howToImport}`,
      },
    ]);
  }
  const variants = preset.variants.map((variant) => {
    const config = requireValidConfig(
      withAssignments(mergeConfig(preset.base, variant.overrides), input.overrides),
    );
    requireTrainableDataset(ctx, config);
    requireParentWeights(ctx, config);
    return {
      name: input.namePrefix ? `${input.namePrefix} ${variant.name}` : variant.name,
      config: requireLearnedSubset(ctx, config),
    };
  });
  const { groupId, runIds } = ctx.store.transaction(() => {
    const group = variants.length > 1 ? ctx.store.runs.createGroup(preset.name) : null;
    const ids = variants.map((variant) =>
      ctx.store.runs.create({
        name: variant.name,
        tags: [...new Set([preset.name, ...input.tags])],
        notes: '',
        groupId: group,
        config: variant.config,
        seed: variant.config.seed,
        appVersion: ctx.appVersion,
        parentRunId: variant.config.init?.fromRun ?? null,
        learnedReferenceRunId: variant.config.dataset.learnedSubset?.referenceRun ?? null,
      }),
    );
    return { groupId: group, runIds: ids };
  });
  for (const runId of runIds) ctx.runs.enqueue(runId);
  return { runIds, groupId };
}

export function cancelRun(ctx: ApiContext, runId: number): ApiResult<'runs.cancel'> {
  const run = requireRun(ctx, runId);
  if (ctx.runs.cancel(runId)) return { ok: true };
  if (run.status === 'running') {
    if (run.pid !== null && isRecordedTrainer(run.pid, run.trainerIdentity)) {
      // Trained by another process (e.g. the CLI while the app is open): ask its trainer to
      // stop cleanly; it checkpoints and its owner records the run as cancelled.
      try {
        process.kill(run.pid, 'SIGTERM');
      } catch {
        // It ended in between: its owner records how.
      }
      return { ok: true };
    }
    // No verifiable trainer behind the run: it is gone, its pid now belongs to another process
    // (reused, or a project file edited to name one), or this system has no /proc to check.
    // Signal nothing; only mark the run, which stays resumable from its last checkpoint.
    ctx.store.runs.setStatus(runId, 'cancelled', { pid: null, error: null });
    return { ok: true };
  }
  if (run.status === 'queued') {
    ctx.store.runs.setStatus(runId, 'cancelled');
    return { ok: true };
  }
  throw ApiError.conflict(
    `run ${runId} is ${run.status}; only queued or running runs can be cancelled`,
  );
}

export function resumeRun(ctx: ApiContext, runId: number): ApiResult<'runs.resume'> {
  const run = requireRun(ctx, runId);
  if (!RESUMABLE_RUN_STATUSES.has(run.status)) {
    throw ApiError.conflict(
      `run ${runId} is ${run.status}; only interrupted or cancelled runs can be resumed`,
    );
  }
  ctx.runs.resume(runId);
  return { ok: true };
}

export function deleteRun(ctx: ApiContext, runId: number): ApiResult<'runs.delete'> {
  const run = requireRun(ctx, runId);
  if (run.status === 'running' || ctx.runs.owns(runId)) {
    throw ApiError.conflict(`run ${runId} is ${run.status}; cancel it before deleting it`);
  }
  ctx.store.runs.delete(runId);
  return { ok: true };
}

export function updateRun(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.update'>,
): ApiResult<'runs.update'> {
  requireRun(ctx, input.runId);
  ctx.store.runs.update(input.runId, input);
  return getRun(ctx, input.runId);
}

export function markStaleRuns(ctx: ApiContext): number[] {
  return ctx.store.runs.markStaleRunsInterrupted(mayBeRecordedTrainer);
}
