import * as tf from '@tensorflow/tfjs';
import type * as TfjsWebGpu from '@tensorflow/tfjs-backend-webgpu';
import { webGpuAdapter, type WebGpuAdapterInfo } from './webgpuAdapter';

/**
 * Registers tfjs's WebGPU backend on the adapter Dawn found. tfjs-backend-webgpu registers
 * itself only where `navigator.gpu` exists (a browser); in Node we register it by hand so the
 * device is made on exactly the adapter we report, and with a priority below wasm and cpu so
 * tfjs never falls onto it unasked.
 */

/** Node ≥ 21 (and Electron) define a navigator without gpu; Node 20 defines none. */
function exposeNavigatorGpu(gpu: GPU): void {
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', {
      value: {},
      configurable: true,
      writable: true,
    });
  }
  const navigator = holder.navigator as { gpu?: GPU };
  if (navigator.gpu === undefined) {
    Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  }
}

let registration: Promise<{ info: WebGpuAdapterInfo } | { reason: string }> | null = null;

async function register(): Promise<{ info: WebGpuAdapterInfo } | { reason: string }> {
  const found = await webGpuAdapter();
  if (!('handle' in found)) return found;
  const { gpu, adapter, info } = found.handle;
  let backendModule: typeof TfjsWebGpu;
  try {
    // Importing registers the WebGPU kernels with the shared tfjs-core.
    backendModule = await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return { reason: `@tensorflow/tfjs-backend-webgpu could not be loaded: ${String(error)}` };
  }
  // WebGPUBackend refuses to start without navigator.gpu. Set only now, after the import, so
  // the package's own registration (browser defaults, top priority) has not happened.
  exposeNavigatorGpu(gpu);
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
