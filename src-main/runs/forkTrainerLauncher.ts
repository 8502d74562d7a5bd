import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromTrainer, ToTrainer } from '../trainer/trainerProtocol';
import type { TrainerHandle, TrainerLaunchOptions, TrainerLauncher } from './trainerLauncher';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Headless launcher: child_process.fork with structured-clone ("advanced") serialization so
 * typed arrays cross intact. From sources the entry is the TypeScript file run through tsx;
 * from a build it is the bundled trainer.js next to the main bundle.
 */
export class ForkTrainerLauncher implements TrainerLauncher {
  constructor(private readonly entry: string = defaultTrainerEntry()) {}

  launch(options: TrainerLaunchOptions = {}): TrainerHandle {
    const isTypeScript = this.entry.endsWith('.ts');
    const child = fork(this.entry, [], {
      env: { ...process.env, ...options.env },
      serialization: 'advanced',
      // Resolve tsx from this package, not from the caller's working directory.
      execArgv: isTypeScript ? ['--import', import.meta.resolve('tsx')] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return wrapChild(child);
  }
}

function defaultTrainerEntry(): string {
  const source = resolve(here, '../trainer/trainerProcess.ts');
  if (existsSync(source)) return source;
  return resolve(here, 'trainer.js');
}

function wrapChild(child: ChildProcess): TrainerHandle {
  // A trainer that already finished may close its channel while we still talk to it; that
  // race is expected and reported through onExit, not as an unhandled 'error' event.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send: (message: ToTrainer) => {
      if (child.connected) child.send(message, (error) => void error);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromTrainer)),
    // 'close', not 'exit': 'exit' can come before the last IPC messages are read (the trainer
    // sends its end record and exits at once), and the run would be marked interrupted although
    // it completed. 'close' waits until the IPC channel (and any pipes) are drained and closed.
    onExit: (listener) => child.once('close', (code, signal) => listener(code, signal)),
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
    },
  };
}
