import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerWasmKernels } from './model/wasmKernels';
import { startWasmWithThreads, wasmThreadsRunning } from './wasmThreads';
import type { BackendRequest } from './config/configSchemas';
import type { BackendInfo } from './records/engineRecords';
import { formatAdapter, type WebGpuAdapterInfo } from './webgpuAdapter';
import { registerWebGpuBackend } from './webgpuBackend';

/**
 * The tfjs backend is chosen once per process, before any tensor exists (tensors do not move
 * cheaply between backends). 'auto' prefers a GPU: native TensorFlow on CUDA (tfjs-node-gpu),
 * then WebGPU on a hardware adapter; then the CPU: native TensorFlow (tfjs-node), WebAssembly,
 * plain JavaScript. The native packages are optional dependencies that may be absent. A
 * software WebGPU adapter (SwiftShader, llvmpipe, WARP) runs the GPU code path on the CPU far
 * slower than wasm, so it is used only when a config asks for backend=webgpu.
 */

export type BackendName = BackendInfo['name'];

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

const require = createRequire(import.meta.url);

interface NativeProbe {
  readonly info: BackendInfo;
  /** Loaded from tfjs-node-gpu (CUDA), not the CPU-only tfjs-node. */
  readonly gpu: boolean;
}

let nativeProbe: Promise<NativeProbe | null> | null = null;
let wasmPathsSet = false;
let current: BackendInfo | null = null;
// Serializes selections so two concurrent callers cannot both initialize.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Whether a native package's TensorFlow binding was built. Its install script downloads
 * libtensorflow; where that could not run (offline, scripts not allowed) the package is present
 * without `lib/napi-v*\/tfjs_binding.node`, and importing it would only register hundreds of
 * kernels and print warnings before failing.
 */
function nativeBindingInstalled(pkg: string): boolean {
  try {
    const lib = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'lib');
    return readdirSync(lib).some(
      (dir) => dir.startsWith('napi-v') && existsSync(path.join(lib, dir, 'tfjs_binding.node')),
    );
  } catch {
    return false;
  }
}

/** What happened when one native package was tried, for diagnostics. */
export interface NativePackageProbe {
  readonly pkg: (typeof NATIVE_PACKAGES)[number];
  /** The installed package's version; null when the package is not installed. */
  readonly version: string | null;
  readonly loaded: boolean;
  /** Why it was not loaded (or "loaded"), in words a user can act on. */
  readonly reason: string;
}

let nativeOutcomes: NativePackageProbe[] = [];

function installedVersion(pkg: string): string | null {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The first line of a load error (dlopen messages name the missing library there). */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim().slice(0, 300);
}

/** Import tfjs-node(-gpu) once; it registers a backend named 'tensorflow' with the shared tfjs-core. */
function probeNative(): Promise<NativeProbe | null> {
  nativeProbe ??= (async (): Promise<NativeProbe | null> => {
    const outcomes: NativePackageProbe[] = [];
    let found: NativeProbe | null = null;
    for (const pkg of NATIVE_PACKAGES) {
      const version = installedVersion(pkg);
      const record = (loaded: boolean, reason: string): void => {
        outcomes.push({ pkg, version, loaded, reason });
      };
      if (found !== null) {
        record(false, `not tried: ${found.info.version} loaded first`);
        continue;
      }
      if (version === null) {
        record(false, 'package not installed (optional dependency)');
        continue;
      }
      if (!nativeBindingInstalled(pkg)) {
        record(
          false,
          'native binding not installed (lib/napi-v*/tfjs_binding.node missing: its install script did not run or could not download libtensorflow)',
        );
        continue;
      }
      try {
        // Through createRequire, like the package's own CommonJS build: bundlers and tsc leave
        // the optional package alone, and a failing native load throws here with its reason.
        require(pkg);
        if (tf.findBackendFactory('tensorflow') == null) {
          record(false, 'loaded, but registered no "tensorflow" backend');
          continue;
        }
        const gpu = pkg.endsWith('-gpu');
        found = {
          info: {
            name: 'tensorflow',
            version: `${pkg.slice('@tensorflow/'.length)} ${version}${gpu ? ' (GPU)' : ''}`,
          },
          gpu,
        };
        record(true, 'loaded');
      } catch (error) {
        // Its native library failed to load (e.g. libcudnn missing): try the next one.
        record(false, `failed to load: ${firstLine(error)}`);
      }
    }
    nativeOutcomes = outcomes;
    return found;
  })();
  return nativeProbe;
}

/** Try the native packages (once per process) and say what happened to each. */
export async function probeNativePackages(): Promise<readonly NativePackageProbe[]> {
  await probeNative();
  return nativeOutcomes;
}

/** Directory of the .wasm binaries as a file path with a trailing slash, or null when missing. */
export function wasmDirectory(): string | null {
  try {
    const dir = path.join(
      path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
      'dist',
    );
    return existsSync(path.join(dir, 'tfjs-backend-wasm.wasm')) ? dir + path.sep : null;
  } catch {
    return null;
  }
}

export function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions?.node !== undefined;
}

function wasmUsable(): boolean {
  return tf.findBackendFactory('wasm') != null && (!isNode() || wasmDirectory() !== null);
}

/** The WebGPU adapter when Dawn finds one, else why not (loads Dawn on first use). */
async function probeWebGpu(): Promise<{ info: WebGpuAdapterInfo } | { reason: string }> {
  if (!isNode()) return { reason: 'WebGPU is used only in the Node trainer process' };
  return registerWebGpuBackend();
}

async function webGpuAdapterInfo(): Promise<WebGpuAdapterInfo | null> {
  const probe = await probeWebGpu();
  return 'info' in probe ? probe.info : null;
}

