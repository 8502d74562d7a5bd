/** The packaging side of the Electron SQLite addon (called by build/beforePack.mjs). */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADDON_FILE } from '../../src-main/electron/electronNativeSqlite';
import { ensureElectronSqlite } from './electronSqlite';

/** Where extraResources picks the addon up: `${os}-${arch}` as electron-builder expands them. */
export function packagingAddonPath(projectRoot: string, os: string, arch: string): string {
  return join(projectRoot, '.cache', 'electron-native', 'package', `${os}-${arch}`, ADDON_FILE);
}

export async function stageAddonForPackaging(target: {
  projectRoot: string;
  /** Electron's platform name: darwin, linux, win32, mas. */
  platform: string;
  /** electron-builder's: mac, linux, win. */
  os: string;
  arch: string;
}): Promise<string> {
  // mas (Mac App Store) builds use the darwin binaries.
  const platform = target.platform === 'mas' ? 'darwin' : target.platform;
  const built = await ensureElectronSqlite({
    projectRoot: target.projectRoot,
    platform,
    arch: target.arch,
  });
  const staged = packagingAddonPath(target.projectRoot, target.os, target.arch);
  mkdirSync(join(staged, '..'), { recursive: true });
  cpSync(built, staged);
  return staged;
}
