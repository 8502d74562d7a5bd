/**
 * Whether the Electron binary of node_modules/electron is there, and fetching it when not.
 * The electron package downloads its binary on demand (its install.js, run by `require`ing the
 * package or by hand); electron-vite, which `npm start` runs, only reads `path.txt` and fails
 * with "Electron uninstall" when it is missing — so `prestart` fetches it first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The executable inside `dist/` for a platform, as electron's install.js names it. */
export function electronExecutableFor(platform: string): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

export type BinaryStatus =
  | { readonly installed: true; readonly executable: string }
  | { readonly installed: false; readonly reason: string };

/** Mirrors electron's own isInstalled(): dist/version, path.txt and the executable all agree. */
export function electronBinaryStatus(
  electronDir: string,
  platform = process.platform,
): BinaryStatus {
  const packageFile = join(electronDir, 'package.json');
  if (!existsSync(packageFile))
    return { installed: false, reason: 'the electron package is not installed (run npm ci)' };
  const version = (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version;
  const read = (file: string): string | null => {
    try {
      return readFileSync(join(electronDir, file), 'utf8');
    } catch {
      return null;
    }
  };
  const distVersion = read(join('dist', 'version'));
  if (distVersion === null)
    return { installed: false, reason: 'no Electron binary downloaded yet (dist/ is missing)' };
  if (distVersion.trim().replace(/^v/, '') !== version) {
    return {
      installed: false,
      reason: `dist/ holds Electron ${distVersion.trim()}, the package is ${version}`,
    };
  }
  const expected = electronExecutableFor(platform);
  if (read('path.txt') !== expected)
    return { installed: false, reason: `path.txt does not name ${expected}` };
  const executable = join(electronDir, 'dist', expected);
  if (!existsSync(executable)) return { installed: false, reason: `${executable} is missing` };
  return { installed: true, executable };
}

/** Download the binary with electron's own install.js when it is missing; its path. */
export function ensureElectronBinary(
  electronDir: string,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string {
  const before = electronBinaryStatus(electronDir);
  if (before.installed) return before.executable;
  log(
    `Electron binary: ${before.reason}; downloading it (node ${join(electronDir, 'install.js')}) …`,
  );
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'inherit',
  });
  const after = electronBinaryStatus(electronDir);
  if (result.status !== 0 || !after.installed) {
    throw new Error(
      `could not download the Electron binary (${after.installed ? `exit ${result.status}` : after.reason}). It needs network access to the Electron release downloads; behind a mirror set ELECTRON_MIRROR.`,
    );
  }
  log(`Electron binary ready: ${after.executable}`);
  return after.executable;
}
