import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the better-sqlite3 addon rebuilt for Electron's ABI lives, and whether a build is
 * current. Pure path logic (no `electron` import): the desktop main process reads it to load
 * the addon, `scripts/desktop/` and the packaging hook to build it.
 *
 * - In a checkout: `.cache/electron-native/<platform>-<arch>/better_sqlite3.node`, next to a
 *   `build-info.json` naming the Electron and better-sqlite3 versions it was built for.
 * - Packaged: `<resources>/native/better_sqlite3.node` (electron-builder `extraResources`).
 */
export const ADDON_FILE = 'better_sqlite3.node';
export const BUILD_INFO_FILE = 'build-info.json';
export const PACKAGED_ADDON_DIR = 'native';

export interface NativeTarget {
  readonly platform: string;
  readonly arch: string;
}

/** What an addon was built for; a build is current when all of it matches. */
export interface AddonBuildInfo extends NativeTarget {
  readonly electron: string;
  readonly betterSqlite3: string;
}

export function electronNativeDir(projectRoot: string, target: NativeTarget): string {
  return join(projectRoot, '.cache', 'electron-native', `${target.platform}-${target.arch}`);
}

export interface AddonLocation extends NativeTarget {
  readonly isPackaged: boolean;
  /** app.getAppPath(): the checkout root when run with `electron .`. */
  readonly appPath: string;
  /** process.resourcesPath of the packaged app. */
  readonly resourcesPath: string;
}

/** The addon file the running desktop app loads. */
export function electronSqliteAddonPath(location: AddonLocation): string {
  return location.isPackaged
    ? join(location.resourcesPath, PACKAGED_ADDON_DIR, ADDON_FILE)
    : join(electronNativeDir(location.appPath, location), ADDON_FILE);
}

export type AddonBuildStatus =
  { readonly current: true } | { readonly current: false; readonly reason: string };

/** Whether the addon in `dir` was built for exactly `wanted` (else why it must be rebuilt). */
export function addonBuildStatus(dir: string, wanted: AddonBuildInfo): AddonBuildStatus {
  if (!existsSync(join(dir, ADDON_FILE)))
    return { current: false, reason: `${ADDON_FILE} not built yet` };
  let built: Partial<AddonBuildInfo>;
  try {
    built = JSON.parse(readFileSync(join(dir, BUILD_INFO_FILE), 'utf8')) as Partial<AddonBuildInfo>;
  } catch {
    return { current: false, reason: `${BUILD_INFO_FILE} missing or unreadable` };
  }
  for (const key of ['electron', 'betterSqlite3', 'platform', 'arch'] as const) {
    if (built[key] !== wanted[key]) {
      return {
        current: false,
        reason: `built for ${key} ${String(built[key])}, ${wanted[key]} wanted`,
      };
    }
  }
  return { current: true };
}

/** The message when the desktop app starts without its addon. */
export function missingAddonMessage(path: string, isPackaged: boolean): string {
  return isPackaged
    ? `The SQLite module of this installation is missing (${path}). Reinstall Coherence Lab.`
    : `The SQLite module built for Electron is missing (${path}). \`npm start\` builds it before starting; \`npm run desktop:prepare\` builds it alone.`;
}
