import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerWasmConvFilterGradient } from './model/wasmConvFilterGradient';
import type { BackendRequest } from './train/runConfig';
import type { BackendInfo } from './train/engineRecords';
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

/** Import tfjs-node(-gpu) once; it registers a backend named 'tensorflow' with the shared tfjs-core. */
function probeNative(): Promise<NativeProbe | null> {
  nativeProbe ??= (async (): Promise<NativeProbe | null> => {
    for (const pkg of NATIVE_PACKAGES) {
      if (!nativeBindingInstalled(pkg)) continue;
      try {
        // A variable specifier keeps bundlers and tsc from requiring the optional package.
        const specifier: string = pkg;
        await import(specifier);
        if (tf.findBackendFactory('tensorflow') == null) continue;
        const version = (require(`${pkg}/package.json`) as { version: string }).version;
        const gpu = pkg.endsWith('-gpu');
        return {
          info: {
            name: 'tensorflow',
            version: `${pkg.slice('@tensorflow/'.length)} ${version}${gpu ? ' (GPU)' : ''}`,
          },
          gpu,
        };
      } catch {
        // Not installed, or its native binary failed to load: try the next one.
      }
    }
    return null;
  })();
  return nativeProbe;
}

/** Directory of the .wasm binaries as a file path with a trailing slash, or null when missing. */
function wasmDirectory(): string | null {
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

function isNode(): boolean {
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
    case 'wasm':
      return { name, version: `tfjs-backend-wasm ${version_wasm}` };
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
    registerWasmConvFilterGradient();
  }
  try {
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
