import { execFile, type ExecFileException } from 'node:child_process';
import { join } from 'node:path';

export type SlurmProgram = 'sbatch' | 'squeue' | 'scontrol' | 'scancel';

/**
 * Why a Slurm command did not do its job, in terms a person can act on:
 * - `not-installed`: the client command is not on this machine (not a cluster login node);
 * - `controller-unreachable`: slurmctld does not answer (down, wrong host, network);
 * - `rejected`: the controller refused the submission (bad partition, gres, time, memory…);
 * - `timeout`: the command did not return in time;
 * - `failed`: any other non-zero exit, with Slurm's own message.
 */
export type SlurmErrorKind =
  'not-installed' | 'controller-unreachable' | 'rejected' | 'timeout' | 'failed';

export class SlurmError extends Error {
  constructor(
    readonly kind: SlurmErrorKind,
    readonly program: SlurmProgram,
    message: string,
    /** Slurm's stderr, trimmed (empty when the command did not run). */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'SlurmError';
  }
}

export interface SlurmClientOptions {
  /** Folder holding sbatch, squeue, scontrol and scancel; default: found on PATH. */
  readonly binDir?: string;
  /** Added to this process's environment (e.g. SLURM_CONF to talk to another cluster). */
  readonly env?: Readonly<Record<string, string>>;
  /** Per command; Slurm clients retry an unreachable controller for ~10 s before failing. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Messages Slurm clients print when slurmctld does not answer (22.05 and later). */
const UNREACHABLE =
  /Unable to contact slurm controller|Communication connection failure|Connection refused|Socket timed out|Zero Bytes were transmitted or received|Unable to establish controller machine/i;

/**
 * Run a Slurm client command with execFile (no shell: arguments are passed as they are) and
 * return its stdout; turn every way it can fail into a SlurmError.
 */
export function runSlurmCommand(
  program: SlurmProgram,
  args: readonly string[],
  options: SlurmClientOptions = {},
  cwd?: string,
): Promise<string> {
  const executable = options.binDir ? join(options.binDir, program) : program;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolvePromise, reject) => {
    execFile(
      executable,
      [...args],
      {
        cwd,
        env: { ...process.env, ...options.env },
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolvePromise(stdout);
          return;
        }
        reject(describeFailure(program, options, timeoutMs, error, stderr));
      },
    );
  });
}

function describeFailure(
  program: SlurmProgram,
  options: SlurmClientOptions,
  timeoutMs: number,
  error: ExecFileException,
  stderr: string,
): SlurmError {
  if (error.code === 'ENOENT') {
    const where = options.binDir ? `in ${options.binDir}` : 'on PATH';
    return new SlurmError(
      'not-installed',
      program,
      `${program} was not found ${where}: Slurm's client commands (sbatch, squeue, scontrol, scancel) must be installed where the sweep is submitted, e.g. on the cluster's login node`,
    );
  }
  if (error.code === 'EACCES') {
    return new SlurmError(
      'not-installed',
      program,
      `${program} is not executable: ${error.message}`,
    );
  }
  const detail = cleanStderr(program, stderr);
  if (error.killed) {
    return new SlurmError(
      'timeout',
      program,
      `${program} did not answer within ${Math.round(timeoutMs / 1000)} s; is the Slurm controller reachable?`,
      detail,
    );
  }
  if (UNREACHABLE.test(stderr)) {
    return new SlurmError(
      'controller-unreachable',
      program,
      `the Slurm controller cannot be reached (${program}: ${detail}); check that slurmctld is running and that this machine's slurm.conf names it`,
      detail,
    );
  }
  const kind = program === 'sbatch' ? 'rejected' : 'failed';
  const what = program === 'sbatch' ? 'Slurm refused the submission' : `${program} failed`;
  return new SlurmError(
    kind,
    program,
    `${what}: ${detail || `exit code ${String(error.code)}`}`,
    detail,
  );
}

/** Slurm's messages without the repeated "sbatch: error: " prefixes, one line. */
function cleanStderr(program: SlurmProgram, stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.replace(new RegExp(`^${program}: (error: )?`), '').trim())
    .filter((line) => line.length > 0)
    .join('; ');
}
