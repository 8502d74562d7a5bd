import { runSlurmCommand, SlurmError, type SlurmClientOptions } from './slurmCommand';

/** One array task as `squeue` lists it. */
export interface QueuedTask {
  /** The array index: the sweep's task index. */
  readonly taskIndex: number;
  /** The id Slurm gave this task's own job (differs from the array job id once it started). */
  readonly jobId: number;
  readonly arrayJobId: number;
  /** Slurm's state name: PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED, … */
  readonly state: string;
  /** Why it waits or ended (None, Priority, Resources, JobArrayTaskLimit, BeginTime, …). */
  readonly reason: string;
  readonly elapsedSeconds: number;
  /** Nodes it runs on; empty while pending. */
  readonly nodes: string;
}

const FORMAT = '%K|%A|%F|%T|%r|%M|%N';

/**
 * The tasks of an array job that Slurm still knows: pending ones one per line (`--array`) and,
 * with `--states=all`, those that ended less than MinJobAge ago. A job Slurm no longer knows
 * gives an empty list: finished tasks are then read from their shards, not from Slurm.
 */
export async function queuedTasks(
  arrayJobId: number,
  options: SlurmClientOptions = {},
): Promise<QueuedTask[]> {
  let stdout: string;
  try {
    stdout = await runSlurmCommand(
      'squeue',
      ['--noheader', '--array', '--states=all', `--jobs=${arrayJobId}`, `--format=${FORMAT}`],
      options,
    );
  } catch (error) {
    if (error instanceof SlurmError && /Invalid job id/i.test(error.detail)) return [];
    throw error;
  }
  return parseQueueLines(stdout);
}

export function parseQueueLines(stdout: string): QueuedTask[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [task, jobId, arrayJobId, state, reason, elapsed, nodes = ''] = line.split('|');
      if (!/^\d+$/.test(task ?? '') || !/^\d+$/.test(jobId ?? '')) {
        throw new SlurmError('failed', 'squeue', `unreadable squeue line ${JSON.stringify(line)}`);
      }
      return {
        taskIndex: Number(task),
        jobId: Number(jobId),
        arrayJobId: Number(arrayJobId),
        state: state.trim(),
        reason: reason.trim(),
        elapsedSeconds: parseSlurmDuration(elapsed.trim()),
        nodes: nodes.trim(),
      };
    })
    .sort((a, b) => a.taskIndex - b.taskIndex);
}

/** "[D-]HH:MM:SS", "MM:SS" or "M:SS" → seconds; INVALID/UNLIMITED/N/A → 0. */
export function parseSlurmDuration(text: string): number {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text);
  if (!match) return 0;
  const [, days = '0', hours = '0', minutes, seconds] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
}
