import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { sweepIdSchema } from '../shared/sweepDefinition';

export { sweepIdSchema };

/** Task numbers are zero-padded to this width in file names (printf %05d and Slurm's %5a agree). */
const INDEX_WIDTH = 5;

export function paddedTaskIndex(taskIndex: number): string {
  return String(taskIndex).padStart(INDEX_WIDTH, '0');
}

/**
 * Where a sweep's files live. One folder per sweep, on storage the cluster nodes share with
 * the submitting machine:
 *
 *     <project>.sweeps/<sweepId>/        (default next to the project: lab.clab → lab.sweeps/)
 *       sweep.json                        the definition and the plan it expanded to
 *       sweep.sbatch                      the job script as last submitted (`sweep script ID`)
 *       submissions.json                  every submission: job id, task indices, time
 *       tasks/00000.json …                one task file per run (the worker's input)
 *       shards/00000.clab …               one SQLite project file per run (its only writer)
 *       logs/task-00000-job-<jobId>.out   stdout / stderr of each task, per submission
 *
 * Paths here are absolute: the job script and the workers use them as they are.
 */
export class SweepWorkFolder {
  readonly root: string;

  constructor(root: string) {
    if (!isAbsolute(root)) throw new Error(`sweep work folder must be an absolute path: ${root}`);
    this.root = resolve(root);
  }

  /** The default folder for a project file: `<dir>/<name without .clab>.sweeps/<sweepId>`. */
  static besideProject(projectPath: string, sweepId: string): SweepWorkFolder {
    const id = sweepIdSchema.parse(sweepId);
    const file = resolve(projectPath);
    const stem = basename(file, extname(file)) || basename(file);
    return new SweepWorkFolder(join(dirname(file), `${stem}.sweeps`, id));
  }

  get definitionFile(): string {
    return join(this.root, 'sweep.json');
  }

  get scriptFile(): string {
    return join(this.root, 'sweep.sbatch');
  }

  get submissionsFile(): string {
    return join(this.root, 'submissions.json');
  }

  get tasksDir(): string {
    return join(this.root, 'tasks');
  }

  get shardsDir(): string {
    return join(this.root, 'shards');
  }

  get logsDir(): string {
    return join(this.root, 'logs');
  }

  taskFile(taskIndex: number): string {
    return join(this.tasksDir, `${paddedTaskIndex(taskIndex)}.json`);
  }

  shardFile(taskIndex: number): string {
    return join(this.shardsDir, `${paddedTaskIndex(taskIndex)}.clab`);
  }

  /** The shard's path relative to the work folder, as a task file records it. */
  shardRelativePath(taskIndex: number): string {
    return `shards/${paddedTaskIndex(taskIndex)}.clab`;
  }

  /** Slurm's file pattern for a task's log: %5a is the zero-padded array index, %A the job id. */
  logPattern(stream: 'out' | 'err'): string {
    return join(this.logsDir, `task-%${INDEX_WIDTH}a-job-%A.${stream}`);
  }

  /** The log a given submission of a task writes (the pattern above, filled in). */
  logFile(taskIndex: number, jobId: number, stream: 'out' | 'err'): string {
    return join(this.logsDir, `task-${paddedTaskIndex(taskIndex)}-job-${jobId}.${stream}`);
  }

  /** Create the folder and its subfolders (idempotent). */
  create(): void {
    for (const dir of [this.root, this.tasksDir, this.shardsDir, this.logsDir]) {
      mkdirSync(dir, { recursive: true });
    }
  }
}
