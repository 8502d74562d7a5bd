import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeConfigIssues } from '../engine/config/configIssues';
import type { RunConfig } from '../engine/config/configSchemas';
import { runConfigSchema } from '../engine/runConfig';
import { writeFileAtomically } from './atomicFile';
import type { CellKey, PlannedRun, SweepPlan } from './sweepExpansion';
import { sweepIdSchema, type SweepWorkFolder } from './sweepWorkFolder';

/** Bumped when the task file changes incompatibly; a worker refuses formats it does not know. */
export const SWEEP_TASK_FORMAT = 1;

/**
 * The worker's whole input for one run of a sweep (tasks/NNNNN.json). The worker trains
 * `runConfig` into the shard given with `--db` (normally `shardPath`, relative to the work
 * folder so the folder can be mounted at another path on the cluster) and nothing else.
 */
export const sweepTaskSchema = z.strictObject({
  format: z.literal(SWEEP_TASK_FORMAT),
  sweepId: sweepIdSchema,
  taskIndex: z.number().int().min(0),
  runName: z.string().min(1).max(500),
  cellIndex: z.number().int().min(0),
  cell: z.record(z.string(), z.json()),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  runConfig: z.unknown(),
  shardPath: z
    .string()
    .regex(
      /^shards\/[0-9]+\.clab$/,
      'must be shards/<task number>.clab (relative to the work folder)',
    ),
});

export interface SweepTask {
  readonly format: typeof SWEEP_TASK_FORMAT;
  readonly sweepId: string;
  readonly taskIndex: number;
  readonly runName: string;
  readonly cellIndex: number;
  readonly cell: CellKey;
  readonly seed: number;
  readonly runConfig: RunConfig;
  readonly shardPath: string;
}

export class SweepTaskError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`task file ${file}: ${message}`);
    this.name = 'SweepTaskError';
  }
}

export function taskForRun(
  sweepId: string,
  plan: SweepPlan,
  run: PlannedRun,
  folder: SweepWorkFolder,
): SweepTask {
  return {
    format: SWEEP_TASK_FORMAT,
    sweepId,
    taskIndex: run.taskIndex,
    runName: run.name,
    cellIndex: run.cellIndex,
    cell: plan.cells[run.cellIndex].key,
    seed: run.seed,
    runConfig: run.config,
    shardPath: folder.shardRelativePath(run.taskIndex),
  };
}

/** Write every run's task file (atomically each); the folder must exist (SweepWorkFolder.create). */
export function writeTaskFiles(sweepId: string, plan: SweepPlan, folder: SweepWorkFolder): void {
  for (const run of plan.runs) {
    const task = taskForRun(sweepId, plan, run, folder);
    writeFileAtomically(folder.taskFile(run.taskIndex), `${JSON.stringify(task, null, 2)}\n`);
  }
}

/**
 * Read and check a task file: its shape, its run config (validated again: the file may have
 * been edited or written by another version) and that the seed it names is the config's.
 */
export function readTaskFile(file: string): SweepTask {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist (is the work folder on a file system this node shares?)'
        : `is not readable JSON (${(error as Error).message})`;
    throw new SweepTaskError(file, reason);
  }
  if (
    typeof raw === 'object' &&
    raw !== null &&
    'format' in raw &&
    raw.format !== SWEEP_TASK_FORMAT
  ) {
    throw new SweepTaskError(
      file,
      `format ${String(raw.format)} is not one this version reads (${SWEEP_TASK_FORMAT}); run the same coherence-lab version on the cluster as on the submitting machine`,
    );
  }
  const parsed = sweepTaskSchema.safeParse(raw);
  if (!parsed.success) throw new SweepTaskError(file, describeConfigIssues(parsed.error));
  const config = runConfigSchema.safeParse(parsed.data.runConfig);
  if (!config.success) {
    throw new SweepTaskError(file, `runConfig: ${describeConfigIssues(config.error)}`);
  }
  if (config.data.seed !== parsed.data.seed) {
    throw new SweepTaskError(
      file,
      `seed ${parsed.data.seed} differs from runConfig.seed ${config.data.seed}`,
    );
  }
  return { ...parsed.data, cell: parsed.data.cell as CellKey, runConfig: config.data };
}
