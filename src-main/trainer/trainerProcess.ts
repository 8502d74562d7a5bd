/**
 * Entry point of a training process: Electron launches it with utilityProcess.fork, the CLI
 * and the browser-mode server with child_process.fork. Training never runs in the UI or main
 * loop (ARCHITECTURE example 4). The process trains exactly one run, streams its records to
 * the parent, and exits; if the parent goes away it exits too, so it is never orphaned.
 */
import { parseRunConfig } from '../engine/runConfig';
import { runTraining } from '../engine/train/trainLoop';
import { readImportedDataset } from '../store/importedDatasetReader';
import { SQLITE_BINDING_ENV, useSqliteNativeBinding } from '../store/sqliteBinding';
import type { FromTrainer, ToTrainer } from './trainerProtocol';

interface ParentChannel {
  /** Resolves once the message is handed to the channel, so exit never drops the last records. */
  send(message: FromTrainer): Promise<void>;
  onMessage(listener: (message: ToTrainer) => void): void;
  onParentGone(listener: () => void): void;
  /**
   * Exit once the parent may have missed nothing: at once under child_process (its 'close'
   * event waits for the channel to drain); under Electron after the parent's `release`, with a
   * time limit so a parent that never answers cannot leave the process behind.
   */
  exitWhenReleased(code: number): void;
}

/** How long an Electron trainer waits for `release` after its last message. */
const RELEASE_WAIT_MS = 10_000;

/** Electron's utilityProcess exposes process.parentPort; child_process.fork exposes process.send. */
function connectToParent(): ParentChannel {
  const electronPort = (
    process as NodeJS.Process & {
      parentPort?: {
        postMessage(message: unknown): void;
        on(event: 'message', listener: (event: { data: unknown }) => void): void;
      };
    }
  ).parentPort;
  if (electronPort) {
    let released = false;
    let exitCode: number | null = null;
    electronPort.on('message', (event) => {
      if ((event.data as ToTrainer).type !== 'release') return;
      released = true;
      if (exitCode !== null) process.exit(exitCode);
    });
    return {
      send: async (message) => electronPort.postMessage(message),
      onMessage: (listener) =>
        electronPort.on('message', (event) => listener(event.data as ToTrainer)),
      onParentGone: () => undefined,
      exitWhenReleased: (code) => {
        if (released) process.exit(code);
        exitCode = code;
        setTimeout(() => process.exit(code), RELEASE_WAIT_MS);
      },
    };
  }
  if (!process.send) throw new Error('trainerProcess must be started as a forked child process');
  return {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        process.send?.(message, undefined, undefined, (error: Error | null) =>
          error ? reject(error) : resolve(),
        );
      }),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToTrainer)),
    onParentGone: (listener) => process.on('disconnect', listener),
    exitWhenReleased: (code) => setImmediate(() => process.exit(code)),
  };
}

function main(): void {
  // Under Electron the package's own addon has Node's ABI; the desktop app hands over the path
  // of its Electron build. Headless (plain Node) trainers keep the default.
  if (process.versions.electron !== undefined) {
    useSqliteNativeBinding(process.env[SQLITE_BINDING_ENV]);
  }
  const parent = connectToParent();
  const abort = new AbortController();
  let started = false;
  // Ctrl-C in a terminal reaches the whole process group: the parent decides (it asks for a
  // clean cancel); SIGTERM from another process (`coherence-lab cancel`) cancels cleanly too.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => abort.abort());
  parent.onParentGone(() => {
    // The CLI or server died: stop at once. The run is marked interrupted when the project is
    // next opened and resumes from its last checkpoint.
    process.exit(3);
  });
  parent.onMessage((message) => {
    if (message.type === 'cancel') {
      abort.abort();
      return;
    }
    if (message.type !== 'train' || started) return;
    started = true;
    const { runId } = message;
    // Validated again on this side of the process boundary: the trainer fills the defaults of
    // its own engine version, whatever the parent sent.
    Promise.resolve()
      .then(() =>
        runTraining({
          config: parseRunConfig(message.config),
          dataContext: {
            ...message.dataContext,
            importedDatasets: (name) => readImportedDataset(message.projectPath, name),
          },
          resumeFrom: message.resumeFrom,
          initialWeights: message.initialWeights,
          learnedSubsetReference: message.learnedSubsetReference,
          signal: abort.signal,
          onRecord: (record) => parent.send({ type: 'record', runId, record }),
        }),
      )
      .then(() => parent.exitWhenReleased(0))
      .catch(async (error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        await parent.send({ type: 'failed', runId, message: text }).catch(() => undefined);
        parent.exitWhenReleased(1);
      });
  });
}

main();
