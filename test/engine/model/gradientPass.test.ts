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
  ]),
];

/**
 * WebGPU on SwiftShader compiles every new shader slowly, so it runs the cases that together
 * cover dense, conv with same/valid/strided padding, max/avg pooling, and both norm strategies.
 */
function casesFor(backend: BackendUnderTest): Case[] {
  if (backend !== 'webgpu') return allCases;
  return allCases.filter((c) =>
    ['mlp relu', 'cnn same/valid materialize', 'cnn strided ghost'].includes(c.name),
  );
}

describe.each(BACKENDS_UNDER_TEST)('gradientPass on %s', (backend) => {
  it.for(casesFor(backend))('$name matches single-example gradients', async (c, context) => {
    await useBackend(backend, context);
    expect(tf.getBackend()).toBe(backend);
    const build = (): ReturnType<typeof buildModel> => {
      const built = buildModel(c.config, c.input, c.classes, 3, { convNorm: c.convNorm ?? 'auto' });
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
      expect(relativeError(await g.data(), ref.summed[v])).toBeLessThan(TOL);
    }
    for (const [l, norms] of pass.perExampleSqNorms.entries()) {
      const actual = await norms.data();
      ref.sqNorms[l].forEach((expected, i) => {
        expect(Math.abs(actual[i] - expected) / expected).toBeLessThan(TOL);
      });
    }
    const expectedLoss = tf.tidy(() =>
      tf.neg(tf.sum(tf.mul(tf.logSoftmax(model.predict(xs)), tf.oneHot(ys, c.classes)), 1)),
    );
    expect(relativeError(await pass.perExampleLoss.data(), await expectedLoss.data())).toBeLessThan(
      TOL,
    );
    expect(pass.logits.shape).toEqual([batch, c.classes]);
    disposeGradientPass(pass);
    tf.dispose([xs, ys, expectedLoss]);
    model.dispose();
  });
});
