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

export interface TrainerLauncher {
  launch(): TrainerHandle;
}
