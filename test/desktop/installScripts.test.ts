import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * npm 11 runs a dependency's install scripts only when package.json "allowScripts" approves
 * them (.npmrc's strict-allow-scripts turns an unreviewed one into an install error). The
 * approvals must cover every package with install scripts in the lockfile and approve exactly
 * those the project needs. That `npm ci` on a clean clone then builds the native module is
 * checked by .ci/run right after its `npm ci` (it loads better-sqlite3 and opens a database).
 */
const root = resolve('.');
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(`${root}/package-lock.json`, 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; optional?: boolean }>;
};

/** Package names (not paths) the lockfile marks as having install scripts. */
function packagesWithInstallScripts(): Set<string> {
  return new Set(
    Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  );
}

/** Why each approved script is needed. Anything else with a script is denied. */
const NEEDED = {
  // Compiles (or downloads) the SQLite addon every project file is opened with.
  'better-sqlite3': 'native SQLite addon',
  // Optional native TensorFlow: their scripts download libtensorflow and the binding; without
  // them the packages install inert and training falls back to wasm (doctor says so).
  '@tensorflow/tfjs-node': 'optional native CPU backend',
  '@tensorflow/tfjs-node-gpu': 'optional native GPU backend',
  // Dawn's bindings: on macOS its postinstall removes the download quarantine from dawn.node,
  // without which the WebGPU backend cannot load there (a no-op elsewhere).
  webgpu: 'WebGPU backend (Dawn) on macOS',
};

describe('install-script approvals (npm 11 allowScripts)', () => {
  it('cover exactly the packages with install scripts in the lockfile', () => {
    const withScripts = packagesWithInstallScripts();
    expect([...withScripts].sort()).toEqual(Object.keys(pkg.allowScripts).sort());
  });

  it('approve only what the project needs and deny the rest', () => {
    const approved = Object.entries(pkg.allowScripts)
      .filter(([, allowed]) => allowed === true)
      .map(([name]) => name);
    expect(approved.sort()).toEqual(Object.keys(NEEDED).sort());
    // Denied: esbuild's postinstall only re-checks (or re-downloads) the binary that its
    // platform package already installed; core-js and es5-ext print messages;
    // electron-winstaller prepares 7-Zip for Squirrel.Windows, which we do not build.
    const denied = Object.entries(pkg.allowScripts)
      .filter(([, allowed]) => allowed === false)
      .map(([name]) => name);
    expect(denied.sort()).toEqual(['core-js', 'electron-winstaller', 'es5-ext', 'esbuild']);
  });

  it('make unreviewed install scripts an install error', () => {
    const npmrc = readFileSync(`${root}/.npmrc`, 'utf8');
    expect(npmrc).toMatch(/^strict-allow-scripts=true$/m);
  });

  it("leave nothing pending by npm's own account", () => {
    const out = execFileSync('npm', ['install-scripts', 'ls'], { cwd: root, encoding: 'utf8' });
    expect(out.trim()).toBe('No packages with unreviewed install scripts.');
  });
});
