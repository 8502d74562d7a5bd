/**
 * Build better-sqlite3 for Electron's ABI into `.cache/electron-native/<platform>-<arch>/`,
 * leaving node_modules/better-sqlite3 (Node's ABI, used by the CLI and the tests) untouched.
 * The package is copied to a staging folder and rebuilt there with @electron/rebuild, which
 * downloads a prebuilt binary for the Electron version when one exists and otherwise compiles
 * against Electron's headers (both need the network once; later starts reuse the build).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  ADDON_FILE,
  BUILD_INFO_FILE,
  addonBuildStatus,
  electronNativeDir,
  type AddonBuildInfo,
} from '../../src-main/electron/electronNativeSqlite';

export interface AddonRequest {
  readonly projectRoot: string;
  readonly platform: string;
  readonly arch: string;
  /** Rebuild even when the existing build matches. */
  readonly force?: boolean;
  readonly log?: (line: string) => void;
}

function packageVersion(projectRoot: string, name: string): string {
  const file = join(projectRoot, 'node_modules', name, 'package.json');
  if (!existsSync(file)) throw new Error(`${name} is not installed (run npm ci first): ${file}`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The versions a build for this checkout and target must match. */
export function wantedBuild(request: AddonRequest): AddonBuildInfo {
  return {
    electron: packageVersion(request.projectRoot, 'electron'),
    betterSqlite3: packageVersion(request.projectRoot, 'better-sqlite3'),
    platform: request.platform,
    arch: request.arch,
  };
}

/** Copy the package's sources (not its Node build) to a staging project of its own. */
function stagePackage(projectRoot: string, staging: string, version: string): string {
  rmSync(staging, { recursive: true, force: true });
  const source = join(projectRoot, 'node_modules', 'better-sqlite3');
  const target = join(staging, 'node_modules', 'better-sqlite3');
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    join(staging, 'package.json'),
    `${JSON.stringify({ name: 'electron-native-staging', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': version } }, null, 2)}\n`,
  );
  cpSync(source, target, {
    recursive: true,
    // A linked package (pnpm, npm link) is copied, never built in place through the link.
    dereference: true,
    filter: (path) => !relative(source, path).split(sep).includes('build'),
  });
  return target;
}

/** Rebuild the staged copy for Electron and move the addon (with its build info) into place. */
async function buildAddon(request: AddonRequest, wanted: AddonBuildInfo): Promise<string> {
  const dir = electronNativeDir(request.projectRoot, request);
  const staging = join(
    request.projectRoot,
    '.cache',
    'electron-native',
    'staging',
    `${request.platform}-${request.arch}`,
  );
  const staged = stagePackage(request.projectRoot, staging, wanted.betterSqlite3);
  // npm passes its own config to scripts as npm_config_*; a `nodedir` there (Debian's npm sets
  // /usr) would make node-gyp compile against Node's headers instead of Electron's.
  delete process.env.npm_config_nodedir;
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: staging,
    projectRootPath: staging,
    electronVersion: wanted.electron,
    platform: request.platform as NodeJS.Platform,
    arch: request.arch,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
  });
  const built = join(staged, 'build', 'Release', ADDON_FILE);
  if (!existsSync(built))
    throw new Error(`@electron/rebuild finished but ${built} was not produced`);
  mkdirSync(dir, { recursive: true });
  // Temp + rename: an interrupted build never leaves a half addon that looks current.
  cpSync(built, join(dir, `${ADDON_FILE}.tmp`));
  renameSync(join(dir, `${ADDON_FILE}.tmp`), join(dir, ADDON_FILE));
  writeFileSync(join(dir, `${BUILD_INFO_FILE}.tmp`), `${JSON.stringify(wanted, null, 2)}\n`);
  renameSync(join(dir, `${BUILD_INFO_FILE}.tmp`), join(dir, BUILD_INFO_FILE));
  rmSync(staging, { recursive: true, force: true });
  return join(dir, ADDON_FILE);
}

/** The addon for `request`'s target: reused when current, otherwise (re)built. Its path. */
export async function ensureElectronSqlite(request: AddonRequest): Promise<string> {
  const log = request.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const wanted = wantedBuild(request);
  const dir = electronNativeDir(request.projectRoot, request);
  const status = addonBuildStatus(dir, wanted);
  if (status.current && !request.force) return join(dir, ADDON_FILE);
  log(
    `better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} (${request.platform}-${request.arch}): ${status.current ? 'rebuild requested' : status.reason}; building into ${dir} …`,
  );
  const path = await buildAddon(request, wanted);
  log(`better-sqlite3 for Electron ready: ${path}`);
  return path;
}
