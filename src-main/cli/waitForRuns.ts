import { ENDED_RUN_STATUSES, type RunStatus } from '../shared/runStatus';
import type { CliSession } from './cliSession';
import { ProgressDisplay } from './progressDisplay';

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
      if (runIds.every((id) => ENDED_RUN_STATUSES.has(statuses.get(id) ?? 'queued'))) resolve();
    };
    unsubscribe = session.api.subscribe((event, payload) => {
      if (event === 'run.progress') {
        if (runIds.includes(payload.runId))
          display.update(
            payload.runId,
            labels.get(payload.runId) ?? `run ${payload.runId}`,
            payload,
          );
      } else if (event === 'run.status') {
        if (runIds.includes(payload.runId)) {
          statuses.set(payload.runId, payload.status);
          check();
        }
      }
    });
    void (async () => {
      for (const runId of runIds) {
        const detail = await session.call('runs.get', { runId });
        if (!statuses.has(runId) || ENDED_RUN_STATUSES.has(detail.status))
          statuses.set(runId, detail.status);
      }
      check();
    })();
  });
  const onSigint = (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\ncancelling (the runs stay resumable)…\n');
    for (const runId of runIds) {
      if (!ENDED_RUN_STATUSES.has(statuses.get(runId) ?? 'queued')) {
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
