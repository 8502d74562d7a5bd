import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { isBuiltinDatasetName } from '../engine/data/builtinDatasets';
import { parseRunConfig } from '../engine/runConfig';
import { ForkTrainerLauncher } from '../runs/forkTrainerLauncher';
import { RunManager } from '../runs/runManager';
import { StoreRunRecorder } from '../runs/storeRunRecorder';
import type { TrainerLauncher } from '../runs/trainerLauncher';
import { progressFromLatest } from '../shared/latestValues';
import type { RunProgress } from '../shared/runProgress';
import { ENDED_RUN_STATUSES, type RunStatus } from '../shared/runStatus';
import { ProjectStore } from '../store/projectStore';
import { canonicalJson } from './canonicalJson';
import { writeShardProgress } from './shardProgress';
import { createShard } from './sweepShard';
import { readTaskFile, type SweepTask } from './sweepTask';

/**
 * Exit codes of `coherence-lab worker` (the array task's exit code in Slurm):
 * 0 the run completed (or diverged: a finished result), also when it already had;
 * 1 the run failed (the reason is stored in the shard and printed);
 * 2 the task file or shard was refused (named in the message): nothing was trained;
 * 3 stopped by SIGTERM (scancel, preemption, time limit): checkpointed, resumable.
 */
export const WORKER_EXIT = { completed: 0, failed: 1, refused: 2, stopped: 3 } as const;
export type WorkerExitCode = (typeof WORKER_EXIT)[keyof typeof WORKER_EXIT];

export interface SweepWorkerOptions {
  readonly taskFile: string;
  readonly shardPath: string;
  readonly cacheDir: string;
  readonly appVersion: string;
  /** Aborted on SIGTERM: the trainer checkpoints and the run ends `cancelled`. */
  readonly signal: AbortSignal;
  /** One line per event for the task's log (stdout in the array task's .out file). */
  readonly log: (line: string) => void;
  readonly launcher?: TrainerLauncher;
  /** Seconds between progress lines in the log. */
  readonly progressEverySec?: number;
}

export interface SweepWorkerResult {
  readonly exitCode: WorkerExitCode;
  readonly status: RunStatus | null;
  readonly message: string;
}

class WorkerRefusal extends Error {}

/**
 * Train one task of a sweep into its shard: the `coherence-lab worker --task FILE --db SHARD`
 * of every Slurm array task. Resumes from the shard's checkpoint when an earlier attempt was
 * cut short; a shard whose run already finished is left as it is.
 */
export async function runSweepWorker(options: SweepWorkerOptions): Promise<SweepWorkerResult> {
  let task: SweepTask;
  let store: ProjectStore;
  try {
    task = readTaskFile(options.taskFile);
    store = openShard(task, options);
  } catch (error) {
    return { exitCode: WORKER_EXIT.refused, status: null, message: (error as Error).message };
  }
  try {
    const runId = checkShardRun(store, task, options);
    const reporter = new ProgressReporter(store, runId, task, options.shardPath);
    try {
      return await trainTask(store, runId, task, options, reporter);
    } finally {
      reporter.write();
    }
  } catch (error) {
    const exitCode = error instanceof WorkerRefusal ? WORKER_EXIT.refused : WORKER_EXIT.failed;
    return { exitCode, status: null, message: (error as Error).message };
  } finally {
    try {
      // One self-contained file again: the submitting machine reads it over the network.
      store.useRollbackJournal();
    } catch {
      // Another connection still has it open (a reader): it stays in WAL mode, still readable.
    }
    store.close();
  }
}

/** Writes the task's progress file from the shard's run row and the latest progress. */
class ProgressReporter {
  private lastWrite = 0;
  private progress: RunProgress | null = null;

  constructor(
    private readonly store: ProjectStore,
    private readonly runId: number,
    private readonly task: SweepTask,
    private readonly shardPath: string,
  ) {}

  /** A progress report: written at most four times a second. */
  onProgress(progress: RunProgress): void {
    this.progress = progress;
    if (Date.now() - this.lastWrite >= 250) this.write();
  }

  write(): void {
    this.lastWrite = Date.now();
    const run = this.store.runs.require(this.runId);
    const progress = this.progress ?? progressFromLatest(run.latest);
    writeShardProgress(this.shardPath, {
      format: 1,
      sweepId: this.task.sweepId,
      taskIndex: this.task.taskIndex,
      status: run.status,
      done: progress?.done ?? null,
      total: progress?.total ?? run.totalSteps,
      rate: progress?.rate ?? null,
      etaSec: progress?.etaSec ?? null,
      error: run.error,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      host: hostname(),
      updatedAt: new Date().toISOString(),
    });
  }
}

/** The shard named by --db; created (with the task's run) when it does not exist yet. */
function openShard(task: SweepTask, options: SweepWorkerOptions): ProjectStore {
  if (!existsSync(options.shardPath)) {
    options.log(`creating shard ${options.shardPath}`);
    createShard(task, options.shardPath, { appVersion: options.appVersion });
  }
  try {
    return ProjectStore.open(options.shardPath, { appVersion: options.appVersion });
  } catch (error) {
    throw new WorkerRefusal(`shard ${options.shardPath}: ${(error as Error).message}`);
  }
}

