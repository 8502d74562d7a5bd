import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import workerThreads from 'node:worker_threads';

/**
 * tfjs-backend-wasm's multi-threaded build (Emscripten pthreads on worker threads; XNNPACK's
 * thread pool) under Node, where tfjs never selects it:
 * - the WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired to false in Node (tfjs issue 3830);
 * - its loader hands Emscripten a blob: URL for the pthread worker script and the main script
 *   as a Blob, neither of which Node's worker_threads can load: we write the worker script to a
 *   temporary file whose prelude points the worker at the main script on disk;
 * - the wasm caps its pool at os.cpus().length / 2 (it assumes two hyperthreads per core), so a
 *   2-core machine always gets 1 thread: while the module starts, os.cpus() reports enough
 *   entries for the requested count;
 * - the pool's threads are referenced worker threads that never end, so Node would never exit:
 *   the workers created while the module starts are unreferenced afterwards (they end with the
 *   process).
 * Each patch is undone as soon as the backend has started. The count comes from the environment
 * variable COHERENCE_LAB_WASM_THREADS (default 1); wasmThreadsRunning() says how many it got.
 */

const require = createRequire(import.meta.url);

const THREADS_VARIABLE = 'COHERENCE_LAB_WASM_THREADS';

function threadsFromEnvironment(): number {
  const value = process.env[THREADS_VARIABLE];
  if (value === undefined || value === '') return 1;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`${THREADS_VARIABLE} must be a positive integer, got "${value}"`);
  return threads;
}

// Read once at start-up; a trainer process inherits the choice of its launcher.
const requested = threadsFromEnvironment();

/** Threads the initialized wasm backend runs (1 before it starts or without threads). */
export function wasmThreadsRunning(): number {
  try {
    return Math.max(1, getThreadsCount());
  } catch {
    return 1; // the wasm backend has not started
  }
}

function writeWorkerScript(packageDir: string): string {
  const mainScript = path.join(packageDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(
    path.join(packageDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as { wasmWorkerContents: string };
  const file = path.join(os.tmpdir(), `coherence-lab-tfjs-wasm-worker-${process.pid}.cjs`);
  // The worker turns the main-script Blob it is sent into a URL and reads that file: point the
  // URL at the script on disk instead. (tfjs escapes newlines the same way for its blob.)
  const prelude = `URL.createObjectURL = () => ${JSON.stringify(mainScript)};\nURL.revokeObjectURL = () => {};\n`;
  writeFileSync(file, prelude + wasmWorkerContents.replace(/\n/g, '\\n'));
  return file;
}

/**
 * Run `start` (which initializes the wasm backend) with the patches above when more than one
 * thread is requested; otherwise just run it.
 */
export async function startWasmWithThreads<T>(start: () => Promise<T>): Promise<T> {
  if (requested <= 1) return start();
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const workerFile = writeWorkerScript(packageDir);
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  const NodeWorker = workerThreads.Worker;
  const poolWorkers: InstanceType<typeof NodeWorker>[] = [];
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(requested);
  URL.createObjectURL = (obj: Blob): string =>
    obj.type === 'application/javascript' ? workerFile : createObjectURL(obj);
  (os as { cpus: typeof os.cpus }).cpus = () => {
    const real = cpus();
    return Array.from(
      { length: Math.max(real.length, 2 * requested) },
      (_, i) => real[i % real.length],
    );
  };
  // Emscripten reads require('worker_threads').Worker when its module starts.
  (workerThreads as { Worker: typeof NodeWorker }).Worker = class PoolWorker extends NodeWorker {
    constructor(...args: ConstructorParameters<typeof NodeWorker>) {
      super(...args);
      poolWorkers.push(this);
    }
  };
  try {
    const result = await start();
    for (const worker of poolWorkers) worker.unref();
    return result;
  } finally {
    (workerThreads as { Worker: typeof NodeWorker }).Worker = NodeWorker;
    URL.createObjectURL = createObjectURL;
    (os as { cpus: typeof os.cpus }).cpus = cpus;
    // Every pooled worker has loaded it by the time the module is ready.
    rmSync(workerFile, { force: true });
  }
}
