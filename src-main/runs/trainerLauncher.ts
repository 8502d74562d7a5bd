import type { FromTrainer, ToTrainer } from '../trainer/trainerProtocol';

/**
 * A running trainer process, whatever launched it (child_process.fork headless, Electron's
 * utilityProcess.fork on the desktop): start / messages / exit / kill, as VS Code's
 * utilityProcess wrapper does.
 */
export interface TrainerHandle {
  readonly pid: number | undefined;
  send(message: ToTrainer): void;
  onMessage(listener: (message: FromTrainer) => void): void;
  /** Called once when the process ends, with its exit code or the signal that killed it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface TrainerLaunchOptions {
  /**
   * Variables added to the trainer's environment: the run's identity nonce
   * (trainerIdentity.ts), which other processes check before signalling a trainer.
   */
  readonly env?: Readonly<Record<string, string>>;
}

export interface TrainerLauncher {
  launch(options?: TrainerLaunchOptions): TrainerHandle;
}