/** The shard must hold exactly the task's run: same sweep, task and config. */
function checkShardRun(store: ProjectStore, task: SweepTask, options: SweepWorkerOptions): number {
  const refuse = (reason: string): never => {
    throw new WorkerRefusal(
      `shard ${options.shardPath} does not hold task ${task.taskIndex} of sweep ${task.sweepId} (task file ${options.taskFile}): ${reason}`,
    );
  };
  const runs = store.runs.list();
  if (runs.length !== 1) refuse(`it holds ${runs.length} runs; a shard holds exactly one`);
  const [run] = runs;
  const link = store.sweeps.linkOf(run.id);
  if (!link) refuse('its run is not tagged with a sweep');
  else if (link.sweepId !== task.sweepId) refuse(`its run belongs to sweep ${link.sweepId}`);
  else if (link.taskIndex !== task.taskIndex) refuse(`its run is task ${link.taskIndex}`);
  if (canonicalJson(parseRunConfig(run.config)) !== canonicalJson(task.runConfig)) {
    refuse('its run config differs from the task file');
  }
  const datasetName = task.runConfig.dataset.name;
  if (!isBuiltinDatasetName(datasetName) && !store.datasets.info(datasetName)) {
    refuse(
      `the run trains on the imported dataset "${datasetName}", which the shard does not hold (shards are prepared by \`sweep run\` on the submitting machine)`,
    );
  }
  return run.id;
}

async function trainTask(
  store: ProjectStore,
  runId: number,
  task: SweepTask,
  options: SweepWorkerOptions,
  reporter: ProgressReporter,
): Promise<SweepWorkerResult> {
  const label = `task ${task.taskIndex} (${task.runName})`;
  let status = store.runs.require(runId).status;
  if (status === 'completed' || status === 'diverged') {
    return { exitCode: WORKER_EXIT.completed, status, message: `${label} already ${status}` };
  }
  if (status === 'failed') {
    const error = store.runs.require(runId).error ?? 'no reason recorded';
    return { exitCode: WORKER_EXIT.failed, status, message: `${label} had failed: ${error}` };
  }
  if (options.signal.aborted) {
    return { exitCode: WORKER_EXIT.stopped, status, message: `${label}: stopped before start` };
  }
  if (status === 'running') {
    // Slurm runs one instance of a task at a time, so a `running` shard is an earlier attempt
    // that was killed (preemption, node failure, SIGKILL). Its pid may belong to another node:
    // no liveness check, it is stale by construction.
    store.runs.setStatus(runId, 'interrupted', {
      pid: null,
      error: 'an earlier attempt ended without finishing (resumable)',
    });
    status = 'interrupted';
  }

  const manager = new RunManager({
    recorder: new StoreRunRecorder(store),
    launcher: options.launcher ?? new ForkTrainerLauncher(),
    cacheDir: options.cacheDir,
    projectPath: options.shardPath,
    concurrency: 1,
  });
  let lastLog = 0;
  const every = (options.progressEverySec ?? 10) * 1000;
  const ended = new Promise<RunStatus>((resolve) => {
    manager.subscribe((event) => {
      if (event.runId !== runId) return;
      if (event.type === 'status') {
        options.log(`${label}: ${event.status}${event.error ? ` (${event.error})` : ''}`);
        reporter.write();
        if (ENDED_RUN_STATUSES.has(event.status)) resolve(event.status);
      } else if (event.type === 'progress') {
        const { type: _type, runId: _runId, ...progress } = event;
        reporter.onProgress(progress);
        if (Date.now() - lastLog < every) return;
        lastLog = Date.now();
        const eta = event.etaSec === null ? '—' : `${Math.round(event.etaSec)} s`;
        options.log(
          `${label}: step ${event.done}/${event.total}, ${event.rate.toFixed(1)} steps/s, ETA ${eta}`,
        );
      }
    });
  });
  const stop = (): void => {
    options.log(`${label}: SIGTERM: checkpointing and stopping (resumable)`);
    manager.cancel(runId);
  };
  options.signal.addEventListener('abort', stop, { once: true });
  try {
    if (status === 'queued') manager.enqueue(runId);
    else {
      options.log(`${label}: resuming from its last checkpoint`);
      manager.resume(runId);
    }
    const final = await ended;
    await manager.whenIdle();
    const error = store.runs.require(runId).error;
    if (final === 'completed' || final === 'diverged') {
      return { exitCode: WORKER_EXIT.completed, status: final, message: `${label} ${final}` };
    }
    if (final === 'failed') {
      return {
        exitCode: WORKER_EXIT.failed,
        status: final,
        message: `${label} failed: ${error ?? 'no reason recorded'}`,
      };
    }
    return {
      exitCode: WORKER_EXIT.stopped,
      status: final,
      message: `${label} ${final}${error ? ` (${error})` : ''}; it resumes from its checkpoint when resubmitted`,
    };
  } finally {
    options.signal.removeEventListener('abort', stop);
    await manager.shutdown();
  }
}
