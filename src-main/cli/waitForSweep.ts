import cliProgress from 'cli-progress';
import type { SweepStatus } from '../api/contract';
import type { CliSession } from './cliSession';
import { formatDuration } from './progressDisplay';

/**
 * Follow a local sweep to the end with one progress bar on stderr (runs finished of all, how
 * many run and failed, the sweep's ETA): a sweep of 175 runs is one line, not 175 bars. Ctrl-C
 * cancels the sweep cleanly (every run stops at a checkpoint; `sweep run ID` continues it).
 */
export async function waitForSweep(
  session: CliSession,
  sweepId: string,
  pollMs = 1000,
): Promise<SweepStatus> {
  const enabled = !(session.json && !process.stderr.isTTY);
  const bar = enabled
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            '{label} {bar} {value}/{total} runs | {running} running, {failed} failed | ETA {etaText}',
          hideCursor: true,
          noTTYOutput: !process.stderr.isTTY,
          notTTYSchedule: 5000,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(
      '\ncancelling the sweep (its runs stay resumable: sweep run ID continues it)…\n',
    );
    void session.call('sweeps.cancel', { sweepId }).catch(() => undefined);
  };
  process.on('SIGINT', onSigint);
  let wake: () => void = () => undefined;
  const unsubscribe = session.api.subscribe((event, _payload) => {
    if (event === 'run.status') wake();
  });
  try {
    let status = await session.call('sweeps.status', { sweepId });
    bar?.start(status.total, status.completed, payload(sweepId, status));
    while (status.pending + status.running > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      status = await session.call('sweeps.status', { sweepId });
      bar?.update(status.completed, payload(sweepId, status));
    }
    return status;
  } finally {
    unsubscribe();
    process.off('SIGINT', onSigint);
    bar?.stop();
    if (interrupted) process.exitCode = 130;
  }
}

function payload(
  sweepId: string,
  status: SweepStatus,
): { label: string; running: number; failed: number; etaText: string } {
  return {
    label: sweepId,
    running: status.running,
    failed: status.failed + status.cancelled,
    etaText: status.etaSec === null ? '—' : formatDuration(status.etaSec),
  };
}
