import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `.clab` files handed to the app by the system: on Windows and Linux the file manager starts
 * the app with the path as an argument (and a second launch passes its arguments to the
 * running instance through `second-instance`); on macOS the path arrives in `open-file`,
 * possibly before the app is ready.
 */

/** The project file a command line names (the last `.clab` argument), resolved against `cwd`. */
export function projectFileFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable; in development `electron .` adds the app folder, and Chromium
  // may add switches. Only an argument ending in .clab is taken as a project.
  const candidates = argv.slice(1).filter((arg) => !arg.startsWith('-') && /\.clab$/i.test(arg));
  const last = candidates.at(-1);
  if (last === undefined) return null;
  // Linux desktop entries pass %U: a file:// URL rather than a path.
  if (last.startsWith('file://')) {
    try {
      return fileURLToPath(last);
    } catch {
      return null;
    }
  }
  return resolve(cwd, last);
}

/** Holds a file until the app can open it, then hands every later one straight over. */
export class ProjectFileHandoff {
  private opener: ((path: string) => void) | null = null;
  private pending: string | null = null;

  /** A file arrived (argument, second launch, open-file). The latest one wins while waiting. */
  receive(path: string): void {
    if (this.opener) this.opener(path);
    else this.pending = path;
  }

  /** The file that arrived before the app was ready, if any (taken once). */
  takePending(): string | null {
    const path = this.pending;
    this.pending = null;
    return path;
  }

  /** From now on files open at once. */
  deliverTo(opener: (path: string) => void): void {
    this.opener = opener;
    const path = this.takePending();
    if (path !== null) opener(path);
  }
}

/** The parts of Electron's `app` the file association listens to. */
export interface FileAssociationApp {
  on(
    event: 'open-file',
    listener: (event: { preventDefault(): void }, path: string) => void,
  ): unknown;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
}

/**
 * Listen for files opened while the app runs. A second launch always brings the running
 * window to the front, with or without a file.
 */
export function registerFileAssociation(
  app: FileAssociationApp,
  handoff: ProjectFileHandoff,
  focusWindow: () => void,
): void {
  app.on('open-file', (event, path) => {
    event.preventDefault();
    handoff.receive(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow();
    const path = projectFileFromArgv(argv, workingDirectory);
    if (path !== null) handoff.receive(path);
  });
}
