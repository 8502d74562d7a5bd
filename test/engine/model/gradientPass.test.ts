import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import { BACKENDS_UNDER_TEST, useBackend, type BackendUnderTest } from '../backendsUnderTest';
import { cpuReferenceGradients, relativeError, tinyData } from './referenceGradients';

// gradientPass (one forward + one backward with probes) against a loop of single-example
// tf.variableGrads. Both are float32; different summation orders leave ~1e-6 relative error,
// so 1e-4 is a safe bound that still catches any wrong term (those are O(1) errors).
const TOL = 1e-4;

interface Case {
  readonly name: string;
  readonly config: ModelConfig;
  readonly input: { height: number; width: number; channels: number };
  readonly classes: number;
  readonly convNorm?: 'materialize' | 'ghost';
  readonly loss?: 'crossEntropy' | 'mse';
}

const mlp: ModelConfig = { kind: 'mlp', hidden: [7, 5], activation: 'relu', init: 'glorot' };
const mlpTanh: ModelConfig = { kind: 'mlp', hidden: [6], activation: 'tanh', init: 'paper2020' };
const cnnSame: ModelConfig = {
  kind: 'cnn',
  convs: [
    { filters: 3, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
    { filters: 4, kernel: 2, stride: 1, padding: 'valid', pooling: 'none' },
  ],
  hidden: [5],
  activation: 'relu',
  init: 'he',
};
const cnnStrided: ModelConfig = {
  kind: 'cnn',
  convs: [
    { filters: 4, kernel: 3, stride: 2, padding: 'same', pooling: 'avg2' },
    { filters: 3, kernel: 1, stride: 1, padding: 'valid', pooling: 'none' },
  ],
  hidden: [],
  activation: 'tanh',
  init: 'glorot',
};

// tanh keeps pooling after the activation (relu pools first) and gives all-negative windows.
const cnnTanhMax: ModelConfig = {
  kind: 'cnn',
  convs: [{ filters: 3, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' }],
  hidden: [4],
  activation: 'tanh',
  init: 'glorot',
};

// Residual networks: every conv, norm affine (γ, β) and the dense head is a probed layer; a
// block's input feeds both its branch and its shortcut, so δ there sums two paths.
const resnetGroup: ModelConfig = {
  kind: 'resnet',
  widths: [4, 6],
  blocksPerStage: 2,
  norm: 'group',
  groups: 2,
  shortcut: 'projection',
  activation: 'relu',
  init: 'he',
};
const resnetLayerZeropad: ModelConfig = {
  ...resnetGroup,
  widths: [2, 4, 6],
  blocksPerStage: 1,
  norm: 'layer',
  shortcut: 'zeropad',
  activation: 'tanh',
};
const resnetNoNorm: ModelConfig = { ...resnetGroup, widths: [3, 3], norm: 'none' };
// The paper's linear-regression model: no bias (its bias tensor, set non-zero below, must be
// ignored), one signed output against ±1 targets; and a plain linear classifier with bias.
const linearSigned: ModelConfig = { kind: 'linear', bias: false, output: 'signed', init: 'glorot' };
const linearClasses: ModelConfig = { kind: 'linear', bias: true, output: 'classes', init: 'he' };
const linearNoBias: ModelConfig = { ...linearClasses, bias: false };

const allCases: Case[] = [
  { name: 'mlp relu', config: mlp, input: { height: 3, width: 3, channels: 1 }, classes: 4 },
  { name: 'mlp tanh', config: mlpTanh, input: { height: 2, width: 2, channels: 2 }, classes: 3 },
  ...(['materialize', 'ghost'] as const).flatMap((convNorm) => [
    {
      name: `cnn same/valid ${convNorm}`,
      config: cnnSame,
      input: { height: 6, width: 6, channels: 2 },
      classes: 3,
      convNorm,
    },
    {
      name: `cnn strided ${convNorm}`,
      config: cnnStrided,
      input: { height: 7, width: 7, channels: 1 },
      classes: 3,
      convNorm,
    },
    {
      name: `cnn tanh max-pool odd ${convNorm}`,
      config: cnnTanhMax,
      input: { height: 7, width: 7, channels: 2 },
      classes: 3,
      convNorm,
    },
    {
      name: `resnet group projection ${convNorm}`,
      config: resnetGroup,
      input: { height: 6, width: 6, channels: 2 },
      classes: 3,
      convNorm,
    },
  ]),
  {
    name: 'resnet layer-norm zero-pad odd size',
    config: resnetLayerZeropad,
    input: { height: 7, width: 7, channels: 1 },
    classes: 3,
  },
  // Squared error on one-hot targets: δ = z − onehot(y) through every kind of layer.
  {
    name: 'mlp mse',
    config: mlp,
    input: { height: 3, width: 3, channels: 1 },
    classes: 4,
    loss: 'mse',
  },
  {
    name: 'cnn mse',
    config: cnnSame,
    input: { height: 6, width: 6, channels: 2 },
    classes: 3,
    loss: 'mse',
  },
  {
    name: 'resnet group projection mse',
    config: resnetGroup,
    input: { height: 6, width: 6, channels: 2 },
    classes: 3,
    loss: 'mse',
  },
  {
    name: 'linear bias-free signed mse',
    config: linearSigned,
    input: { height: 1, width: 6, channels: 1 },
    classes: 2,
    loss: 'mse',
  },
  {
    name: 'linear with bias',
    config: linearClasses,
    input: { height: 2, width: 3, channels: 1 },
    classes: 3,
  },
  {
    name: 'linear bias-free one-hot mse',
    config: linearNoBias,
    input: { height: 2, width: 3, channels: 1 },
    classes: 3,
    loss: 'mse',
  },
  {
    name: 'resnet without norm',
    config: resnetNoNorm,
    input: { height: 5, width: 5, channels: 1 },
    classes: 4,
  },
];

/**
 * WebGPU on SwiftShader compiles every new shader slowly, so it runs the cases that together
 * cover dense, conv with same/valid/strided padding, max/avg pooling, and both norm strategies.
 */
function casesFor(backend: BackendUnderTest): Case[] {
  if (backend !== 'webgpu') return allCases;
  return allCases.filter((c) =>
    [
      'mlp relu',
      'cnn same/valid materialize',
      'cnn strided ghost',
      'resnet layer-norm zero-pad odd size',
    ].includes(c.name),
  );
}

describe.each(BACKENDS_UNDER_TEST)('gradientPass on %s', (backend) => {
  it.for(casesFor(backend))('$name matches single-example gradients', async (c, context) => {
    await useBackend(backend, context);
    expect(tf.getBackend()).toBe(backend);
    const build = (): ReturnType<typeof buildModel> => {
      const built = buildModel(c.config, c.input, c.classes, 3, {
        convNorm: c.convNorm ?? 'auto',
        loss: c.loss ?? 'crossEntropy',
      });
      // Non-zero biases so the bias terms are exercised away from the initial zeros.
      built.layers.forEach((l, i) => l.bias.assign(tf.fill(l.bias.shape, 0.05 * (i + 1))));
      return built;
    };
    const batch = 6;
    const model = build();
    const { x, labels } = tinyData(batch, model.inputSize, c.classes);
    const ref = await cpuReferenceGradients(build, x, labels, backend);
    const xs = tf.tensor2d(x, [batch, model.inputSize]);
    const ys = tf.tensor1d(labels, 'int32');
    const pass = model.gradientPass(xs, ys);
    for (const [v, g] of pass.summedGradients.entries()) {
      expect(g.shape).toEqual(model.variables[v].shape);
      if (ref.summed[v].every((value) => value === 0)) {
        // A bias-free layer's bias: exactly zero, so it never moves.
        expect(Array.from(await g.data())).toEqual(new Array<number>(g.size).fill(0));
      } else {
        expect(relativeError(await g.data(), ref.summed[v])).toBeLessThan(TOL);
      }
    }
    for (const [l, norms] of pass.perExampleSqNorms.entries()) {
      const actual = await norms.data();
      ref.sqNorms[l].forEach((expected, i) => {
        expect(Math.abs(actual[i] - expected) / expected).toBeLessThan(TOL);
      });
    }
    const expectedLoss = tf.tidy(() => {
      const logits = model.predict(xs);
      const target =
        logits.shape[1] === 1
          ? tf.reshape(tf.sub(tf.mul(ys.toFloat(), 2), 1), [-1, 1])
          : tf.oneHot(ys, c.classes).toFloat();
      return c.loss === 'mse'
        ? tf.mul(tf.sum(tf.square(tf.sub(logits, target)), 1), 0.5)
        : tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), target), 1));
    });
    expect(relativeError(await pass.perExampleLoss.data(), await expectedLoss.data())).toBeLessThan(
      TOL,
    );
    const outputs = c.config.kind === 'linear' && c.config.output === 'signed' ? 1 : c.classes;
    expect(pass.logits.shape).toEqual([batch, outputs]);
    disposeGradientPass(pass);
    tf.dispose([xs, ys, expectedLoss]);
    model.dispose();
  });
});
