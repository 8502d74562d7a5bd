import { dirname } from 'node:path';
import { runSlurmCommand, SlurmError, type SlurmClientOptions } from './slurmCommand';

export interface Submission {
  readonly jobId: number;
  /** Set on multi-cluster installations (`--parsable` prints "jobid;cluster"). */
  readonly cluster: string | null;
}

/**
 * `sbatch --parsable SCRIPT`, run in the script's folder. Everything the job needs is in the
 * script's #SBATCH lines, so what was submitted is exactly what `sweep script ID` shows.
 */
export async function submitBatchScript(
  scriptPath: string,
  options: SlurmClientOptions = {},
): Promise<Submission> {
  const stdout = await runSlurmCommand(
    'sbatch',
    ['--parsable', scriptPath],
    options,
    dirname(scriptPath),
  );
  return parseParsableSubmission(stdout);
}

/** "4242\n" or "4242;cluster\n" (sbatch may print warnings to stderr; stdout is only this). */
export function parseParsableSubmission(stdout: string): Submission {
  const line = stdout.trim().split('\n').pop() ?? '';
  const match = /^(\d+)(?:;(\S+))?$/.exec(line.trim());
  if (!match) {
    throw new SlurmError(
      'failed',
      'sbatch',
      `sbatch --parsable printed ${JSON.stringify(stdout.trim())} instead of a job id`,
      stdout.trim(),
    );
  }
  return { jobId: Number(match[1]), cluster: match[2] ?? null };
}
