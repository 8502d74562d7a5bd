import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { availableBackends, selectBackend } from '../../../src-main/engine/backend';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { chooseConvNormStrategy } from '../../../src-main/engine/model/convNormStrategy';
import { initialKernel } from '../../../src-main/engine/model/initializers';
import { parameterCount } from '../../../src-main/engine/model/parameterCount';
import { SeededRandom } from '../../../src-main/engine/rng';
import { modelSchema, type ModelConfig } from '../../../src-main/engine/config/configSchemas';

const mnist = { height: 28, width: 28, channels: 1 };
const cnn: ModelConfig = {
  kind: 'cnn',
  convs: [
    { filters: 16, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
    { filters: 32, kernel: 5, stride: 2, padding: 'valid', pooling: 'avg2' },
  ],
  hidden: [20],
  activation: 'relu',
  init: 'he',
};

describe('model construction', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('parameterCount (no tfjs) agrees with the built model and with hand counts', () => {
    const mlp: ModelConfig = {
      kind: 'mlp',
      hidden: [256, 256],
      activation: 'relu',
      init: 'glorot',
    };
    expect(parameterCount(mlp, mnist, 10)).toBe(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
    // conv1 28→28 →pool 14; conv2 valid k5 s2: 14→5 →pool 2; flatten 2·2·32 = 128.
    expect(parameterCount(cnn, mnist, 10)).toBe(
      9 * 16 + 16 + 25 * 16 * 32 + 32 + 128 * 20 + 20 + 20 * 10 + 10,
    );
    for (const config of [mlp, cnn]) {
      const model = buildModel(config, mnist, 10, 1);
      expect(model.paramCount).toBe(parameterCount(config, mnist, 10));
      model.dispose();
    }
  });

  it("parameterCount(config) equals the built model's paramCount for every model kind", () => {
    const small = { height: 8, width: 8, channels: 1 };
    // Each kind, and the linear model's bias/output options: a bias-free layer keeps an untrained
    // zero bias tensor, which neither count includes (2 classes so "signed" builds too).
    const configs: [string, unknown][] = [
      ['mlp', { kind: 'mlp', hidden: [6, 5] }],
      ['cnn', { kind: 'cnn', convs: [{ filters: 3, kernel: 3 }], hidden: [4] }],
      ['resnet', { kind: 'resnet', widths: [4, 8], blocksPerStage: 1, groups: 2 }],
      ['linear', { kind: 'linear' }],
      ['linear bias-free', { kind: 'linear', bias: false }],
      ['linear bias-free signed', { kind: 'linear', bias: false, output: 'signed' }],
      ['linear signed', { kind: 'linear', output: 'signed' }],
    ];
    for (const [label, input] of configs) {
      const config = modelSchema.parse(input);
      const model = buildModel(config, small, 2, 1, { loss: 'mse' });
      expect(model.paramCount, label).toBe(parameterCount(config, small, 2));
      model.dispose();
    }
    const biasFree = modelSchema.parse({ kind: 'linear', bias: false });
    expect(parameterCount(biasFree, small, 2)).toBe(64 * 2);
  });

  it('names layers conv1.., dense1.. (last = output) and orders variables kernel, bias per layer', () => {
    const model = buildModel(cnn, mnist, 10, 1);
    expect(model.layers.map((l) => l.name)).toEqual(['conv1', 'conv2', 'dense1', 'dense2']);
    expect(model.layers.map((l) => l.kind)).toEqual(['conv', 'conv', 'dense', 'dense']);
    expect(model.variables).toEqual(model.layers.flatMap((l) => [l.kernel, l.bias]));
    const logits = model.predict(tf.zeros([2, 784]));
    expect(logits.shape).toEqual([2, 10]);
    logits.dispose();
    model.dispose();
  });

  it('draws identical weights for the same seed (and different ones for another seed); biases are zero', () => {
    const config: ModelConfig = { kind: 'mlp', hidden: [8], activation: 'tanh', init: 'paper2020' };
    const input = { height: 2, width: 3, channels: 1 };
    const [a, b, c] = [1, 1, 2].map((seed) => buildModel(config, input, 3, seed));
    expect(Array.from(a.variables[0].dataSync())).toEqual(Array.from(b.variables[0].dataSync()));
    expect(Array.from(a.variables[0].dataSync())).not.toEqual(
      Array.from(c.variables[0].dataSync()),
    );
    expect(Array.from(a.variables[1].dataSync()).every((v) => v === 0)).toBe(true);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('initializers have the documented scale', () => {
    const n = 20000;
    const std = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    const rng = (): SeededRandom => SeededRandom.forPurpose(3, 'init');
    const glorot = initialKernel('glorot', n, 100, 50, rng());
    expect(Math.max(...glorot)).toBeLessThanOrEqual(Math.sqrt(6 / 150));
    expect(std(glorot)).toBeCloseTo(Math.sqrt(2 / 150), 2);
    expect(std(initialKernel('he', n, 100, 50, rng()))).toBeCloseTo(Math.sqrt(2 / 100), 2);
    expect(std(initialKernel('paper2020', n, 100, 50, rng()))).toBeCloseTo(2 / Math.sqrt(150), 2);
  });

  it('chooses ghost norms only where they are cheaper', () => {
    expect(chooseConvNormStrategy(784, 9, 16)).toBe('materialize');
    expect(chooseConvNormStrategy(4, 3 * 3 * 256, 512)).toBe('ghost');
    // ResNet-20's last stage on MNIST (7×7, 64 → 64): ghost needs only 1.2× fewer
    // multiply-adds, not enough to pay for extracting the patches.
    expect(chooseConvNormStrategy(49, 3 * 3 * 64, 64)).toBe('materialize');
  });
});

describe('backend selection', () => {
  it('lists wasm and cpu here and refuses a missing backend with the alternatives', async () => {
    const available = await availableBackends();
    expect(available).toContain('wasm');
    expect(available).toContain('cpu');
    if (!available.includes('tensorflow')) {
      // WebGPU is listed too where this machine has an adapter.
      await expect(selectBackend('tensorflow')).rejects.toThrow(
        `backend "tensorflow" is not available here (install @tensorflow/tfjs-node or @tensorflow/tfjs-node-gpu); available: ${available.join(', ')}`,
      );
    }
    const wasm = await selectBackend('wasm');
    expect(wasm).toEqual({ name: 'wasm', version: 'tfjs-backend-wasm 4.22.0' });
    expect(tf.getBackend()).toBe('wasm');
    // 'auto' keeps the backend already chosen in this process.
    expect(await selectBackend('auto')).toEqual(wasm);
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
