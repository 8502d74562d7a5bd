import type { ApiEvents, RunStatus } from '../api/contract';
import type { CliSession } from './cliSession';
import { ProgressDisplay } from './progressDisplay';

const TERMINAL: ReadonlySet<RunStatus> = new Set([
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
]);

/**
 * Follow runs to the end with progress bars on stderr. Ctrl-C asks every unfinished run to
 * cancel cleanly (checkpoint first, so it stays resumable) instead of killing it.
 */
export async function waitForRuns(
  session: CliSession,
  runIds: readonly number[],
  labels: ReadonlyMap<number, string>,
): Promise<Map<number, RunStatus>> {
  const display = new ProgressDisplay(!(session.json && !process.stderr.isTTY));
  const statuses = new Map<number, RunStatus>();
  let interrupted = false;
  let unsubscribe: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    const check = (): void => {
      if (runIds.every((id) => TERMINAL.has(statuses.get(id) ?? 'queued'))) resolve();
    };
    unsubscribe = session.api.subscribe((event, payload) => {
      if (event === 'run.progress') {
        const p = payload as ApiEvents['run.progress'];
        if (runIds.includes(p.runId))
          display.update(p.runId, labels.get(p.runId) ?? `run ${p.runId}`, p);
      } else if (event === 'run.status') {
        const s = payload as ApiEvents['run.status'];
        if (runIds.includes(s.runId)) {
          statuses.set(s.runId, s.status);
          check();
        }
      }
    });
    void (async () => {
      for (const runId of runIds) {
        const detail = await session.call('runs.get', { runId });
        if (!statuses.has(runId) || TERMINAL.has(detail.status)) statuses.set(runId, detail.status);
      }
      check();
    })();
  });
  const onSigint = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\ncancelling (the runs stay resumable)…\n');
    for (const runId of runIds) {
      if (!TERMINAL.has(statuses.get(runId) ?? 'queued')) {
        void session.call('runs.cancel', { runId }).catch(() => undefined);
      }
    }
  };
  process.on('SIGINT', onSigint);
  try {
    await done;
  } finally {
    unsubscribe();
    process.off('SIGINT', onSigint);
    display.stop();
  }
  if (interrupted) process.exitCode = 130;
  return statuses;
}
