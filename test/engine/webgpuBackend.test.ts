import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  autoCandidates,
  availableBackends,
  rankBackends,
  selectBackend,
  type BackendsFound,
} from '../../src-main/engine/backend';
import {
  describeWebGpuAdapter,
  formatAdapter,
  isSoftwareAdapter,
} from '../../src-main/engine/webgpuAdapter';
import { skipWebGpuSuites, SWIFTSHADER_ICD } from './backendsUnderTest';

const run = promisify(execFile);

describe('software adapters', () => {
  const adapter = (vendor: string, architecture: string, description: string, device = '') => ({
    vendor,
    architecture,
    description,
    device,
  });

  it('are recognized by isFallbackAdapter or by the CPU driver names', () => {
    expect(
      isSoftwareAdapter({ ...adapter('nvidia', 'ampere', 'RTX'), isFallbackAdapter: true }),
    ).toBe(true);
    // Dawn 0.6 on SwiftShader, as seen on the CI machines.
    expect(
      isSoftwareAdapter(
        adapter('google', 'swiftshader', 'SwiftShader driver 5.0.0', 'swiftshader-device-subzero-'),
      ),
    ).toBe(true);
    expect(isSoftwareAdapter(adapter('mesa', '', 'llvmpipe (LLVM 15.0.6, 256 bits)'))).toBe(true);
    expect(isSoftwareAdapter(adapter('mesa', '', 'lavapipe'))).toBe(true);
    expect(isSoftwareAdapter(adapter('microsoft', '', 'Microsoft Basic Render Driver'))).toBe(true);
    expect(isSoftwareAdapter(adapter('nvidia', 'ampere', 'NVIDIA GeForce RTX 3060'))).toBe(false);
    expect(isSoftwareAdapter(adapter('apple', 'metal-3', 'Apple M2'))).toBe(false);
    expect(
      isSoftwareAdapter(adapter('amd', 'rdna-3', 'AMD Radeon RX 7900 XTX (RADV NAVI31)')),
    ).toBe(false);
  });

  it('are labelled in the one-line adapter description runs record', () => {
    expect(
      formatAdapter({
        vendor: 'google',
        architecture: 'swiftshader',
        description: 'SwiftShader driver 5.0.0',
        software: true,
      }),
    ).toBe('google swiftshader — SwiftShader driver 5.0.0 (software)');
    const long = formatAdapter({
      vendor: 'nvidia',
      architecture: '',
      description: 'x'.repeat(200),
      software: false,
    });
    expect(long.length).toBeLessThan(100);
    expect(long.startsWith('nvidia — xxx')).toBe(true);
  });
});

describe('backend ranking', () => {
  const found = (over: Partial<BackendsFound>): BackendsFound => ({
    native: null,
    webgpu: null,
    wasm: true,
    cpu: true,
    ...over,
  });

  it('prefers CUDA TensorFlow, then a hardware WebGPU adapter, then the CPU backends', () => {
    expect(rankBackends(found({ native: 'gpu', webgpu: 'hardware' }))).toEqual([
      'tensorflow',
      'webgpu',
      'wasm',
      'cpu',
    ]);
    expect(autoCandidates(found({ native: 'cpu', webgpu: 'hardware' }))).toEqual([
      'webgpu',
      'tensorflow',
      'wasm',
      'cpu',
    ]);
    expect(autoCandidates(found({ webgpu: 'hardware' }))[0]).toBe('webgpu');
  });

  it('lists a software adapter last and never offers it to auto', () => {
    expect(rankBackends(found({ native: 'cpu', webgpu: 'software' }))).toEqual([
      'tensorflow',
      'wasm',
      'cpu',
      'webgpu',
    ]);
    expect(autoCandidates(found({ native: 'cpu', webgpu: 'software' }))).toEqual([
      'tensorflow',
      'wasm',
      'cpu',
    ]);
    expect(autoCandidates(found({ wasm: false, cpu: false, webgpu: 'software' }))).toEqual([]);
  });
});

