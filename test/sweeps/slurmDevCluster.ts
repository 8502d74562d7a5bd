import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../../scripts/slurm-dev-cluster.sh');

/** Long enough for a first-time apt-get install of slurm-wlm and munge; then a clear failure. */
export const DEV_CLUSTER_START_TIMEOUT_MS = 8 * 60_000;

/**
 * The Slurm-backed tests need the single-node dev cluster (`.ci/run` starts it before the
 * tests). Start it if it is not up; if that fails or takes too long, fail with the script's
 * own explanation instead of hanging or skipping.
 */
export async function ensureSlurmDevCluster(): Promise<void> {
  try {
    await run('bash', [SCRIPT, 'status'], { timeout: 60_000 });
    return;
  } catch {
    // Not up (or not fully): start it below.
  }
  try {
    await run('bash', [SCRIPT, 'start'], {
      timeout: DEV_CLUSTER_START_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    const failure = error as { stderr?: string; killed?: boolean; code?: number | string };
    const reason = failure.killed
      ? `did not finish within ${DEV_CLUSTER_START_TIMEOUT_MS / 60_000} minutes`
      : `exited with ${String(failure.code)}`;
    const output = (failure.stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `the Slurm dev cluster is not running and \`scripts/slurm-dev-cluster.sh start\` ${reason}. ` +
        `These tests need it (run the script as root; it installs slurm-wlm and munge with apt-get).\n${output}`,
    );
  }
}
