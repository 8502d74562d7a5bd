import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What the desktop app remembers between sessions. */
export interface AppSettings {
  readonly window: { width: number; height: number; x?: number; y?: number; maximized: boolean };
  readonly lastProject: string | null;
}

export const DEFAULT_SETTINGS: AppSettings = {
  window: { width: 1400, height: 900, maximized: false },
  lastProject: null,
};

export function settingsPath(userDataDir: string): string {
  return join(userDataDir, 'settings.json');
}

/** Read settings, falling back to defaults for a missing or damaged file or bad fields. */
export function readSettings(file: string): AppSettings {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<AppSettings>;
    const w = raw.window ?? DEFAULT_SETTINGS.window;
    const size = (v: unknown, d: number): number =>
      typeof v === 'number' && v >= 400 && v <= 10_000 ? v : d;
    const pos = (v: unknown): number | undefined =>
      typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    return {
      window: {
        width: size(w.width, DEFAULT_SETTINGS.window.width),
        height: size(w.height, DEFAULT_SETTINGS.window.height),
        x: pos(w.x),
        y: pos(w.y),
        maximized: w.maximized === true,
      },
      lastProject: typeof raw.lastProject === 'string' ? raw.lastProject : null,
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Write to a temporary file, then rename: a crash mid-write never leaves a half file. */
export function writeSettings(file: string, settings: AppSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(temp, file);
}
