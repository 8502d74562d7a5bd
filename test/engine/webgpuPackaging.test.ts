import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAWN_BUILDS, dawnBuildFor, dawnPackagingFor } from '../../src-main/engine/webgpuPackaging';

const packageRoot = dirname(createRequire(import.meta.url).resolve('webgpu/package.json'));
const targets: Array<[string, string]> = [
  ['linux', 'x64'],
  ['linux', 'arm64'],
  ['darwin', 'x64'],
  ['darwin', 'arm64'],
  ['win32', 'x64'],
  ['win32', 'arm64'],
];

describe('Dawn files per packaged platform', () => {
  it('lists, for every target, files that exist in the installed webgpu package', () => {
    for (const [platform, arch] of targets) {
      const { files } = dawnPackagingFor(platform, arch);
      expect(files.some((f) => f.endsWith('/dawn.node'))).toBe(true);
      for (const file of files) expect(existsSync(join(packageRoot, file)), file).toBe(true);
    }
  });

  it('covers every build the package ships, and each target keeps only its own', () => {
    expect(readdirSync(join(packageRoot, 'dist')).sort()).toEqual([...DAWN_BUILDS].sort());
    for (const build of DAWN_BUILDS) {
      const shipped = readdirSync(join(packageRoot, 'dist', build)).map(
        (f) => `dist/${build}/${f}`,
      );
      const [platform, arch] =
        build === 'darwin-universal' ? ['darwin', 'arm64'] : build.split('-');
      const packaging = dawnPackagingFor(platform, arch);
      expect(packaging.files.filter((f) => f.startsWith('dist/')).sort()).toEqual(shipped.sort());
      expect(packaging.exclude).toHaveLength(DAWN_BUILDS.length - 1);
      expect(packaging.exclude.some((p) => p.includes(`/${build}/`))).toBe(false);
      expect(packaging.asarUnpack).toBe(`node_modules/webgpu/dist/${build}/**/*`);
    }
  });

  it('maps both Mac architectures to the universal build and refuses unknown targets', () => {
    expect(dawnBuildFor('darwin', 'x64')).toBe('darwin-universal');
    expect(dawnBuildFor('darwin', 'arm64')).toBe('darwin-universal');
    // The folder webgpu's own index.js loads in this process.
    expect(dawnBuildFor(process.platform, process.arch)).toBe(
      process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`,
    );
    expect(() => dawnBuildFor('linux', 'ia32')).toThrow(
      'the webgpu package has no Dawn build for linux-ia32; it has darwin-universal, linux-x64, linux-arm64, win32-x64, win32-arm64',
    );
    expect(() => dawnBuildFor('freebsd', 'x64')).toThrow(/no Dawn build for freebsd-x64/);
  });
});
