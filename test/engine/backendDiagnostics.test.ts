import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendDiagnostic } from '../../src-main/engine/backendDiagnostics';
import { diagnoseBackends } from '../../src-main/engine/backendDiagnostics';

/**
 * The backend report, probed for real. `@tensorflow/tfjs-node(-gpu)` cannot install on these
 * machines (their install scripts download libtensorflow), so two scenarios stand them in with
 * packages on NODE_PATH that behave as the real ones do when installed: one whose native
 * library fails to load (the dlopen error a machine without cuDNN gives), one installed
 * without its binding (install script skipped), one that loads and registers "tensorflow".
 */
const run = promisify(execFile);
const projectRequire = createRequire(import.meta.url);
const root = mkdtempSync(join(tmpdir(), 'clab-backends-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CUDNN_ERROR = 'libcudnn.so.8: cannot open shared object file: No such file or directory';

type FakeKind = 'dlopen-fails' | 'no-binding' | 'loads';

function fakePackage(modules: string, name: string, kind: FakeKind): void {
  const dir = join(modules, '@tensorflow', name);
  mkdirSync(join(dir, 'lib', 'napi-v8'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `@tensorflow/${name}`, version: '4.22.0', main: 'index.js' }),
  );
  if (kind !== 'no-binding') writeFileSync(join(dir, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
  const index =
    kind === 'dlopen-fails'
      ? `throw new Error(${JSON.stringify(`${CUDNN_ERROR}\n    at Module._extensions..node`)});`
      : // Registers a backend named "tensorflow" with the shared tfjs-core, as tfjs-node does.
        // (the project's own tfjs-core and cpu backend, by absolute path from outside it).
        `const tf = require(${JSON.stringify(projectRequire.resolve('@tensorflow/tfjs-core'))});
         const cpu = require(${JSON.stringify(projectRequire.resolve('@tensorflow/tfjs-backend-cpu'))});
         tf.registerBackend('tensorflow', () => new cpu.MathBackendCPU(), 3);`;
  writeFileSync(join(dir, 'index.js'), index);
}

async function diagnoseWith(
  fakes: Partial<Record<string, FakeKind>>,
): Promise<BackendDiagnostic[]> {
  const modules = mkdtempSync(join(root, 'node_modules-'));
  for (const [name, kind] of Object.entries(fakes)) fakePackage(modules, name, kind as FakeKind);
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'test/engine/support/printBackendDiagnostics.ts'],
    {
      cwd: resolve('.'),
      // NODE_PATH is searched after the project's node_modules, where neither package exists.
      env: { ...process.env, NODE_PATH: join(modules) },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as BackendDiagnostic[];
}

const byName = (report: BackendDiagnostic[]): Map<string, BackendDiagnostic> =>
  new Map(report.map((entry) => [entry.name, entry]));

describe('backend diagnostics', () => {
  it('reports each backend of this machine, in the auto order, one used', async () => {
    const report = await diagnoseBackends();
    expect(report.map((b) => b.name)).toEqual([
      'tfjs-node-gpu',
      'tfjs-node',
      'webgpu',
      'wasm',
      'cpu',
    ]);
    const entries = byName(report);
    // This machine's only WebGPU adapter is SwiftShader (software): listed, never chosen by auto;
    // without VK_ICD_FILENAMES pointing at it, the Vulkan loader finds no driver at all.
    expect(entries.get('webgpu')).toMatchObject({ backend: 'webgpu', used: false });
    expect(entries.get('webgpu')?.reason).toMatch(/software adapter|no Vulkan driver is installed/);
    expect(entries.get('tfjs-node-gpu')).toMatchObject({
      backend: 'tensorflow',
      available: false,
      used: false,
      reason: 'package not installed (optional dependency)',
      version: null,
    });
    expect(entries.get('wasm')).toMatchObject({ available: true, used: true });
    expect(entries.get('wasm')?.version).toMatch(/^tfjs-backend-wasm \d+\.\d+\.\d+$/);
    expect(entries.get('cpu')?.reason).toMatch(/not used: wasm comes first/);
    expect(report.filter((b) => b.used)).toHaveLength(1);
  });

  it('says why the GPU package was not used and falls back to the next backend', async () => {
    const entries = byName(
      await diagnoseWith({ 'tfjs-node-gpu': 'dlopen-fails', 'tfjs-node': 'no-binding' }),
    );
    expect(entries.get('tfjs-node-gpu')).toMatchObject({
      available: false,
      used: false,
      version: '4.22.0',
      reason: `failed to load: ${CUDNN_ERROR}`,
    });
    expect(entries.get('tfjs-node')).toMatchObject({ available: false, version: '4.22.0' });
    expect(entries.get('tfjs-node')?.reason).toMatch(/^native binding not installed/);
    expect(entries.get('wasm')).toMatchObject({ available: true, used: true });
  });

  it('uses tfjs-node when it loads after the GPU package failed', async () => {
    const report = await diagnoseWith({ 'tfjs-node-gpu': 'dlopen-fails', 'tfjs-node': 'loads' });
    const entries = byName(report);
    expect(entries.get('tfjs-node')).toMatchObject({
      backend: 'tensorflow',
      available: true,
      used: true,
      reason: 'loaded',
    });
    expect(entries.get('wasm')).toMatchObject({ available: true, used: false });
    expect(entries.get('wasm')?.reason).toMatch(/not used: tensorflow comes first/);
    expect(report.filter((b) => b.used).map((b) => b.name)).toEqual(['tfjs-node']);
  });
});
