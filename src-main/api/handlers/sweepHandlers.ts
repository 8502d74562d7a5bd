import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunStatus } from '../../shared/runStatus';
import { slurmOptionsSchema, type SlurmOptions } from '../../shared/slurmOptions';
import type { SweepStatus, SweepTaskState, SweepTaskStatus } from '../../shared/sweepStatus';
import type { StoredSweep } from '../../store/sweepRepository';
import { newSweepId } from '../../sweeps/sweepIds';
import { meanRunSeconds, sweepStatusOf } from '../../sweeps/sweepProgress';
import type { SweepPlan } from '../../sweeps/sweepExpansion';
import { SweepWorkFolder } from '../../sweeps/sweepWorkFolder';
import { renderSbatchScript } from '../../sweeps/slurm/sbatchScript';
import {
  cancelSlurmSweep,
  collectSlurmSweep,
  resubmitSlurmSweep,
  slurmSweepTasks,
  submitSlurmSweep,
  type SlurmSweep,
} from '../../sweeps/slurm/slurmSweep';
import { ApiError } from '../apiError';
import type { ApiContext } from '../apiContext';
import type { ApiParsedInput, ApiResult, SweepRow } from '../contract';
import { cancelRun } from './runLifecycleHandlers';
import {
  axesOf,
  cellInfos,
  defaultLocalConcurrency,
  estimatePlan,
  planSweep,
  requireSweep,
  shardDatasetFor,
} from './sweepPlans';

export function estimateSweepRuns(
  ctx: ApiContext,
  input: ApiParsedInput<'sweeps.estimate'>,
): ApiResult<'sweeps.estimate'> {
  const plan = planSweep(ctx, input.definition);
  return {
    ...estimatePlan(ctx, plan, input.concurrency ?? defaultLocalConcurrency()),
    cellList: cellInfos(plan),
    axes: axesOf(plan),
  };
}

/** Validate every cell, then store the definition; no run is created until `sweeps.run`. */
export function createSweep(
  ctx: ApiContext,
  input: ApiParsedInput<'sweeps.create'>,
): ApiResult<'sweeps.create'> {
  const plan = planSweep(ctx, input.definition);
  const sweepId = newSweepId(plan.definition.name);
  ctx.store.sweeps.create({ id: sweepId, name: plan.definition.name, definition: plan.definition });
  return {
    sweepId,
    runs: plan.runs.length,
    cells: plan.cells.length,
    estimate: estimatePlan(ctx, plan, defaultLocalConcurrency()),
  };
}

function sweepRow(ctx: ApiContext, sweep: StoredSweep, plan: SweepPlan): SweepRow {
  return {
    sweepId: sweep.id,
    name: sweep.name,
    executor: sweep.executor,
    createdAt: sweep.createdAt,
    runs: plan.runs.length,
    cells: plan.cells.length,
    seeds: [...plan.seeds],
    axes: axesOf(plan),
    cellLabels: plan.cells.map((cell) => cell.label),
    inProject: ctx.store.sweeps.links(sweep.id).length,
    workDir: sweep.workDir,
  };
}

export function listSweeps(ctx: ApiContext): ApiResult<'sweeps.list'> {
  return ctx.store.sweeps.list().map((sweep) => {
    const { plan } = requireSweep(ctx, sweep.id);
    return sweepRow(ctx, sweep, plan);
  });
}

export function getSweep(ctx: ApiContext, sweepId: string): ApiResult<'sweeps.get'> {
  const { sweep, plan } = requireSweep(ctx, sweepId);
  const runOf = new Map(ctx.store.sweeps.links(sweepId).map((l) => [l.taskIndex, l.runId]));
  return {
    ...sweepRow(ctx, sweep, plan),
    definition: plan.definition as unknown as Record<string, unknown>,
    executorOptions: (sweep.executorOptions ?? null) as Record<string, unknown> | null,
    cellList: cellInfos(plan),
    tasks: plan.runs.map((run) => ({
      taskIndex: run.taskIndex,
      cellIndex: run.cellIndex,
      seed: run.seed,
      name: run.name,
      runId: runOf.get(run.taskIndex) ?? null,
    })),
  };
}

