import { formatArrayIndices } from './arrayIndices';
import { runSlurmCommand, type SlurmClientOptions } from './slurmCommand';

/**
 * `scancel JOB` (every task) or `scancel JOB_[i,j,…]`. Slurm sends SIGTERM, then SIGKILL after
 * its KillWait (30 s by default): the worker uses that time to checkpoint. Cancelling tasks
 * that already ended is not an error (scancel exits 0 for them).
 */
export async function cancelArrayTasks(
  arrayJobId: number,
  taskIndices?: readonly number[],
  options: SlurmClientOptions = {},
): Promise<void> {
  const target =
    taskIndices === undefined
      ? String(arrayJobId)
      : `${arrayJobId}_[${formatArrayIndices(taskIndices)}]`;
  await runSlurmCommand('scancel', [target], options);
}
