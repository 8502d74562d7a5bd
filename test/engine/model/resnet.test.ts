import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { ConfigError } from '../../../src-main/engine/config/configIssues';
import type { ModelConfig, RunConfigInput } from '../../../src-main/engine/config/configSchemas';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { normalizeGroups } from '../../../src-main/engine/model/normalization';
import { forwardMultiplyAdds, parameterCount } from '../../../src-main/engine/model/parameterCount';
import { estimateCost } from '../../../src-main/api/handlers/configHandlers';
import { describeModel } from '../../../src-main/api/handlers/runRows';
import { expectedWeightShapes } from '../../../src-main/engine/model/weightShapes';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { relativeError, tinyData } from './referenceGradients';

const base: RunConfigInput = {
  dataset: { name: 'mnist', trainSize: 1000, testSize: 100 },
  model: { kind: 'resnet' },
  batchSize: 100,
  steps: 10,
};

const messageOf = (input: RunConfigInput | Record<string, unknown>): string => {
  try {
    parseRunConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

const cifar = { height: 32, width: 32, channels: 3 };

describe('residual network config', () => {
  it('defaults to ResNet-20: 3 stages of 3 blocks, 16-32-64, GroupNorm with 8 groups', () => {
    expect(parseRunConfig(base).model).toEqual({
      kind: 'resnet',
      widths: [16, 32, 64],
      blocksPerStage: 3,
      norm: 'group',
      groups: 8,
      shortcut: 'projection',
      activation: 'relu',
      init: 'he',
    });
  });

  it.each(['batch', 'BatchNorm', 'batchnorm'])('refuses norm "%s", saying why', (norm) => {
    const message = messageOf({ ...base, model: { kind: 'resnet', norm } });
    expect(message).toMatch(/model\.norm: BatchNorm is not available/);
    expect(message).toMatch(/per-example gradients .* are ill-defined/);
    expect(message).toMatch(/"group" or "layer"/);
  });

  it('names the field when groups do not divide a width, or a zero-pad shortcut would shrink', () => {
    expect(messageOf({ ...base, model: { kind: 'resnet', widths: [16, 20], groups: 8 } })).toMatch(
      /model\.groups: must divide every stage width for GroupNorm; 8 does not divide 20/,
    );
    // LayerNorm has one group: any width is fine.
    expect(
      parseRunConfig({ ...base, model: { kind: 'resnet', widths: [16, 20], norm: 'layer' } }).model,
    ).toMatchObject({ norm: 'layer' });
    expect(
      messageOf({
        ...base,
        model: { kind: 'resnet', widths: [32, 16], groups: 4, shortcut: 'zeropad' },
      }),
    ).toMatch(/model\.widths\.1: a zero-padding shortcut can only add channels/);
  });
});

describe('residual network structure', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('ResNet-20 with zero-padding shortcuts has the hand-counted parameters', () => {
    const resnet20 = parseRunConfig({
      ...base,
      model: { kind: 'resnet', shortcut: 'zeropad' },
    }).model;
    // CIFAR-10, option A (He et al. 2016): 3×3 filters 3→16 (stem), 6 of 16→16, 16→32 + 5 of
    // 32→32, 32→64 + 5 of 64→64; γ, β for each of the 19 normalized maps; dense 64→10. That is
    // the usual 269,722 (normalization parameters count the same as BatchNorm's), plus one
    // bias per filter (16 + 6·16 + 6·32 + 6·64 = 688).
    const convWeights = 9 * (3 * 16 + 6 * 16 * 16 + 16 * 32 + 5 * 32 * 32 + 32 * 64 + 5 * 64 * 64);
    const normParams = 2 * (16 + 6 * 16 + 6 * 32 + 6 * 64);
    expect(convWeights + normParams + 64 * 10 + 10).toBe(269_722);
    expect(parameterCount(resnet20, cifar, 10)).toBe(269_722 + 688);
    const model = buildModel(resnet20, cifar, 10, 1);
    expect(model.paramCount).toBe(parameterCount(resnet20, cifar, 10));
    expect(model.layers).toHaveLength(1 + 1 + 9 * 4 + 1);
    const logits = model.predict(tf.zeros([2, 32 * 32 * 3]));
    expect(logits.shape).toEqual([2, 10]);
    tf.dispose(logits);
    model.dispose();
  });

  it('names layers by position, starts norms at γ = 1, β = 0 and exports them as gamma/beta', () => {
    const config: ModelConfig = {
      kind: 'resnet',
      widths: [2, 4],
      blocksPerStage: 1,
      norm: 'layer',
      groups: 1,
      shortcut: 'projection',
      activation: 'relu',
      init: 'he',
    };
    const model = buildModel(config, { height: 5, width: 5, channels: 1 }, 3, 1);
    expect(model.layers.map((l) => `${l.kind}:${l.name}`)).toEqual([
      'conv:stem.conv',
      'norm:stem.norm',
      'conv:stage1.block1.conv1',
      'norm:stage1.block1.norm1',
      'conv:stage1.block1.conv2',
      'norm:stage1.block1.norm2',
      'conv:stage2.block1.conv1',
      'norm:stage2.block1.norm1',
      'conv:stage2.block1.conv2',
      'norm:stage2.block1.norm2',
      'conv:stage2.block1.shortcut.conv',
      'norm:stage2.block1.shortcut.norm',
      'dense:dense1',
    ]);
    const norm = model.layers[1];
    expect(Array.from(norm.kernel.dataSync())).toEqual([1, 1]);
    expect(Array.from(norm.bias.dataSync())).toEqual([0, 0]);
    const shapes = expectedWeightShapes(config, {
      input: { height: 5, width: 5, channels: 1 },
      numClasses: 3,
    });
    expect(shapes['stem.norm/gamma']).toEqual([2]);
    expect(shapes['stage2.block1.shortcut.conv/kernel']).toEqual([1, 1, 2, 4]);
    expect(shapes['dense1/kernel']).toEqual([4, 3]);
    // Without the dataset only the input channels and the classes stay open.
    const open = expectedWeightShapes(config, null);
    expect(open['stem.conv/kernel']).toEqual([3, 3, 'channels', 2]);
    expect(open['dense1/kernel']).toEqual([4, 'classes']);
    expect(open['dense1/bias']).toEqual(['classes']);
    model.dispose();
  });

  it("one example's logits do not depend on the rest of the batch", () => {
    const config = parseRunConfig({
      ...base,
      model: { kind: 'resnet', widths: [4, 4], blocksPerStage: 1, groups: 2 },
    }).model;
    const input = { height: 6, width: 6, channels: 1 };
    const model = buildModel(config, input, 3, 2);
    const { x } = tinyData(4, 36, 3, 9);
    const { x: other } = tinyData(4, 36, 3, 10);
    other.set(x.subarray(0, 36));
    const a = model.predict(tf.tensor2d(x, [4, 36]));
    const b = model.predict(tf.tensor2d(other, [4, 36]));
    const rowA = Array.from(a.dataSync()).slice(0, 3);
    const rowB = Array.from(b.dataSync()).slice(0, 3);
    rowA.forEach((v, i) => expect(v).toBeCloseTo(rowB[i], 6));
    tf.dispose([a, b]);
    model.dispose();
  });
});

describe('residual network in the run table and the cost estimate', () => {
  it('is described by its widths, blocks and normalization', () => {
    expect(describeModel({ model: parseRunConfig(base).model })).toBe('ResNet 16-32-64 ×3 group');
  });

  it('costs its multiply-adds per output position, not its parameter count', () => {
    const resnet20 = parseRunConfig(base).model;
    // Stem 3×3 1→16 at 28×28 alone: 9·16·784 multiply-adds per example, far above its 160 weights.
    expect(
      forwardMultiplyAdds(resnet20, { height: 28, width: 28, channels: 1 }, 10),
    ).toBeGreaterThan(40 * parameterCount(resnet20, { height: 28, width: 28, channels: 1 }, 10));
    const mlp = parseRunConfig({ ...base, model: { kind: 'mlp', hidden: [256] } }).model;
    // Dense: every weight once.
    expect(forwardMultiplyAdds(mlp, { height: 28, width: 28, channels: 1 }, 10)).toBe(
      784 * 256 + 256 * 10,
    );
    const seconds = (config: RunConfigInput): number =>
      estimateCost(config, () => undefined).estimatedSeconds;
    expect(seconds(base)).toBeGreaterThan(
      10 * seconds({ ...base, model: { kind: 'mlp', hidden: [256] } }),
    );
  });
});

describe('normalizeGroups', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  // The same normalization written with tf.moments and differentiated by tfjs's autodiff: an
  // independent check of the hand-written gradient.
  const plain = (x: tf.Tensor4D, groups: number): tf.Tensor => {
    const [b, h, w, c] = x.shape;
    const grouped = tf.reshape(x, [b, h, w, groups, c / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
    return tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, 1e-5))), x.shape);
  };

  it.each([
    { groups: 1, channels: 4 },
    { groups: 2, channels: 4 },
    { groups: 3, channels: 3 },
  ])(
    'matches the plain formula and its autodiff gradient ($groups groups)',
    ({ groups, channels }) => {
      const shape: [number, number, number, number] = [3, 4, 5, channels];
      const { x } = tinyData(3, 4 * 5 * channels, 2, 4);
      const { x: weights } = tinyData(3, 4 * 5 * channels, 2, 8);
      const xs = tf.tensor4d(x, shape);
      const w = tf.tensor4d(weights, shape);
      const ours = normalizeGroups(xs, groups);
      const expected = plain(xs, groups);
      expect(relativeError(ours.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
      const loss = (f: (t: tf.Tensor4D) => tf.Tensor) => (t: tf.Tensor) =>
        tf.sum(tf.mul(tf.square(f(t as tf.Tensor4D)), w)) as tf.Scalar;
      const gOurs = tf.grad(loss((t) => normalizeGroups(t, groups)))(xs);
      const gPlain = tf.grad(loss((t) => plain(t, groups)))(xs);
      expect(relativeError(gOurs.dataSync(), gPlain.dataSync())).toBeLessThan(1e-4);
      tf.dispose([xs, w, ours, expected, gOurs, gPlain]);
    },
  );
});
