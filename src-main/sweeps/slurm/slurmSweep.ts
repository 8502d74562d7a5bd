import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import type { SlurmOptions } from '../../shared/slurmOptions';
import type { SweepTaskStatus } from '../../shared/sweepStatus';
import { ProjectStore } from '../../store/projectStore';
import { copyRunBetweenProjects } from '../../store/runTransfer';
import { writeFileAtomically } from '../atomicFile';
import type { SweepPlan } from '../sweepExpansion';
import { createShard, inspectShard, readShardState, type ShardDataset } from '../sweepShard';
import { taskForRun, writeTaskFiles } from '../sweepTask';
import type { SweepWorkFolder } from '../sweepWorkFolder';
import { renderSbatchScript } from './sbatchScript';
import { cancelArrayTasks } from './scancelTasks';
import { showArrayTasks, type ArrayTaskState } from './scontrolJobs';
import { SlurmError, type SlurmClientOptions } from './slurmCommand';
import { slurmTaskState, type SlurmTaskView } from './slurmTaskState';
import { queuedTasks, type QueuedTask } from './squeueTasks';
import { submitSweepJob } from './submitSweepJob';
import { latestJobByTask, readSubmissions } from './sweepSubmissions';

/** The Slurm side of one sweep: its plan, its work folder and how to reach Slurm. */
export interface SlurmSweep {
  readonly sweepId: string;
  readonly plan: SweepPlan;
  readonly folder: SweepWorkFolder;
  readonly client?: SlurmClientOptions;
}

export interface SlurmSubmitRequest extends SlurmSweep {
  readonly options: SlurmOptions;
  readonly appVersion: string;
  /** The imported dataset a run trains on, copied into its shard (undefined: built in). */
  readonly datasetFor: (name: string) => ShardDataset | undefined;
}

/**
 * First submission: write the work folder (sweep.json, one task file and one shard per run,
 * the job script) and `sbatch` one array job over every task. If anything fails (the script
 * cannot carry the folder's path, a shard cannot be written, sbatch is missing, the controller
 * does not answer, Slurm refuses the job) the folder is removed again and the error thrown:
 * the caller records the sweep's executor only after this returns.
 */