describe.skipIf(skipWebGpuSuites)('WebGPU on SwiftShader', () => {
  it('finds the SwiftShader adapter under VK_ICD_FILENAMES and reports it as software', async () => {
    const report = await describeWebGpuAdapter();
    expect(report).toEqual({
      available: true,
      adapter: {
        vendor: 'google',
        architecture: 'swiftshader',
        description: expect.stringMatching(/^SwiftShader driver/),
        software: true,
      },
    });
  });

  it('auto skips the software adapter; an explicit request uses it and records it', async () => {
    const available = await availableBackends();
    expect(available[available.length - 1]).toBe('webgpu');
    const auto = await selectBackend('auto');
    expect(auto.name).not.toBe('webgpu');
    expect(auto.name).toBe(available[0]);
    const webgpu = await selectBackend('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(webgpu).toMatchObject({
      name: 'webgpu',
      version: expect.stringMatching(
        /^tfjs-backend-webgpu 4\.22\.0 on google swiftshader — SwiftShader driver .* \(software\)$/,
      ),
      adapter: { vendor: 'google', architecture: 'swiftshader', software: true },
    });
    // WebGPU computes in float32 only.
    expect(tf.backend().floatPrecision()).toBe(32);
    const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(await product.data())).toEqual([19, 22, 43, 50]);
    product.dispose();
  });
});

describe.skipIf(skipWebGpuSuites)('WebGPU kernels the engine relies on', () => {
  it('has its own Conv2DBackpropFilter (wasm needs ours), equal to cpu on a strided conv', async () => {
    // Plain tf.grads through a convolution (what reference loops and the naive bench do).
    const filterGradient = async (): Promise<Float32Array> => {
      const x = tf.tensor4d(
        Float32Array.from({ length: 2 * 5 * 5 * 2 }, (_, i) => Math.sin(i)),
        [2, 5, 5, 2],
      );
      const w = tf.tensor4d(
        Float32Array.from({ length: 3 * 3 * 2 * 3 }, (_, i) => Math.cos(i)),
        [3, 3, 2, 3],
      );
      const grad = tf.grad((f) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 2, 'same'))))(w);
      const values = (await grad.data()) as Float32Array;
      tf.dispose([x, w, grad]);
      return values;
    };
    await selectBackend('cpu');
    const expected = await filterGradient();
    await selectBackend('webgpu');
    expect(tf.getKernel('Conv2DBackpropFilter', 'webgpu')).toBeDefined();
    const actual = await filterGradient();
    let diff = 0;
    let norm = 0;
    expected.forEach((e, k) => {
      diff += (actual[k] - e) ** 2;
      norm += e * e;
    });
    expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
  });
});

describe('without an adapter', () => {
  it('explains why, and an explicit webgpu request fails naming the reason', async () => {
    // A fresh process whose Vulkan loader is pointed at a driver file that does not exist.
    const script = `
      const { describeWebGpuAdapter } = await import('./src-main/engine/webgpuAdapter.ts');
      const { selectBackend } = await import('./src-main/engine/backend.ts');
      const report = await describeWebGpuAdapter();
      const error = await selectBackend('webgpu').then(() => '', (e) => e.message);
      console.log(JSON.stringify({ report, error }));`;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: {
          ...process.env,
          VK_ICD_FILENAMES: `${SWIFTSHADER_ICD}.missing`,
          VK_DRIVER_FILES: `${SWIFTSHADER_ICD}.missing`,
        },
      },
    );
    const { report, error } = JSON.parse(stdout.trim().split('\n').pop() ?? '') as {
      report: { available: boolean; reason?: string };
      error: string;
    };
    expect(report.available).toBe(false);
    // Without a Vulkan loader the reason names it; with one, it names the missing driver.
    expect(report.reason).toMatch(/Vulkan/);
    expect(error).toContain(`backend "webgpu" is not available here (${report.reason})`);
    expect(error).toMatch(/available: .*wasm, cpu$/);
  });
});
