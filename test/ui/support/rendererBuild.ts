import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const rendererOutDir = join(repoRoot, 'out', 'renderer');

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Build only the renderer (what the browser mode serves) when out/renderer is missing or older
 * than its sources: the same settings as the renderer section of electron.vite.config.ts,
 * without the main and preload bundles the UI tests do not need.
 */
export async function ensureRendererBuilt(): Promise<string> {
  // Test files run in parallel workers: one builds while the others wait for its lock.
  const lock = join(repoRoot, 'out', '.renderer-build.lock');
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await buildIfStale();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function buildIfStale(): Promise<string> {
  const index = join(rendererOutDir, 'index.html');
  const sources = Math.max(
    newestMtime(join(repoRoot, 'src-renderer')),
    newestMtime(join(repoRoot, 'src-main', 'api', 'contract.ts')),
    // The contract's shared names (schemas of sweeps, Slurm options…) are bundled too.
    newestMtime(join(repoRoot, 'src-main', 'shared')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return rendererOutDir;
  await build({
    configFile: false,
    logLevel: 'error',
    root: join(repoRoot, 'src-renderer'),
    base: './',
    plugins: [vue()],
    resolve: { alias: { '@renderer': join(repoRoot, 'src-renderer', 'src') } },
    build: {
      outDir: rendererOutDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      rollupOptions: { input: { index: join(repoRoot, 'src-renderer', 'index.html') } },
    },
  });
  return rendererOutDir;
}