export async function submitSlurmSweep(
  request: SlurmSubmitRequest,
): Promise<{ jobId: number; taskIndices: number[] }> {
  const { folder, plan, sweepId } = request;
  if (existsSync(folder.root) && readdirSync(folder.root).length > 0) {
    throw new Error(
      `the sweep work folder ${folder.root} already exists and is not empty; choose another with --work-dir, or remove it`,
    );
  }
  const taskIndices = plan.runs.map((r) => r.taskIndex);
  const job = {
    sweepId,
    sweepName: plan.definition.name,
    folder,
    taskIndices,
    totalTasks: plan.runs.length,
    options: request.options,
    client: request.client,
  };
  // Refuses a folder path the job script cannot carry, before anything is written.
  renderSbatchScript(job);
  folder.create();
  try {
    writeFileAtomically(
      folder.definitionFile,
      `${JSON.stringify(
        {
          sweepId,
          definition: plan.definition,
          cells: plan.cells,
          runs: plan.runs.length,
          seeds: plan.seeds,
        },
        null,
        2,
      )}\n`,
    );
    writeTaskFiles(sweepId, plan, folder);
    const datasets = new Map<string, ShardDataset | undefined>();
    for (const run of plan.runs) {
      const name = run.config.dataset.name;
      if (!datasets.has(name)) datasets.set(name, request.datasetFor(name));
      createShard(taskForRun(sweepId, plan, run, folder), folder.shardFile(run.taskIndex), {
        appVersion: request.appVersion,
        dataset: datasets.get(name),
      });
    }
    const { jobId } = await submitSweepJob(job);
    return { jobId, taskIndices };
  } catch (error) {
    rmSync(folder.root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Submit again the tasks that did not finish: failed and cancelled ones (not those completed,
 * collected, running or still waiting). A cancelled or interrupted shard resumes from its
 * checkpoint; the shard of a failed run is kept aside as `shards/NNNNN.failed-K.clab` and
 * replaced by a fresh one, since a failed run cannot continue. Nothing to resubmit → null job.
 */
export async function resubmitSlurmSweep(
  request: SlurmSubmitRequest & { readonly statuses: readonly SweepTaskStatus[] },
): Promise<{ jobId: number | null; taskIndices: number[] }> {
  const { folder, plan, sweepId } = request;
  const retry = request.statuses.filter(
    (t) => (t.state === 'failed' || t.state === 'cancelled') && t.runId === null,
  );
  if (retry.length === 0) return { jobId: null, taskIndices: [] };
  for (const task of retry) {
    const run = plan.runs[task.taskIndex];
    const shardPath = folder.shardFile(task.taskIndex);
    const shard = inspectShard(shardPath, {
      sweepId,
      taskIndex: task.taskIndex,
      config: run.config,
    });
    const resumable =
      shard.kind === 'run' &&
      ['cancelled', 'interrupted', 'running', 'queued'].includes(shard.run.status);
    if (resumable) continue;
    if (shard.kind !== 'missing') renameSync(shardPath, asidePath(shardPath));
    createShard(taskForRun(sweepId, plan, run, folder), shardPath, {
      appVersion: request.appVersion,
      dataset: request.datasetFor(run.config.dataset.name),
    });
  }
  const taskIndices = retry.map((t) => t.taskIndex);
  const { jobId } = await submitSweepJob({
    sweepId,
    sweepName: plan.definition.name,
    folder,
    taskIndices,
    totalTasks: plan.runs.length,
    options: request.options,
    client: request.client,
  });
  return { jobId, taskIndices };
}

function asidePath(shardPath: string): string {
  const stem = shardPath.replace(/\.clab$/, '');
  let n = 1;
  while (existsSync(`${stem}.failed-${n}.clab`)) n += 1;
  return `${stem}.failed-${n}.clab`;
}

export interface SlurmSweepTasks {
  readonly tasks: SweepTaskStatus[];
  readonly warnings: string[];
  /** Start and end of the shard runs that finished, for the sweep's ETA. */
  readonly finishedRuns: Array<{ startedAt: string | null; finishedAt: string | null }>;
}

/**
 * Every task's state: Slurm's view (squeue for state and reason, scontrol for exit codes and
 * restarts; never sacct, which needs accounting) combined with the shards' progress. Tasks
 * Slurm has forgotten are judged from their shards; collected tasks from the project.
 */
export async function slurmSweepTasks(
  sweep: SlurmSweep,
  collected: ReadonlyMap<number, number>,
): Promise<SlurmSweepTasks> {
  const { folder, plan, sweepId } = sweep;
  const warnings: string[] = [];
  const latest = latestJobByTask(readSubmissions(folder));
  const views = new Map<number, Map<number, SlurmTaskView>>();
  let reachable = true;
  for (const jobId of new Set(latest.values())) {
    try {
      views.set(jobId, await slurmViewsOf(jobId, sweep.client));
    } catch (error) {
      if (!(error instanceof SlurmError)) throw error;
      reachable = false;
      warnings.push(
        `Slurm did not answer about job ${jobId} (${error.message}); states come from the shards`,
      );
      break;
    }
  }
  const tasks: SweepTaskStatus[] = [];
  const finishedRuns: SlurmSweepTasks['finishedRuns'] = [];
  for (const run of plan.runs) {
    const jobId = latest.get(run.taskIndex) ?? null;
    const logOut = jobId === null ? '' : folder.logFile(run.taskIndex, jobId, 'out');
    const logErr = jobId === null ? '' : folder.logFile(run.taskIndex, jobId, 'err');
    const view = jobId === null ? undefined : views.get(jobId)?.get(run.taskIndex);
    const slurm =
      jobId === null
        ? null
        : { jobId, state: view?.state ?? null, restarts: view?.restarts ?? 0, logOut, logErr };
    const base = {
      taskIndex: run.taskIndex,
      cellIndex: run.cellIndex,
      seed: run.seed,
      name: run.name,
      slurm,
    };
    const runId = collected.get(run.taskIndex);
    if (runId !== undefined) {
      tasks.push({
        ...base,
        state: 'completed',
        runStatus: null,
        runId,
        stepsDone: null,
        totalSteps: null,
        etaSec: 0,
        reason: null,
      });
      continue;
    }
    const shard = readShardState(folder.shardFile(run.taskIndex), {
      sweepId,
      taskIndex: run.taskIndex,
    });
    const verdict = slurmTaskState({
      shard,
      slurm: view,
      submitted: jobId !== null,
      slurmReachable: reachable,
    });
    const shardRun = shard.kind === 'run' ? shard.run : null;
    if (shardRun && verdict.state === 'completed') finishedRuns.push(shardRun);
    let reason = verdict.reason;
    if (verdict.state === 'failed' && !shardRun?.error && logErr) {
      const last = lastLine(logErr);
      if (last) reason = `${reason}; log: ${last}`;
    }
    tasks.push({
      ...base,
      state: verdict.state,
      runStatus: shardRun?.status ?? null,
      runId: null,
      stepsDone: shardRun?.progress?.done ?? null,
      totalSteps: shardRun?.progress?.total ?? null,
      etaSec: verdict.state === 'running' ? (shardRun?.progress?.etaSec ?? null) : null,
      reason,
    });
  }
  return { tasks, warnings, finishedRuns };
}

/** squeue's state and reason per task, with scontrol's exit code and restart count. */
async function slurmViewsOf(
  jobId: number,
  client: SlurmClientOptions | undefined,
): Promise<Map<number, SlurmTaskView>> {
  const [queued, shown] = await Promise.all([
    queuedTasks(jobId, client),
    showArrayTasks(jobId, client),
  ]);
  const byTask = new Map<number, { queued?: QueuedTask; shown?: ArrayTaskState }>();
  for (const q of queued) byTask.set(q.taskIndex, { queued: q });
  for (const s of shown) byTask.set(s.taskIndex, { ...byTask.get(s.taskIndex), shown: s });
  const views = new Map<number, SlurmTaskView>();
  for (const [taskIndex, { queued: q, shown: s }] of byTask) {
    views.set(taskIndex, {
      state: q?.state ?? s?.state ?? 'UNKNOWN',
      reason: q?.reason ?? s?.reason ?? '',
      exitCode: s ? s.exitCode : null,
      exitSignal: s ? s.exitSignal : null,
      restarts: s?.restarts ?? 0,
    });
  }
  return views;
}

/** The last non-empty line of a log (its last 4 KiB), or null. */
function lastLine(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 4096);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return lines.length ? lines[lines.length - 1].slice(0, 500) : null;
  } finally {
    closeSync(fd);
  }
}

/** `scancel` every job of the sweep (cancelling tasks that already ended is not an error). */
export async function cancelSlurmSweep(sweep: SlurmSweep): Promise<number[]> {
  const jobIds = [...new Set(readSubmissions(sweep.folder).map((s) => s.jobId))];
  for (const jobId of jobIds) await cancelArrayTasks(jobId, undefined, sweep.client);
  return jobIds;
}

export interface CollectResult {
  /** Runs copied into the project by this collect. */
  readonly runIds: number[];
  readonly alreadyCollected: number;
  readonly notFinished: number[];
  readonly failed: Array<{ taskIndex: number; reason: string }>;
  /** Shards that are not what their task says (damaged, several runs, another sweep…). */
  readonly refused: Array<{ taskIndex: number; shard: string; reason: string }>;
}

/**
 * Copy every finished shard's run into the project, each in one transaction together with its
 * sweep link, so a crash never leaves half a run and collecting twice adds nothing: a task the
 * project already holds is skipped (checked inside the transaction, so two collects at once
 * cannot both copy it). Shards are opened read-only and checked first (integrity, one run,
 * this sweep and task, the planned config); the others are refused by name. Safe while other
 * tasks are still running.
 */
export function collectSlurmSweep(sweep: SlurmSweep, project: ProjectStore): CollectResult {
  const { folder, plan, sweepId } = sweep;
  const result: CollectResult = {
    runIds: [],
    alreadyCollected: 0,
    notFinished: [],
    failed: [],
    refused: [],
  };
  let already = 0;
  for (const run of plan.runs) {
    if (project.sweeps.runOfTask(sweepId, run.taskIndex) !== null) {
      already += 1;
      continue;
    }
    const shardPath = folder.shardFile(run.taskIndex);
    const shard = inspectShard(
      shardPath,
      { sweepId, taskIndex: run.taskIndex, config: run.config },
      { integrity: true },
    );
    if (shard.kind === 'missing') {
      result.notFinished.push(run.taskIndex);
      continue;
    }
    if (shard.kind === 'refused') {
      result.refused.push({ taskIndex: run.taskIndex, shard: shardPath, reason: shard.reason });
      continue;
    }
    const { status } = shard.run;
    if (status === 'failed') {
      result.failed.push({ taskIndex: run.taskIndex, reason: shard.run.error ?? 'failed' });
      continue;
    }
    if (status !== 'completed' && status !== 'diverged') {
      result.notFinished.push(run.taskIndex);
      continue;
    }
    const source = ProjectStore.open(shardPath, { readonly: true });
    try {
      const copied = project.transaction(() => {
        if (project.sweeps.runOfTask(sweepId, run.taskIndex) !== null) return null;
        const runId = copyRunBetweenProjects(source, shard.run.runId, project);
        project.sweeps.link({
          runId,
          sweepId,
          taskIndex: run.taskIndex,
          cellIndex: run.cellIndex,
          cellKey: { ...plan.cells[run.cellIndex].key },
          seed: run.seed,
        });
        return runId;
      });
      if (copied === null) already += 1;
      else result.runIds.push(copied);
    } finally {
      source.close();
    }
  }
  return { ...result, alreadyCollected: already };
}
