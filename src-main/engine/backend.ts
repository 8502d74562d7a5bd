import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerWasmKernels } from './model/wasmKernels';
import { startWasmWithThreads, wasmThreadsRunning } from './wasmThreads';
import type { BackendRequest } from './config/configSchemas';
import type { BackendInfo } from './records/engineRecords';

/**
 * The tfjs backend is chosen once per process, before any tensor exists (tensors do not move
 * cheaply between backends). 'auto' prefers native TensorFlow (tfjs-node-gpu, then tfjs-node:
 * optional dependencies that may be absent), then WebAssembly, then plain JavaScript.
 */

export type BackendName = BackendInfo['name'];

/** The order 'auto' tries backends in. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

const require = createRequire(import.meta.url);

let nativeProbe: Promise<BackendInfo | null> | null = null;
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
function probeNative(): Promise<BackendInfo | null> {
  nativeProbe ??= (async (): Promise<BackendInfo | null> => {
    const outcomes: NativePackageProbe[] = [];
    let found: BackendInfo | null = null;
    for (const pkg of NATIVE_PACKAGES) {
      const version = installedVersion(pkg);
      const record = (loaded: boolean, reason: string): void => {
        outcomes.push({ pkg, version, loaded, reason });
      };
      if (found !== null) {
        record(false, `not tried: ${found.version} loaded first`);
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
          name: 'tensorflow',
          version: `${pkg.slice('@tensorflow/'.length)} ${version}${gpu ? ' (GPU)' : ''}`,
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

/** Backends this process can use, best first (no backend is initialized by asking). */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  if ((await probeNative()) !== null) out.push('tensorflow');
  if (tf.findBackendFactory('wasm') != null && (!isNode() || wasmDirectory() !== null))
    out.push('wasm');
  if (tf.findBackendFactory('cpu') != null) out.push('cpu');
  return out;
}

function infoFor(name: BackendName, native: BackendInfo | null): BackendInfo {
  if (name === 'tensorflow' && native) return native;
  if (name === 'wasm') {
    const threads = wasmThreadsRunning();
    const suffix = threads > 1 ? ` (${threads} threads)` : '';
    return { name, version: `tfjs-backend-wasm ${version_wasm}${suffix}` };
  }
  return { name: 'cpu', version: `tfjs-backend-cpu ${tf.version['tfjs-backend-cpu']}` };
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

async function select(request: BackendRequest): Promise<BackendInfo> {
  if (current !== null && (request === 'auto' || request === current.name)) return current;
  const available = await availableBackends();
  const native = await probeNative();
  if (request !== 'auto') {
    if (!available.includes(request) || !(await activate(request))) {
      const hint =
        request === 'tensorflow'
          ? ' (install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu)'
          : '';
      const others = available.filter((b) => b !== request);
      throw new Error(
        `backend "${request}" is not available here${hint}; available: ${others.join(', ') || 'none'}`,
      );
    }
    current = infoFor(request, native);
    return current;
  }
  for (const name of BACKEND_PREFERENCE) {
    if (available.includes(name) && (await activate(name))) {
      current = infoFor(name, native);
      return current;
    }
  }
  throw new Error('no tfjs backend could be initialized (tried tensorflow, wasm, cpu)');
}

/** The backend this process selected, or null before the first selection. */
export function selectedBackend(): BackendInfo | null {
  return current;
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
