/**
 * Which files of the `webgpu` npm package (Dawn) a packaged app needs. The package carries a
 * prebuilt dawn.node for every platform (~130 MB in all) in dist/<platform>-<arch>/, and its
 * index.js loads the one for the running process (macOS has one universal build). A desktop
 * build for one platform ships only its own folder. Mirrors webgpu@0.6's layout; the test checks
 * it against the installed package.
 */

export const DAWN_BUILDS = [
  'darwin-universal',
  'linux-x64',
  'linux-arm64',
  'win32-x64',
  'win32-arm64',
] as const;
export type DawnBuild = (typeof DAWN_BUILDS)[number];

/** Windows builds load these beside dawn.node (Direct3D shader compilers) and ship their licences. */
const WINDOWS_EXTRAS = [
  'd3dcompiler_47.dll',
  'dxcompiler.dll',
  'dxcompiler-LICENSE.TXT',
  'dxcompiler-ThirdPartyNotices.txt',
];

const PACKAGE_DIR = 'node_modules/webgpu';

export interface DawnPackaging {
  readonly build: DawnBuild;
  /** Files of the webgpu package the app loads, relative to the package root. */
  readonly files: readonly string[];
  /**
   * electron-builder `files` patterns (relative to the app root) that leave out every other
   * platform's build.
   */
  readonly exclude: readonly string[];
  /** electron-builder `asarUnpack` pattern: dawn.node and its DLLs must be real files to load. */
  readonly asarUnpack: string;
}

/** The Dawn build for a target as Node names it (process.platform, process.arch). */
export function dawnBuildFor(platform: string, arch: string): DawnBuild {
  const build = platform === 'darwin' ? 'darwin-universal' : `${platform}-${arch}`;
  const known = DAWN_BUILDS.find((b) => b === build);
  if (known === undefined) {
    throw new Error(
      `the webgpu package has no Dawn build for ${platform}-${arch}; it has ${DAWN_BUILDS.join(', ')}`,
    );
  }
  return known;
}

/** What to ship of the webgpu package for one target (platform and arch as Node names them). */
export function dawnPackagingFor(platform: string, arch: string): DawnPackaging {
  const build = dawnBuildFor(platform, arch);
  const binaries = ['dawn.node', ...(build.startsWith('win32-') ? WINDOWS_EXTRAS : [])];
  return {
    build,
    files: ['package.json', 'index.js', 'LICENSE.md', ...binaries.map((f) => `dist/${build}/${f}`)],
    exclude: DAWN_BUILDS.filter((b) => b !== build).map((b) => `!${PACKAGE_DIR}/dist/${b}/**/*`),
    asarUnpack: `${PACKAGE_DIR}/dist/${build}/**/*`,
  };
}
