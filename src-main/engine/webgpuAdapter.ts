/**
 * The GPU adapter that WebGPU (Dawn, through the `webgpu` npm package) offers this process.
 * Dawn loads the platform's native API (Vulkan on Linux, Metal on macOS, D3D12 on Windows) and
 * lists what the installed drivers expose. Loading Dawn is deferred until a backend is chosen or
 * diagnostics ask, so processes that never train pay nothing for it.
 */

import type { WebGpuAdapterInfo } from './records/engineRecords';
import { vulkanDriverManifests } from './vulkanDrivers';

export type { WebGpuAdapterInfo };

export type WebGpuAdapterReport =
  | { readonly available: true; readonly adapter: WebGpuAdapterInfo }
  | { readonly available: false; readonly reason: string };

/** What the engine needs from Dawn: the GPU entry point and the constants tfjs expects globally. */
interface DawnModule {
  create(flags: string[]): GPU;
  globals: object;
}

/**
 * GPUAdapter.info as Dawn reports it. Spelled out here because the ambient @webgpu/types that
 * tfjs-core pulls in predates `info` (and `isFallbackAdapter` moved into it later still).
 */
export interface DawnAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter?: boolean;
}

export interface WebGpuAdapterHandle {
  readonly gpu: GPU;
  /** Dawn's GPUBufferUsage, GPUMapMode, … (a browser's globals), for tfjs to install. */
  readonly globals: object;
  readonly adapter: GPUAdapter & { readonly info: DawnAdapterInfo };
  readonly info: WebGpuAdapterInfo;
}

/** Names of CPU drivers, in vendor/architecture/description (lower case). */
const SOFTWARE_DRIVER_NAMES = ['swiftshader', 'llvmpipe', 'lavapipe', 'microsoft basic render'];

/**
 * Whether an adapter is a CPU implementation. `isFallbackAdapter` is the standard signal, but
 * older Dawn builds do not report it and some software Vulkan drivers present themselves as an
 * ordinary device, so the known driver names are checked too.
 */
export function isSoftwareAdapter(info: DawnAdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  const text = [info.vendor, info.architecture, info.description, info.device]
    .join(' ')
    .toLowerCase();
  return SOFTWARE_DRIVER_NAMES.some((name) => text.includes(name));
}

/** One line for run records and listings: "google swiftshader — SwiftShader driver 5.0.0 (software)". */
export function formatAdapter(info: WebGpuAdapterInfo): string {
  // Driver strings are free text; bound them so a run record stays a one-liner.
  const bound = (text: string, max: number): string =>
    text.length > max ? `${text.slice(0, max - 1)}…` : text;
  const family =
    [info.vendor, info.architecture]
      .filter((s) => s !== '')
      .map((s) => bound(s, 32))
      .join(' ') || 'unknown';
  const description = bound(info.description, 80);
  return `${family}${description ? ` — ${description}` : ''}${info.software ? ' (software)' : ''}`;
}

let probe: Promise<{ handle: WebGpuAdapterHandle } | { reason: string }> | null = null;

function noAdapterReason(): string {
  if (process.platform === 'darwin')
    return 'Dawn found no Metal adapter (WebGPU needs a Metal-capable Mac)';
  if (process.platform === 'win32')
    return 'Dawn found no Direct3D 12 adapter (WebGPU needs Windows 10 or later with the GPU vendor’s driver)';
  return 'Dawn found no usable Vulkan adapter: install the GPU vendor’s Vulkan driver (Mesa RADV/ANV for AMD/Intel, the NVIDIA driver for NVIDIA); drivers too old for Dawn are skipped';
}

async function loadDawn(): Promise<DawnModule> {
  // A variable specifier keeps bundlers from inlining the package (its index.js locates the
  // per-platform dawn.node beside itself).
  const specifier: string = 'webgpu';
  return (await import(specifier)) as DawnModule;
}

/**
 * Linux: whether the Vulkan loader that Dawn dlopens (libvulkan.so.1, same search path) exists.
 * Without it Dawn can only print a warning to stderr and find nothing; checking first keeps
 * that noise out of every auto-backend run on machines without a GPU driver stack. dlopen of a
 * library that is not a Node addon fails *after* loading it, with a different message.
 */
function vulkanLoaderMissing(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    process.dlopen({ exports: {} }, 'libvulkan.so.1');
    return false;
  } catch (error) {
    return error instanceof Error && error.message.includes('cannot open shared object file');
  }
}

async function findAdapter(): Promise<{ handle: WebGpuAdapterHandle } | { reason: string }> {
  if (vulkanLoaderMissing()) {
    return {
      reason:
        'no Vulkan loader (libvulkan.so.1) is installed: install the GPU vendor’s Vulkan driver (e.g. Debian/Ubuntu: libvulkan1 with mesa-vulkan-drivers or the NVIDIA driver)',
    };
  }
  if (process.platform === 'linux' && vulkanDriverManifests().length === 0) {
    return {
      reason:
        'no Vulkan driver is installed (the Vulkan loader found no driver manifest in vulkan/icd.d): install the GPU vendor’s Vulkan driver (Mesa RADV/ANV for AMD/Intel, the NVIDIA driver for NVIDIA)',
    };
  }
  let dawn: DawnModule;
  try {
    dawn = await loadDawn();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      reason: `the webgpu package (Dawn) could not be loaded for ${process.platform}-${process.arch}: ${message}`,
    };
  }
  const gpu = dawn.create([]);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { reason: `requesting a GPU adapter failed: ${String(error)}` };
  }
  if (adapter === null) return { reason: noAdapterReason() };
  const raw = (adapter as WebGpuAdapterHandle['adapter']).info;
  const info: WebGpuAdapterInfo = {
    vendor: raw.vendor,
    architecture: raw.architecture,
    description: raw.description || raw.device || '',
    software: isSoftwareAdapter(raw),
  };
  return {
    handle: {
      gpu,
      globals: dawn.globals,
      adapter: adapter as WebGpuAdapterHandle['adapter'],
      info,
    },
  };
}

/** The process's adapter (requested once), or why there is none. */
export async function webGpuAdapter(): Promise<
  { handle: WebGpuAdapterHandle } | { reason: string }
> {
  probe ??= findAdapter();
  return probe;
}

/**
 * For diagnostics (`doctor`): the adapter WebGPU would use in this process's environment, or
 * why none was found. Loads Dawn into the calling process once (tens to hundreds of ms; not
 * on Linux without a Vulkan loader) and requests the adapter; no device or tfjs backend is made.
 */
export async function describeWebGpuAdapter(): Promise<WebGpuAdapterReport> {
  const found = await webGpuAdapter();
  return 'handle' in found
    ? { available: true, adapter: found.handle.info }
    : { available: false, reason: found.reason };
}