export async function runSweep(
  ctx: ApiContext,
  input: ApiParsedInput<'sweeps.run'>,
): Promise<ApiResult<'sweeps.run'>> {
  const { sweep, plan } = requireSweep(ctx, input.sweepId);
  planSweep(ctx, plan.definition);
  if (input.executor === 'local') {
    if (sweep.executor === 'slurm') {
      throw ApiError.conflict(
        `sweep ${sweep.id} was submitted to Slurm; follow it with sweep status, collect and resubmit`,
      );
    }
    return runLocally(ctx, sweep, plan, input.concurrency ?? defaultLocalConcurrency());
  }
  if (sweep.executor === 'local') {
    throw ApiError.conflict(`sweep ${sweep.id} runs on this machine; it cannot also go to Slurm`);
  }
  if (sweep.executor === 'slurm') {
    throw ApiError.conflict(
      `sweep ${sweep.id} was already submitted to Slurm (work folder ${sweep.workDir}); use sweep resubmit for tasks that did not complete`,
    );
  }
  const folder = input.workDir
    ? new SweepWorkFolder(resolve(input.workDir))
    : SweepWorkFolder.besideProject(ctx.store.path, sweep.id);
  const { jobId, taskIndices } = await submitSlurmSweep({
    sweepId: sweep.id,
    plan,
    folder,
    options: input.slurm,
    appVersion: ctx.appVersion,
    datasetFor: (name) => shardDatasetFor(ctx, name),
  });
  // Only now, with the job accepted, does the project learn how the sweep runs.
  ctx.store.sweeps.setExecutor(sweep.id, 'slurm', input.slurm, folder.root);
  return { sweepId: sweep.id, executor: 'slurm', jobId, taskIndices, workDir: folder.root };
}

/**
 * The local executor: one run per task not yet in the project (created in one transaction,
 * linked to its task and cell), queued on this process's run manager in task order with
 * `concurrency` runs at once. Running it again continues the sweep: cancelled and interrupted
 * runs resume from their checkpoints, queued ones are queued again, finished ones stay.
 */
function runLocally(
  ctx: ApiContext,
  sweep: StoredSweep,
  plan: SweepPlan,
  concurrency: number,
): ApiResult<'sweeps.run'> {
  const existing = new Map(ctx.store.sweeps.links(sweep.id).map((l) => [l.taskIndex, l.runId]));
  const missing = plan.runs.filter((run) => !existing.has(run.taskIndex));
  ctx.store.transaction(() => {
    for (const run of missing) {
      const runId = ctx.store.runs.create({
        name: run.name,
        tags: [],
        notes: '',
        groupId: null,
        config: run.config,
        seed: run.seed,
        appVersion: ctx.appVersion,
      });
      ctx.store.sweeps.link({
        runId,
        sweepId: sweep.id,
        taskIndex: run.taskIndex,
        cellIndex: run.cellIndex,
        cellKey: { ...plan.cells[run.cellIndex].key },
        seed: run.seed,
      });
      existing.set(run.taskIndex, runId);
    }
    ctx.store.sweeps.setExecutor(sweep.id, 'local', { concurrency }, null);
  });
  ctx.runs.setConcurrency(concurrency);
  let resumed = 0;
  const runIds = plan.runs.map((run) => existing.get(run.taskIndex) as number);
  for (const runId of runIds) resumed += startLocalRun(ctx, runId) ? 1 : 0;
  return {
    sweepId: sweep.id,
    executor: 'local',
    runIds,
    created: missing.length,
    resumed,
    concurrency,
  };
}

/** Queue a sweep run on this process's manager; true when it resumes from a checkpoint. */
function startLocalRun(ctx: ApiContext, runId: number): boolean {
  const status = ctx.store.runs.require(runId).status;
  if (status === 'queued') ctx.runs.enqueue(runId);
  else if (status === 'cancelled' || status === 'interrupted') {
    ctx.runs.resume(runId);
    return true;
  }
  return false;
}

const LOCAL_STATE: Record<RunStatus, SweepTaskState> = {
  queued: 'pending',
  running: 'running',
  completed: 'completed',
  diverged: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'cancelled',
};