/** What this process found, before any backend is initialized. */
export interface BackendsFound {
  /** tfjs-node-gpu ('gpu') or tfjs-node ('cpu') loaded, or neither. */
  readonly native: 'gpu' | 'cpu' | null;
  /** The WebGPU adapter's kind, or null without one. */
  readonly webgpu: 'hardware' | 'software' | null;
  readonly wasm: boolean;
  readonly cpu: boolean;
}

/**
 * Usable backends best first: CUDA TensorFlow, a hardware WebGPU adapter, CPU TensorFlow,
 * WebAssembly, plain JavaScript, then a software WebGPU adapter — listed (a config may ask for
 * it) but last, since it is far slower than wasm.
 */
export function rankBackends(found: BackendsFound): BackendName[] {
  const out: BackendName[] = [];
  if (found.native === 'gpu') out.push('tensorflow');
  if (found.webgpu === 'hardware') out.push('webgpu');
  if (found.native === 'cpu') out.push('tensorflow');
  if (found.wasm) out.push('wasm');
  if (found.cpu) out.push('cpu');
  if (found.webgpu === 'software') out.push('webgpu');
  return out;
}

/** What 'auto' tries, in order: the ranking without a software WebGPU adapter. */
export function autoCandidates(found: BackendsFound): BackendName[] {
  const ranked = rankBackends(found);
  return found.webgpu === 'software' ? ranked.filter((b) => b !== 'webgpu') : ranked;
}

async function findBackends(): Promise<BackendsFound> {
  const native = await probeNative();
  const webgpu = await webGpuAdapterInfo();
  return {
    native: native === null ? null : native.gpu ? 'gpu' : 'cpu',
    webgpu: webgpu === null ? null : webgpu.software ? 'software' : 'hardware',
    wasm: wasmUsable(),
    cpu: tf.findBackendFactory('cpu') != null,
  };
}

/** What 'auto' would try, in order (autoCandidates). No backend is initialized. */
export async function autoBackendOrder(): Promise<BackendName[]> {
  return autoCandidates(await findBackends());
}

/** Backends this process can use, best first (rankBackends). No backend is initialized. */
export async function availableBackends(): Promise<BackendName[]> {
  return rankBackends(await findBackends());
}

async function isAvailable(name: BackendName): Promise<boolean> {
  switch (name) {
    case 'tensorflow':
      return (await probeNative()) !== null;
    case 'webgpu':
      return (await webGpuAdapterInfo()) !== null;
    case 'wasm':
      return wasmUsable();
    case 'cpu':
      return tf.findBackendFactory('cpu') != null;
  }
}

async function infoFor(name: BackendName): Promise<BackendInfo> {
  switch (name) {
    case 'tensorflow': {
      const native = await probeNative();
      if (native === null) throw new Error('tfjs-node is not loaded');
      return native.info;
    }
    case 'webgpu': {
      const adapter = await webGpuAdapterInfo();
      if (adapter === null) throw new Error('no WebGPU adapter');
      return {
        name,
        version: `tfjs-backend-webgpu ${webGpuBackendVersion()} on ${formatAdapter(adapter)}`,
        adapter,
      };
    }
    case 'wasm': {
      const threads = wasmThreadsRunning();
      const suffix = threads > 1 ? ` (${threads} threads)` : '';
      return { name, version: `tfjs-backend-wasm ${version_wasm}${suffix}` };
    }
    case 'cpu':
      return { name, version: `tfjs-backend-cpu ${tf.version['tfjs-backend-cpu']}` };
  }
}

function webGpuBackendVersion(): string {
  return (require('@tensorflow/tfjs-backend-webgpu/package.json') as { version: string }).version;
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'wasm') {
    if (isNode() && !wasmPathsSet) {
      const dir = wasmDirectory();
      if (dir === null) return false;
      setWasmPaths(dir);
      wasmPathsSet = true;
    }
    registerWasmKernels();
  }
  try {
    if (name === 'wasm' && isNode()) return await startWasmWithThreads(() => tf.setBackend(name));
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

async function unavailableHint(name: BackendName): Promise<string> {
  if (name === 'tensorflow') return ' (install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)';
  if (name === 'webgpu') {
    const probe = await probeWebGpu();
    return 'reason' in probe ? ` (${probe.reason})` : '';
  }
  return '';
}

async function select(request: BackendRequest): Promise<BackendInfo> {
  if (current !== null && (request === 'auto' || request === current.name)) return current;
  if (request !== 'auto') {
    if (!(await isAvailable(request)) || !(await activate(request))) {
      const others = (await availableBackends()).filter((b) => b !== request);
      throw new Error(
        `backend "${request}" is not available here${await unavailableHint(request)}; available: ${others.join(', ') || 'none'}`,
      );
    }
    current = await infoFor(request);
    return current;
  }
  for (const name of autoCandidates(await findBackends())) {
    if (await activate(name)) {
      current = await infoFor(name);
      return current;
    }
  }
  throw new Error('no tfjs backend could be initialized (tried tensorflow, webgpu, wasm, cpu)');
}

/**
 * Choose the backend for this process and return its name and version. Memoized: 'auto' and
 * repeated requests return the first choice; an explicit different request switches with
 * tf.setBackend when that backend is available, and throws (listing the available ones) when not.
 */
export function selectBackend(request: BackendRequest): Promise<BackendInfo> {
  const result = queue.then(() => select(request));
  queue = result.catch(() => undefined);
  return result;
}

/** The backend this process selected, or null before the first selection. */
export function selectedBackend(): BackendInfo | null {
  return current;
}
