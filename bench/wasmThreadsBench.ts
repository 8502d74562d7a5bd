/**
 * Does one run get faster with more wasm threads? Runs gradientStepBench again in a child
 * process started with COHERENCE_LAB_WASM_THREADS=N (tfjs's multi-threaded wasm build, see
 * src-main/engine/wasmThreads.ts) and divides our single-threaded tracked steps by its.
 * Run standalone: `npx tsx bench/wasmThreadsBench.ts [N]` (measures one thread first).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { benchGradientSteps, type GradientStepBenchResult } from './gradientStepBench';

const run = promisify(execFile);
const BENCH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gradientStepBench.ts');

export type WasmThreadsResult =
  | {
      readonly threads: number;
      readonly backend: string;
      readonly trackedMs: { readonly mlp: number; readonly cnn: number; readonly mlpWide: number };
      /** Single-threaded tracked step ÷ the N-thread one (> 1: threads help). */
      readonly speedup: { readonly mlp: number; readonly cnn: number; readonly mlpWide: number };
    }
  | { readonly skipped: string };

export async function benchWasmThreads(
  single: GradientStepBenchResult,
  threads = 2,
): Promise<WasmThreadsResult> {
  if (!single.backend.startsWith('tfjs-backend-wasm'))
    return { skipped: `the step bench ran on ${single.backend}, not wasm` };
  if (os.cpus().length < threads)
    return { skipped: `${os.cpus().length} core(s) for ${threads} threads` };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', BENCH, 'wasm'], {
    env: { ...process.env, COHERENCE_LAB_WASM_THREADS: String(threads) },
    timeout: 30 * 60_000,
    maxBuffer: 1 << 20,
  });
  const threaded = JSON.parse(stdout) as GradientStepBenchResult;
  const ratio = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;
  return {
    threads,
    backend: threaded.backend,
    trackedMs: {
      mlp: threaded.mlp.trackedMs,
      cnn: threaded.cnn.trackedMs,
      mlpWide: threaded.mlpWide.trackedMs,
    },
    speedup: {
      mlp: ratio(single.mlp.trackedMs, threaded.mlp.trackedMs),
      cnn: ratio(single.cnn.trackedMs, threaded.cnn.trackedMs),
      mlpWide: ratio(single.mlpWide.trackedMs, threaded.mlpWide.trackedMs),
    },
  };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  const single = await benchGradientSteps({ backend: 'wasm' });
  const threads = Number(process.argv[2] ?? 2);
  console.log(
    JSON.stringify({ single, threads: await benchWasmThreads(single, threads) }, null, 2),
  );
}