function localTasks(ctx: ApiContext, sweep: StoredSweep, plan: SweepPlan): SweepTaskStatus[] {
  const runOf = new Map(ctx.store.sweeps.links(sweep.id).map((l) => [l.taskIndex, l.runId]));
  const rows = new Map(ctx.store.runs.list().map((r) => [r.id, r]));
  return plan.runs.map((run) => {
    const runId = runOf.get(run.taskIndex) ?? null;
    const row = runId === null ? undefined : rows.get(runId);
    const progress = row ? progressOf(row.latest) : null;
    const state: SweepTaskState = row ? LOCAL_STATE[row.status] : 'pending';
    return {
      taskIndex: run.taskIndex,
      cellIndex: run.cellIndex,
      seed: run.seed,
      name: run.name,
      state,
      runStatus: row?.status ?? null,
      runId,
      stepsDone: progress?.done ?? null,
      totalSteps: progress?.total ?? row?.totalSteps ?? null,
      etaSec: state === 'running' ? (progress?.etaSec ?? null) : state === 'completed' ? 0 : null,
      reason: row?.error ?? (row ? (row.status === 'diverged' ? 'diverged' : null) : 'not started'),
      slurm: null,
    };
  });
}

function progressOf(
  latest: Readonly<Record<string, number>>,
): { done: number; total: number; etaSec: number | null } | null {
  if (latest['progress/total'] === undefined) return null;
  return {
    done: latest['progress/done'] ?? 0,
    total: latest['progress/total'],
    etaSec: latest['progress/etaSec'] ?? null,
  };
}

function slurmSweepOf(sweep: StoredSweep, plan: SweepPlan): SlurmSweep {
  if (sweep.executor !== 'slurm' || sweep.workDir === null) {
    throw ApiError.conflict(`sweep ${sweep.id} was not submitted to Slurm`);
  }
  return { sweepId: sweep.id, plan, folder: new SweepWorkFolder(sweep.workDir) };
}

function slurmOptionsOf(sweep: StoredSweep): SlurmOptions {
  return slurmOptionsSchema.parse(sweep.executorOptions ?? {});
}

export async function sweepStatus(ctx: ApiContext, sweepId: string): Promise<SweepStatus> {
  const { sweep, plan } = requireSweep(ctx, sweepId);
  const inProject = ctx.store.sweeps.links(sweepId).length;
  const estimated = (): number =>
    estimatePlan(ctx, plan, 1).totalRunSeconds / Math.max(1, plan.runs.length);
  if (sweep.executor === 'slurm') {
    const collected = new Map(ctx.store.sweeps.links(sweepId).map((l) => [l.taskIndex, l.runId]));
    const { tasks, warnings, finishedRuns } = await slurmSweepTasks(
      slurmSweepOf(sweep, plan),
      collected,
    );
    const collectedRuns = [...collected.values()].map((id) => ctx.store.runs.require(id));
    return sweepStatusOf({
      sweepId,
      executor: 'slurm',
      tasks,
      inProject,
      warnings,
      slots: slurmOptionsOf(sweep).maxConcurrent,
      runSeconds: meanRunSeconds([...finishedRuns, ...collectedRuns]) ?? estimated(),
    });
  }
  const tasks = localTasks(ctx, sweep, plan);
  const finished = tasks
    .filter((t) => t.state === 'completed' && t.runId !== null)
    .map((t) => ctx.store.runs.require(t.runId as number));
  return sweepStatusOf({
    sweepId,
    executor: sweep.executor,
    tasks,
    inProject,
    warnings: sweep.executor === null ? ['not started: run it with sweep run'] : [],
    slots: sweep.executor === 'local' ? ctx.runs.concurrency : 1,
    runSeconds: meanRunSeconds(finished) ?? estimated(),
  });
}

export function collectSweep(ctx: ApiContext, sweepId: string): ApiResult<'sweeps.collect'> {
  const { sweep, plan } = requireSweep(ctx, sweepId);
  if (sweep.executor !== 'slurm') {
    throw ApiError.conflict(
      `sweep ${sweepId} ${sweep.executor === 'local' ? 'runs on this machine: its runs are in the project already' : 'has not been submitted to Slurm yet'}`,
    );
  }
  const result = collectSlurmSweep(slurmSweepOf(sweep, plan), ctx.store);
  return {
    sweepId,
    collected: result.runIds.length,
    alreadyCollected: result.alreadyCollected,
    notFinished: result.notFinished.length,
    failed: result.failed.length,
    runIds: result.runIds,
    failures: result.failed,
    refused: result.refused,
  };
}

