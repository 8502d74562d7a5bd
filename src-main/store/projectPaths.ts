import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Coherence Lab keeps its files when no path is given: the XDG data folder on Linux,
 * Application Support on macOS, %APPDATA% on Windows. COHERENCE_LAB_HOME overrides all of them
 * (tests, portable installs).
 */
export function appDataDir(): string {
  if (process.env.COHERENCE_LAB_HOME) return process.env.COHERENCE_LAB_HOME;
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'coherence-lab');
  if (process.platform === 'win32') {
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'coherence-lab');
  }
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'coherence-lab');
}

export function defaultProjectPath(): string {
  return join(appDataDir(), 'default.clab');
}

/** Converted dataset copies (e.g. the Fashion-MNIST binary cache). */
export function datasetCacheDir(): string {
  return join(appDataDir(), 'cache');
}
