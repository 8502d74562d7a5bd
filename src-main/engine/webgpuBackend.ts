import * as tf from '@tensorflow/tfjs';
import type * as TfjsWebGpu from '@tensorflow/tfjs-backend-webgpu';
import { webGpuAdapter, type WebGpuAdapterInfo } from './webgpuAdapter';

/**
 * Registers tfjs's WebGPU backend on the adapter Dawn found. tfjs-backend-webgpu registers
 * itself only where `navigator.gpu` exists (a browser); in Node we register it by hand so the
 * device is made on exactly the adapter we report, and with a priority below wasm and cpu so
 * tfjs never falls onto it unasked.
 */

/**
 * Node 20 has no navigator; Node ≥ 21 (and Electron's utility process) has one without gpu.
 * Add gpu to the existing object; should that object refuse it, replace navigator with a plain
 * one that has gpu (the global is configurable in every Node version).
 */
function exposeNavigatorGpu(gpu: GPU): void {
  const holder = globalThis as { navigator?: { gpu?: GPU } };
  if (holder.navigator?.gpu !== undefined) return;
  if (holder.navigator !== undefined) {
    try {
      Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
    } catch {
      // Not extensible: replaced below.
    }
  }
  if (holder.navigator?.gpu === undefined) {
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu },
      configurable: true,
      writable: true,
    });
  }
}

let registration: Promise<{ info: WebGpuAdapterInfo } | { reason: string }> | null = null;

async function register(): Promise<{ info: WebGpuAdapterInfo } | { reason: string }> {
  const found = await webGpuAdapter();
  if (!('handle' in found)) return found;
  const { gpu, globals, adapter, info } = found.handle;
  let backendModule: typeof TfjsWebGpu;
  try {
    // Importing registers the WebGPU kernels with the shared tfjs-core.
    backendModule = await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return { reason: `@tensorflow/tfjs-backend-webgpu could not be loaded: ${String(error)}` };
  }
  // WebGPUBackend refuses to start without navigator.gpu. Set only now, after the import, so
  // the package's own registration (browser defaults, top priority) has not happened. Its
  // kernels read GPUBufferUsage, GPUMapMode, … as globals, as in a browser.
  exposeNavigatorGpu(gpu);
  for (const [name, value] of Object.entries(globals)) {
    if (!(name in globalThis)) Object.assign(globalThis, { [name]: value });
  }
  if (tf.findBackendFactory('webgpu') == null) {
    tf.registerBackend(
      'webgpu',
      async () => {
        // The limits tfjs asks for in a browser: the adapter's own, since the defaults are
        // far below what matMul on real layer sizes needs.
        const limits = adapter.limits;
        const device = await adapter.requestDevice({
          requiredLimits: {
            maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
            maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
            maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
            maxBufferSize: limits.maxBufferSize,
            maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
            maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
          },
        });
        // tfjs reads vendor and architecture only (to tune Intel workgroups); its parameter is
        // the branded ambient GPUAdapterInfo, which no plain object satisfies.
        return new backendModule.WebGPUBackend(device, adapter.info as unknown as GPUAdapterInfo);
      },
      0,
    );
  }
  return { info };
}

/** Make the 'webgpu' backend registrable; the adapter it will run on, or why it cannot. */
export function registerWebGpuBackend(): Promise<{ info: WebGpuAdapterInfo } | { reason: string }> {
  registration ??= register();
  return registration;
}
