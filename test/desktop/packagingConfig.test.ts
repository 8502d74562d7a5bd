import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import {
  ADDON_FILE,
  PACKAGED_ADDON_DIR,
  electronSqliteAddonPath,
} from '../../src-main/electron/electronNativeSqlite';
import { projectFileFromArgv } from '../../src-main/electron/fileAssociation';
import { packagingAddonPath } from '../../scripts/desktop/packagingAddon';
import { DAWN_BUILDS, dawnBuildFor } from '../../src-main/engine/webgpuPackaging';

/**
 * Packaging downloads Electron and cannot run on the build machines, so its configuration is
 * checked here: against electron-builder's own schema (app-builder-lib's scheme.json, through
 * the validator `electron-builder` itself runs), and every file it names must exist or be
 * produced by a named step (`npm run build`, the beforePack hook).
 */
const root = resolve('.');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

/** The config file every dist script passes with --config. */
function configPath(): string {
  const paths = ['dist', 'dist:linux', 'dist:mac', 'dist:win'].map((name) => {
    const script = pkg.scripts[name];
    expect(script, `package.json script ${name}`).toBeDefined();
    const match = /electron-builder --config (\S+)/.exec(script);
    expect(match, `${name} runs electron-builder --config …`).not.toBeNull();
    expect(script).toMatch(/^npm run build && /);
    return match![1];
  });
  expect(new Set(paths).size).toBe(1);
  return paths[0];
}

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, configPath(), null);
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('packaging configuration (electron-builder)', () => {
  it("is valid against electron-builder's own configuration schema", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by a validator that refuses a wrong configuration', async () => {
    const config = await loadConfig();
    const misspelled = { ...config, linux: { ...config.linux, tagret: ['deb'] } } as Configuration;
    await expect(validateConfiguration(misspelled, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object[\s\S]*configuration\.linux/,
    );
    const wrongType = { ...config, fileAssociations: 'clab' } as unknown as Configuration;
    await expect(validateConfiguration(wrongType, new DebugLogger(false))).rejects.toThrow();
  });

  it('builds the targets the issue asks for, from the dist scripts', async () => {
    const config = await loadConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(pkg.scripts['dist:linux']).toMatch(/ --linux /);
    expect(pkg.scripts['dist:mac']).toMatch(/ --mac /);
    expect(pkg.scripts['dist:win']).toMatch(/ --win /);
    expect(config.directories?.output).toBe('dist');
    expect(config.publish).toBeNull();
  });

  it('names only files that exist or that the build and the hook produce', async () => {
    const config = await loadConfig();
    const buildResources = config.directories?.buildResources as string;
    expect(statSync(join(root, buildResources)).isDirectory()).toBe(true);
    for (const file of [
      config.mac?.icon,
      config.mac?.entitlements,
      config.mac?.entitlementsInherit,
      config.win?.icon,
      config.nsis?.installerIcon,
      config.nsis?.uninstallerIcon,
      config.beforePack,
    ]) {
      expect(typeof file, 'a path').toBe('string');
      expect(existsSync(join(root, file as string)), `${file} exists`).toBe(true);
    }
    // The app files: out/** is what `npm run build` (electron-vite) writes, and it holds the
    // package's main entry; resources/** is committed.
    // getConfig normalizes the list into file sets ({ filter: [...] }).
    const files = (config.files as Array<string | { filter?: string[] }>).flatMap((set) =>
      typeof set === 'string' ? [set] : (set.filter ?? []),
    );
    expect(files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json']));
    expect(pkg.main).toBe('./out/main/index.js');
    const viteConfig = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    expect(viteConfig).toMatch(/index: resolve\(__dirname, 'src-main\/electron\/main\.ts'\)/);
    expect(existsSync(join(root, 'resources', 'icon.png'))).toBe(true);
  });

  it('ships the Electron SQLite addon where the hook stages it and the app loads it', async () => {
    const config = await loadConfig();
    const [addon] = config.extraResources as Array<{ from: string; to: string }>;
    // electron-builder expands ${os} (mac|linux|win) and ${arch} (x64, arm64, …) per target.
    for (const [os, arch] of [
      ['linux', 'x64'],
      ['mac', 'arm64'],
      ['win', 'x64'],
    ]) {
      const from = addon.from.replace('${os}', os).replace('${arch}', arch);
      expect(join(root, from)).toBe(packagingAddonPath(root, os, arch));
    }
    const resources = '/opt/Coherence Lab/resources';
    expect(join(resources, addon.to)).toBe(
      electronSqliteAddonPath({
        isPackaged: true,
        appPath: join(resources, 'app.asar'),
        resourcesPath: resources,
        platform: 'linux',
        arch: 'x64',
      }),
    );
    expect(addon.to).toBe(`${PACKAGED_ADDON_DIR}/${ADDON_FILE}`);
    // node_modules keeps its Node build: electron-builder must not rebuild it in place.
    expect(config.npmRebuild).toBe(false);
  });

  it('ships each OS only its own Dawn (WebGPU) builds, unpacked from the asar', async () => {
    const config = await loadConfig();
    const patterns = (set: unknown): string[] =>
      ((set ?? []) as Array<string | { filter?: string[] }>).flatMap((s) =>
        typeof s === 'string' ? [s] : (s.filter ?? []),
      );
    const excludedBuilds = (section: unknown): string[] =>
      patterns((section as { files?: unknown } | undefined)?.files).flatMap((p) => {
        const match = /^!node_modules\/webgpu\/dist\/\{([^}]+)\}\/\*\*$/.exec(p);
        return match ? match[1].split(',') : [];
      });
    for (const [section, platform, arches] of [
      [config.linux, 'linux', ['x64', 'arm64']],
      [config.mac, 'darwin', ['x64', 'arm64']],
      [config.win, 'win32', ['x64', 'arm64']],
    ] as const) {
      const own = new Set(arches.map((arch) => dawnBuildFor(platform, arch)));
      expect(excludedBuilds(section).sort(), platform).toEqual(
        DAWN_BUILDS.filter((b) => !own.has(b)).sort(),
      );
    }
    expect(config.asarUnpack).toContain('node_modules/webgpu/dist/**');
  });

  it('associates .clab files with the app, as the main process expects them', async () => {
    const config = await loadConfig();
    const associations = config.fileAssociations as Array<{ ext: string; name: string }>;
    expect(associations.map((a) => a.ext)).toEqual(['clab']);
    expect(projectFileFromArgv(['/opt/lab/coherence-lab', '/data/x.clab'], '/')).toBe(
      '/data/x.clab',
    );
  });

  it('has icons at every size, in the formats each platform takes', async () => {
    const config = await loadConfig();
    const linuxIcons = join(root, config.linux?.icon as string);
    const sizes = readdirSync(linuxIcons)
      .map((name) => /^(\d+)x\1\.png$/.exec(name)?.[1])
      .filter((size): size is string => size !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const size of sizes) {
      expect(pngSize(join(linuxIcons, `${size}x${size}.png`))).toEqual({
        width: size,
        height: size,
      });
    }
    expect(pngSize(join(root, 'build', 'icon.png'))).toEqual({ width: 1024, height: 1024 });
    expect(pngSize(join(root, 'resources', 'icon.png'))).toEqual({ width: 512, height: 512 });
    const icns = readFileSync(join(root, config.mac?.icon as string));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const ico = readFileSync(join(root, config.win?.icon as string));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBe(7);
    expect(readFileSync(join(root, 'resources', 'icon.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('gives the macOS hardened runtime only the JIT entitlement', async () => {
    const config = await loadConfig();
    const plist = readFileSync(join(root, config.mac?.entitlements as string), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(config.mac?.hardenedRuntime).toBe(true);
  });
});
