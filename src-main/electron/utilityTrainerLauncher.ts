import { utilityProcess } from 'electron';
import { fileURLToPath } from 'node:url';
import type { TrainerHandle, TrainerLauncher, TrainerLaunchOptions } from '../runs/trainerLauncher';
import { SQLITE_BINDING_ENV, sqliteNativeBinding } from '../store/sqliteBinding';
import {
  isFinalTrainerMessage,
  type FromTrainer,
  type ToTrainer,
} from '../trainer/trainerProtocol';

/**
 * Desktop launcher: Electron's utilityProcess.fork runs the bundled trainer (out/main/trainer.js)
 * as a Node child outside the main and renderer processes; messages use structured clone, so
 * typed arrays cross intact, as with the headless fork launcher.
 */
export class UtilityTrainerLauncher implements TrainerLauncher {
  constructor(
    private readonly entry: string = fileURLToPath(new URL('./trainer.js', import.meta.url)),
  ) {}

  launch(options: TrainerLaunchOptions = {}): TrainerHandle {
    // The trainer reads imported datasets from the project with the same Electron-ABI addon,
    // and carries its run's identity nonce so only its own run's cancel may signal it.
    const binding = sqliteNativeBinding();
    const child = utilityProcess.fork(this.entry, [], {
      serviceName: 'Coherence Lab trainer',
      stdio: 'inherit',
      env: {
        ...process.env,
        ...options.env,
        ...(binding === undefined ? {} : { [SQLITE_BINDING_ENV]: binding }),
      },
    });
    let exited = false;
    // Registered before the run manager's listener. The trainer exits only after this release,
    // so 'exit' comes after its last message has been read here (see ToTrainer 'release').
    child.on('message', (message: FromTrainer) => {
      if (!exited && isFinalTrainerMessage(message)) child.postMessage({ type: 'release' });
    });
    return {
      get pid(): number | undefined {
        return child.pid;
      },
      send: (message: ToTrainer) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (message: FromTrainer) => listener(message)),
      onExit: (listener) =>
        child.once('exit', (code: number) => {
          exited = true;
          listener(code, null);
        }),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  }
}
