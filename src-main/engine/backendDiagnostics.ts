import * as tf from '@tensorflow/tfjs';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import {
  autoBackendOrder,
  isNode,
  probeNativePackages,
  selectedBackend,
  wasmDirectory,
  type BackendName,
} from './backend';
import { describeWebGpuAdapter, formatAdapter } from './webgpuAdapter';

/**
 * One training backend as this process sees it: whether it can be used, whether it is the one
 * used, and why — so a user whose GPU is not used reads the reason in one place (`doctor`,
 * Help → Diagnostics) instead of guessing.
 */
export interface BackendDiagnostic {
  /** What the user installs or knows it by: "tfjs-node-gpu", "tfjs-node", "webgpu", "wasm", "cpu". */
  readonly name: string;
  /** The tfjs backend it registers ('tensorflow' for both native packages). */
  readonly backend: BackendName;
  readonly available: boolean;
  /** True for the one backend runs with backend "auto" train on in this runtime. */
  readonly used: boolean;
  readonly reason: string;
  readonly version: string | null;
}

type Entry = Omit<BackendDiagnostic, 'used'>;

async function nativeEntries(): Promise<Entry[]> {
  const probes = await probeNativePackages();
  return probes.map((probe) => ({
    name: probe.pkg.slice('@tensorflow/'.length),
    backend: 'tensorflow',
    available: probe.loaded,
    reason: probe.reason,
    version: probe.version,
  }));
}

/** The adapter Dawn offers this process, or why there is none (loads Dawn once). */
async function webGpuEntry(): Promise<Entry> {
  const version = 'tfjs-backend-webgpu (Dawn)';
  if (!isNode()) {
    return {
      name: 'webgpu',
      backend: 'webgpu',
      available: false,
      reason: 'WebGPU is used only in the Node trainer process',
      version,
    };
  }
  const report = await describeWebGpuAdapter();
  if (!report.available) {
    return { name: 'webgpu', backend: 'webgpu', available: false, reason: report.reason, version };
  }
  return {
    name: 'webgpu',
    backend: 'webgpu',
    available: true,
    reason: report.adapter.software
      ? `${formatAdapter(report.adapter)}: a software adapter, used only when a run asks for backend=webgpu`
      : formatAdapter(report.adapter),
    version,
  };
}

function wasmEntry(): Entry {
  const registered = tf.findBackendFactory('wasm') != null;
  const dir = isNode() ? wasmDirectory() : 'served with the page';
  const available = registered && dir !== null;
  return {
    name: 'wasm',
    backend: 'wasm',
    available,
    reason: !registered
      ? 'tfjs-backend-wasm did not register a backend'
      : dir === null
        ? "tfjs-backend-wasm's .wasm binaries were not found next to the package"
        : `WebAssembly binaries in ${dir}`,
    version: `tfjs-backend-wasm ${version_wasm}`,
  };
}

function cpuEntry(): Entry {
  const registered = tf.findBackendFactory('cpu') != null;
  return {
    name: 'cpu',
    backend: 'cpu',
    available: registered,
    reason: registered ? 'plain JavaScript (always there, slowest)' : 'not registered',
    version: `tfjs-backend-cpu ${tf.version['tfjs-backend-cpu']}`,
  };
}

/**
 * Try every backend the way `selectBackend('auto')` would (importing the native packages once,
 * initializing nothing else) and report each. "used" is the backend this process already
 * trains on, or else the first available one in the 'auto' order.
 */
export async function diagnoseBackends(): Promise<BackendDiagnostic[]> {
  const entries = [...(await nativeEntries()), await webGpuEntry(), wasmEntry(), cpuEntry()];
  const selected = selectedBackend();
  const usedBackend: BackendName | undefined = selected?.name ?? (await autoBackendOrder())[0];
  let usedMarked = false;
  return entries.map((entry) => {
    // Both native packages register 'tensorflow'; only the one that loaded is the one used.
    const used = !usedMarked && entry.available && entry.backend === usedBackend;
    if (used) usedMarked = true;
    const why =
      selected !== null
        ? `this process already trains on ${selected.version}`
        : `${usedBackend} comes first in the 'auto' order`;
    const reason =
      used || !entry.available || usedBackend === undefined
        ? entry.reason
        : `${entry.reason}; not used: ${why}`;
    return { ...entry, used, reason };
  });
}
