import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADDON_FILE,
  BUILD_INFO_FILE,
  addonBuildStatus,
  electronNativeDir,
  electronSqliteAddonPath,
} from '../../src-main/electron/electronNativeSqlite';
import { SQLITE_BINDING_ENV } from '../../src-main/store/sqliteBinding';
import {
  electronBinaryStatus,
  electronExecutableFor,
  ensureElectronBinary,
} from '../../scripts/desktop/electronBinary';
import { ensureElectronSqlite } from '../../scripts/desktop/electronSqlite';

/**
 * What `npm start` does before Electron starts (scripts/desktop/prepareDesktop.ts), in the parts
 * that run without the network: the "binary missing → fetch" decision (with a stand-in for
 * electron's install.js, which downloads), and where the Electron build of better-sqlite3 lives
 * and when it is rebuilt. The download and the rebuild themselves need the network.
 */
const root = mkdtempSync(join(tmpdir(), 'clab-desktop-prepare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An electron package folder; `binary` puts a complete download in dist/. */
function electronPackage(
  version: string,
  binary?: { distVersion: string; pathTxt: string },
): string {
  const dir = mkdtempSync(join(root, 'electron-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version }));
  if (binary) {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'version'), binary.distVersion);
    writeFileSync(join(dir, 'path.txt'), binary.pathTxt);
    writeFileSync(join(dir, 'dist', binary.pathTxt), '#!/bin/sh\n');
  }
  return dir;
}

/** A stand-in install.js doing what electron's does on success (or failing like it offline). */
function standInInstaller(dir: string, succeed: boolean): void {
  const body = succeed
    ? `const fs = require('fs'), path = require('path');
       fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
       fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v45.5.0');
       fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n');
       fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`
    : `console.error('(test stand-in for an offline download) failed'); process.exit(1);`;
  writeFileSync(join(dir, 'install.js'), body);
}

describe('Electron binary: missing → fetch', () => {
  it("decides like electron's own install check", () => {
    expect(electronBinaryStatus(join(root, 'nowhere'))).toMatchObject({
      installed: false,
      reason: expect.stringMatching(/not installed \(run npm ci\)/),
    });
    expect(electronBinaryStatus(electronPackage('45.5.0'))).toMatchObject({
      installed: false,
      reason: expect.stringMatching(/no Electron binary downloaded yet/),
    });
    const old = electronPackage('45.5.0', { distVersion: 'v44.0.0', pathTxt: 'electron' });
    expect(electronBinaryStatus(old, 'linux')).toMatchObject({
      reason: 'dist/ holds Electron v44.0.0, the package is 45.5.0',
    });
    const otherOs = electronPackage('45.5.0', { distVersion: 'v45.5.0', pathTxt: 'electron.exe' });
    expect(electronBinaryStatus(otherOs, 'linux')).toMatchObject({
      reason: 'path.txt does not name electron',
    });
    const ready = electronPackage('45.5.0', { distVersion: 'v45.5.0', pathTxt: 'electron' });
    expect(electronBinaryStatus(ready, 'linux')).toEqual({
      installed: true,
      executable: join(ready, 'dist', 'electron'),
    });
    expect(electronExecutableFor('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(electronExecutableFor('win32')).toBe('electron.exe');
  });

  it('runs the installer only when the binary is missing', () => {
    const ready = electronPackage('45.5.0', { distVersion: 'v45.5.0', pathTxt: 'electron' });
    standInInstaller(ready, false); // would fail if it ran
    expect(ensureElectronBinary(ready, () => undefined)).toBe(join(ready, 'dist', 'electron'));

    const missing = electronPackage('45.5.0');
    standInInstaller(missing, true);
    const log: string[] = [];
    expect(ensureElectronBinary(missing, (line) => log.push(line))).toBe(
      join(missing, 'dist', 'electron'),
    );
    expect(log[0]).toMatch(/no Electron binary downloaded yet.*downloading it/);
  });

  it('says what the download needs when it fails', () => {
    const offline = electronPackage('45.5.0');
    standInInstaller(offline, false);
    expect(() => ensureElectronBinary(offline, () => undefined)).toThrow(
      /could not download the Electron binary .*network access/,
    );
  });
});

describe('better-sqlite3 for Electron', () => {
  const wanted = { electron: '45.5.0', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };

  function builtAddon(projectRoot: string, info: Record<string, string> | null): string {
    const dir = electronNativeDir(projectRoot, wanted);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ADDON_FILE), 'addon');
    if (info) writeFileSync(join(dir, BUILD_INFO_FILE), JSON.stringify(info));
    return dir;
  }

  it('lives in the checkout when unpackaged and in resources/native when packaged', () => {
    const location = { platform: 'linux', arch: 'x64', resourcesPath: '/opt/lab/resources' };
    expect(electronSqliteAddonPath({ ...location, isPackaged: false, appPath: '/src/lab' })).toBe(
      '/src/lab/.cache/electron-native/linux-x64/better_sqlite3.node',
    );
    expect(
      electronSqliteAddonPath({ ...location, isPackaged: true, appPath: '/opt/lab/app.asar' }),
    ).toBe('/opt/lab/resources/native/better_sqlite3.node');
    expect(SQLITE_BINDING_ENV).toBe('COHERENCE_LAB_SQLITE_BINDING');
  });

  it('is rebuilt when missing or built for other versions, and reused when current', () => {
    const project = mkdtempSync(join(root, 'project-'));
    const dir = electronNativeDir(project, wanted);
    expect(addonBuildStatus(dir, wanted)).toEqual({
      current: false,
      reason: 'better_sqlite3.node not built yet',
    });
    builtAddon(project, null);
    expect(addonBuildStatus(dir, wanted)).toMatchObject({
      reason: 'build-info.json missing or unreadable',
    });
    builtAddon(project, { ...wanted, electron: '44.1.0' });
    expect(addonBuildStatus(dir, wanted)).toMatchObject({
      reason: 'built for electron 44.1.0, 45.5.0 wanted',
    });
    builtAddon(project, { ...wanted, betterSqlite3: '12.4.0' });
    expect(addonBuildStatus(dir, wanted)).toMatchObject({
      reason: 'built for betterSqlite3 12.4.0, 12.11.1 wanted',
    });
    builtAddon(project, wanted);
    expect(addonBuildStatus(dir, wanted)).toEqual({ current: true });
  });

  it('does not rebuild (or touch the network) when the build is current', async () => {
    const project = mkdtempSync(join(root, 'project-'));
    for (const [name, version] of [
      ['electron', wanted.electron],
      ['better-sqlite3', wanted.betterSqlite3],
    ]) {
      mkdirSync(join(project, 'node_modules', name), { recursive: true });
      writeFileSync(
        join(project, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, version }),
      );
    }
    const dir = builtAddon(project, wanted);
    const log: string[] = [];
    const path = await ensureElectronSqlite({
      projectRoot: project,
      platform: 'linux',
      arch: 'x64',
      log: (line) => log.push(line),
    });
    expect(path).toBe(join(dir, ADDON_FILE));
    expect(log).toEqual([]);
  });
});
