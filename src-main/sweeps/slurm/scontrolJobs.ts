import { formatArrayIndices, parseArrayIndices } from './arrayIndices';
import { runSlurmCommand, SlurmError, type SlurmClientOptions } from './slurmCommand';
import { parseSlurmDuration } from './squeueTasks';

/**
 * One array task as `scontrol show job` describes it. This works without accounting
 * (slurmdbd), where `sacct` does not: Slurm keeps ended jobs in memory for MinJobAge seconds
 * (300 by default) and `scontrol` reports them until then.
 */
export interface ArrayTaskState {
  readonly taskIndex: number;
  /** This task's own job id; for still-collapsed pending tasks, the array job's id. */
  readonly jobId: number;
  readonly arrayJobId: number;
  readonly state: string;
  readonly reason: string;
  /** Times Slurm requeued it (preemption, node failure, `scontrol requeue`). */
  readonly restarts: number;
  /** From ExitCode=CODE:SIGNAL; signal 15 is SIGTERM (scancel), 9 SIGKILL. */
  readonly exitCode: number;
  readonly exitSignal: number;
  readonly runSeconds: number;
  readonly nodes: string;
}

/**
 * Every task of an array job that slurmctld still knows, one entry per task index (pending
 * tasks that Slurm shows as one record, `ArrayTaskId=2-7%2`, are expanded). Unknown job → [].
 */
export async function showArrayTasks(
  arrayJobId: number,
  options: SlurmClientOptions = {},
): Promise<ArrayTaskState[]> {
  let stdout: string;
  try {
    stdout = await runSlurmCommand(
      'scontrol',
      ['--oneliner', 'show', 'job', String(arrayJobId)],
      options,
    );
  } catch (error) {
    if (error instanceof SlurmError && /Invalid job id/i.test(error.detail)) return [];
    throw error;
  }
  return parseShowJob(stdout);
}

/** Parse `scontrol --oneliner show job` output: one `Key=Value …` record per line. */
export function parseShowJob(stdout: string): ArrayTaskState[] {
  const tasks: ArrayTaskState[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim().length === 0) continue;
    const fields = parseRecord(line);
    const jobId = Number(fields.get('JobId'));
    const arrayTaskId = fields.get('ArrayTaskId');
    if (!Number.isInteger(jobId) || arrayTaskId === undefined) {
      throw new SlurmError(
        'failed',
        'scontrol',
        `job record without JobId or ArrayTaskId (not an array job?): ${line.slice(0, 200)}`,
      );
    }
    const [exitCode, exitSignal] = (fields.get('ExitCode') ?? '0:0').split(':').map(Number);
    const common = {
      jobId,
      arrayJobId: Number(fields.get('ArrayJobId') ?? jobId),
      state: fields.get('JobState') ?? 'UNKNOWN',
      reason: fields.get('Reason') ?? '',
      restarts: Number(fields.get('Restarts') ?? 0),
      exitCode: exitCode || 0,
      exitSignal: exitSignal || 0,
      runSeconds: parseSlurmDuration(fields.get('RunTime') ?? ''),
      nodes: fields.get('NodeList') ?? '',
    };
    for (const taskIndex of parseArrayIndices(arrayTaskId)) tasks.push({ taskIndex, ...common });
  }
  return tasks.sort((a, b) => a.taskIndex - b.taskIndex);
}

/**
 * `Key=Value` pairs separated by spaces. Values may contain `=` (TRES=cpu=1,mem=1G) and may be
 * empty (NodeList=), so a new key starts only at a space followed by `Name=`.
 */
function parseRecord(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  const keyPattern = /(?:^|\s)([A-Za-z][A-Za-z0-9_:/]*)=/g;
  const starts: Array<{ key: string; keyStart: number; valueStart: number }> = [];
  for (let match = keyPattern.exec(line); match; match = keyPattern.exec(line)) {
    starts.push({
      key: match[1],
      keyStart: match.index,
      valueStart: match.index + match[0].length,
    });
  }
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].keyStart : line.length;
    if (!fields.has(start.key)) fields.set(start.key, line.slice(start.valueStart, end).trim());
  });
  return fields;
}

/** `scontrol requeue JOB_[i,j,…]`: back to the queue (as preemption would); resumes from the shard. */
export async function requeueArrayTasks(
  arrayJobId: number,
  taskIndices: readonly number[],
  options: SlurmClientOptions = {},
): Promise<void> {
  await runSlurmCommand(
    'scontrol',
    ['requeue', `${arrayJobId}_[${formatArrayIndices(taskIndices)}]`],
    options,
  );
}