export async function cancelSweep(
  ctx: ApiContext,
  sweepId: string,
): Promise<ApiResult<'sweeps.cancel'>> {
  const { sweep, plan } = requireSweep(ctx, sweepId);
  if (sweep.executor === 'slurm') {
    const cancelledJobs = await cancelSlurmSweep(slurmSweepOf(sweep, plan));
    return { sweepId, cancelledRuns: [], cancelledJobs };
  }
  const cancelledRuns: number[] = [];
  for (const link of ctx.store.sweeps.links(sweepId)) {
    const status = ctx.store.runs.require(link.runId).status;
    if (status !== 'queued' && status !== 'running') continue;
    cancelRun(ctx, link.runId);
    cancelledRuns.push(link.runId);
  }
  return { sweepId, cancelledRuns, cancelledJobs: [] };
}

/**
 * Run again what did not complete. Slurm: one new array job over the failed and cancelled
 * tasks (they resume from their shards' checkpoints; a failed run starts over in a fresh
 * shard). Local: cancelled and interrupted runs resume; a failed run leaves the sweep (kept in
 * the project, tagged `sweep-failed-attempt`) and a new run takes its task.
 */
export async function resubmitSweep(
  ctx: ApiContext,
  input: ApiParsedInput<'sweeps.resubmit'>,
): Promise<ApiResult<'sweeps.resubmit'>> {
  const { sweep, plan } = requireSweep(ctx, input.sweepId);
  if (sweep.executor === 'slurm') {
    const slurm = slurmSweepOf(sweep, plan);
    const collected = new Map(ctx.store.sweeps.links(sweep.id).map((l) => [l.taskIndex, l.runId]));
    const { tasks } = await slurmSweepTasks(slurm, collected);
    const { jobId, taskIndices } = await resubmitSlurmSweep({
      ...slurm,
      statuses: tasks,
      options: input.slurm ?? slurmOptionsOf(sweep),
      appVersion: ctx.appVersion,
      datasetFor: (name) => shardDatasetFor(ctx, name),
    });
    return { sweepId: sweep.id, taskIndices, jobId, runIds: [] };
  }
  if (sweep.executor !== 'local') {
    throw ApiError.conflict(`sweep ${sweep.id} has not been run yet; start it with sweep run`);
  }
  const retried: number[] = [];
  ctx.store.transaction(() => {
    for (const link of ctx.store.sweeps.links(sweep.id)) {
      const run = ctx.store.runs.require(link.runId);
      if (run.status !== 'failed') continue;
      ctx.store.sweeps.unlink(link.runId);
      ctx.store.runs.update(link.runId, {
        tags: [...new Set([...run.tags, 'sweep-failed-attempt'])],
      });
      retried.push(link.taskIndex);
    }
  });
  const before = new Set(
    ctx.store.sweeps
      .links(sweep.id)
      .filter((l) => ['cancelled', 'interrupted'].includes(ctx.store.runs.require(l.runId).status))
      .map((l) => l.taskIndex),
  );
  const result = runLocally(ctx, sweep, plan, input.concurrency ?? ctx.runs.concurrency);
  if (result.executor !== 'local') throw new Error('unreachable');
  const taskIndices = [...new Set([...retried, ...before])].sort((a, b) => a - b);
  return {
    sweepId: sweep.id,
    taskIndices,
    jobId: null,
    runIds: taskIndices.map((i) => result.runIds[i]),
  };
}

/** The job script as last submitted, or (before any submission) what would be submitted. */
export function sweepScript(
  ctx: ApiContext,
  input: ApiParsedInput<'sweeps.script'>,
): ApiResult<'sweeps.script'> {
  const { sweep, plan } = requireSweep(ctx, input.sweepId);
  if (sweep.executor === 'slurm' && sweep.workDir !== null) {
    const folder = new SweepWorkFolder(sweep.workDir);
    try {
      return {
        sweepId: sweep.id,
        path: folder.scriptFile,
        script: readFileSync(folder.scriptFile, 'utf8'),
        submitted: true,
      };
    } catch (error) {
      throw ApiError.notFound(`${folder.scriptFile}: ${(error as Error).message}`);
    }
  }
  const folder = input.workDir
    ? new SweepWorkFolder(resolve(input.workDir))
    : SweepWorkFolder.besideProject(ctx.store.path, sweep.id);
  const script = renderSbatchScript({
    sweepId: sweep.id,
    sweepName: plan.definition.name,
    folder,
    taskIndices: plan.runs.map((r) => r.taskIndex),
    totalTasks: plan.runs.length,
    options: input.slurm ?? slurmOptionsSchema.parse({}),
  });
  return { sweepId: sweep.id, path: null, script, submitted: false };
}
