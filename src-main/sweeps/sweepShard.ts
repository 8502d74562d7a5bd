import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RunConfig } from '../engine/config/configSchemas';
import type { ImageDataset } from '../engine/data/datasetTypes';
import { progressFromLatest } from '../shared/latestValues';
import type { RunProgress } from '../shared/runProgress';
import type { RunStatus } from '../shared/runStatus';
import { ProjectStore } from '../store/projectStore';
import type { SweepRunLink } from '../store/sweepRepository';
import { canonicalJson } from './canonicalJson';
import { progressOf, readShardProgress } from './shardProgress';
import type { SweepTask } from './sweepTask';

/**
 * A shard is a normal project file holding exactly one run of a sweep, written by exactly one
 * process at a time (the worker of its task): never several writers on one SQLite file over a
 * network file system. The submitting side creates it before `sbatch` (with a copy of the
 * imported dataset the run trains on, since the nodes cannot read the user's project), the
 * worker trains into it, and `sweep collect` copies its run into the project.
 */

/** An imported dataset copied into each shard that needs it. */
export interface ShardDataset {
  readonly dataset: ImageDataset;
  readonly format: string;
  readonly sourcePath: string;
}

/**
 * Create the shard of a task: its one run (`queued`, the task's name, config and seed, linked
 * to the sweep's task and cell) and, when given, the imported dataset. Written to a temp file
 * and renamed, so a shard either exists whole or not at all.
 */
export function createShard(
  task: SweepTask,
  shardPath: string,
  options: { readonly appVersion: string; readonly dataset?: ShardDataset },
): void {
  const temp = join(dirname(shardPath), `.${basename(shardPath)}.${process.pid}.tmp`);
  rmSync(temp, { force: true });
  const store = ProjectStore.open(temp, { create: true, appVersion: options.appVersion });
  try {
    store.transaction(() => {
      const runId = store.runs.create({
        name: task.runName,
        tags: [],
        notes: '',
        groupId: null,
        config: task.runConfig,
        seed: task.seed,
        appVersion: options.appVersion,
      });
      store.sweeps.link({
        runId,
        sweepId: task.sweepId,
        taskIndex: task.taskIndex,
        cellIndex: task.cellIndex,
        cellKey: { ...task.cell },
        seed: task.seed,
      });
      if (options.dataset) {
        const { dataset, format, sourcePath } = options.dataset;
        store.datasets.register(dataset, format, sourcePath);
      }
    });
  } catch (error) {
    store.close();
    rmSync(temp, { force: true });
    throw error;
  }
  // Closing the last connection checkpoints the WAL into the file and removes -wal/-shm.
  store.close();
  renameSync(temp, shardPath);
}

/** Where the run of a shard stands. */
export interface ShardRunState {
  readonly status: RunStatus;
  readonly progress: RunProgress | null;
  readonly error: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** What the shard of a task holds, as the submitting side reads it (read-only). */
export interface ShardRun extends ShardRunState {
  readonly runId: number;
  readonly link: SweepRunLink;
}

export type ShardState<Run extends ShardRunState = ShardRunState> =
  | { readonly kind: 'missing' }
  /** Not a shard of this task: damaged, several runs, another sweep or task, another config. */
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'run'; readonly run: Run };

export type ShardInspection = ShardState<ShardRun>;

/**
 * A task's state from the worker's progress file, without opening the shard (a worker on
 * another node may be writing it): missing shard, not started (`queued`), or the last report.
 */
export function readShardState(
  shardPath: string,
  expected: { readonly sweepId: string; readonly taskIndex: number },
): ShardState {
  if (!existsSync(shardPath)) return { kind: 'missing' };
  const read = readShardProgress(shardPath);
  if (read === null) {
    return {
      kind: 'run',
      run: { status: 'queued', progress: null, error: null, startedAt: null, finishedAt: null },
    };
  }
  if (!read.ok) return { kind: 'refused', reason: read.reason };
  const { report } = read;
  if (report.sweepId !== expected.sweepId || report.taskIndex !== expected.taskIndex) {
    return {
      kind: 'refused',
      reason: `its progress file reports task ${report.taskIndex} of sweep ${report.sweepId}`,
    };
  }
  return {
    kind: 'run',
    run: {
      status: report.status,
      progress: progressOf(report),
      error: report.error,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
    },
  };
}

export interface ExpectedShard {
  readonly sweepId: string;
  readonly taskIndex: number;
  /** When given, the shard's run config must equal it (the sweep's planned config). */
  readonly config?: RunConfig;
}

/**
 * Open a shard read-only and check that it is the shard of this task. `integrity` runs
 * SQLite's integrity_check first (collect does, before copying anything; status does not).
 */
export function inspectShard(
  shardPath: string,
  expected: ExpectedShard,
  options: { readonly integrity?: boolean } = {},
): ShardInspection {
  if (!existsSync(shardPath)) return { kind: 'missing' };
  let store: ProjectStore;
  try {
    store = ProjectStore.open(shardPath, { readonly: true });
  } catch (error) {
    return { kind: 'refused', reason: (error as Error).message };
  }
  try {
    return checkShard(store, expected, options.integrity ?? false);
  } catch (error) {
    return { kind: 'refused', reason: (error as Error).message };
  } finally {
    store.close();
  }
}

function checkShard(
  store: ProjectStore,
  expected: ExpectedShard,
  integrity: boolean,
): ShardInspection {
  if (integrity) {
    const check = store.integrityCheck();
    if (check !== 'ok')
      return { kind: 'refused', reason: `it is damaged (integrity check: ${check})` };
  }
  const runs = store.runs.list();
  if (runs.length !== 1) {
    return {
      kind: 'refused',
      reason: `it holds ${runs.length} runs; a shard holds exactly one`,
    };
  }
  const [run] = runs;
  const link = store.sweeps.linkOf(run.id);
  if (!link) return { kind: 'refused', reason: 'its run is not a task of any sweep' };
  if (link.sweepId !== expected.sweepId) {
    return {
      kind: 'refused',
      reason: `it belongs to sweep ${link.sweepId}, not ${expected.sweepId}`,
    };
  }
  if (link.taskIndex !== expected.taskIndex) {
    return {
      kind: 'refused',
      reason: `it holds task ${link.taskIndex} of the sweep, not task ${expected.taskIndex}`,
    };
  }
  if (expected.config && canonicalJson(run.config) !== canonicalJson(expected.config)) {
    return {
      kind: 'refused',
      reason: `its run config differs from task ${expected.taskIndex} of sweep ${expected.sweepId}`,
    };
  }
  return {
    kind: 'run',
    run: {
      runId: run.id,
      status: run.status,
      progress: progressFromLatest(run.latest),
      error: run.error,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      link,
    },
  };
}
