import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { Model } from '../../../src-main/engine/model/modelTypes';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import { relativeError, tinyData } from './referenceGradients';

// Independent of autodiff: central differences of the per-example losses, perturbing one
// parameter at a time. The loss is evaluated in float32 (the backend's precision) and only the
// difference quotient is formed in float64, so each derivative carries ~ε₃₂·|ℓ|/h ≈ 1e-4
// absolute rounding error plus O(h²) truncation; with h = 1e-3 a 1e-2 relative bound on whole
// gradient vectors and norms is tight enough to catch any wrong term. Smooth activations (tanh,
// average pooling) keep the loss differentiable at every point.
const H = 1e-3;
const TOL = 1e-2;

async function perExampleLosses(
  model: Model,
  xs: tf.Tensor2D,
  ys: tf.Tensor1D,
): Promise<Float64Array> {
  const losses = tf.tidy(() =>
    tf.neg(tf.sum(tf.mul(tf.logSoftmax(model.predict(xs)), tf.oneHot(ys, model.numClasses)), 1)),
  );
  const out = Float64Array.from(await losses.data());
  losses.dispose();
  return out;
}

/** [example][variable] → finite-difference gradient, host float64. */
async function finiteDifferenceGradients(
  model: Model,
  xs: tf.Tensor2D,
  ys: tf.Tensor1D,
): Promise<Float64Array[][]> {
  const batch = xs.shape[0];
  const out = Array.from({ length: batch }, () =>
    model.variables.map((v) => new Float64Array(v.size)),
  );
  for (let v = 0; v < model.variables.length; v++) {
    const variable = model.variables[v];
    const original = Float32Array.from(variable.dataSync());
    for (let k = 0; k < original.length; k++) {
      const perturbed = Float32Array.from(original);
      perturbed[k] = original[k] + H;
      variable.assign(tf.tensor(perturbed, variable.shape));
      const plus = await perExampleLosses(model, xs, ys);
      perturbed[k] = original[k] - H;
      variable.assign(tf.tensor(perturbed, variable.shape));
      const minus = await perExampleLosses(model, xs, ys);
      for (let i = 0; i < batch; i++) out[i][v][k] = (plus[i] - minus[i]) / (2 * H);
    }
    variable.assign(tf.tensor(original, variable.shape));
  }
  return out;
}

const configs: {
  name: string;
  config: ModelConfig;
  input: { height: number; width: number; channels: number };
}[] = [
  {
    name: 'mlp',
    config: { kind: 'mlp', hidden: [4], activation: 'tanh', init: 'glorot' },
    input: { height: 2, width: 2, channels: 1 },
  },
  {
    name: 'cnn',
    config: {
      kind: 'cnn',
      convs: [{ filters: 2, kernel: 2, stride: 1, padding: 'same', pooling: 'avg2' }],
      hidden: [],
      activation: 'tanh',
      init: 'glorot',
    },
    input: { height: 4, width: 4, channels: 1 },
  },
  // Independent of the hand-written gradients of the normalization and global average pooling
  // (the single-example reference in gradientPass.test.ts differentiates through them).
  {
    name: 'resnet group norm, projection shortcut',
    config: {
      kind: 'resnet',
      // Two channels per group: with one, the normalization removes any per-channel shift and
      // the convolution biases before it have exactly zero gradient (nothing to compare).
      widths: [4, 4],
      blocksPerStage: 1,
      norm: 'group',
      groups: 2,
      shortcut: 'projection',
      activation: 'tanh',
      init: 'glorot',
    },
    input: { height: 4, width: 4, channels: 1 },
  },
  {
    name: 'resnet layer norm, zero-padding shortcut',
    config: {
      kind: 'resnet',
      widths: [2, 3],
      blocksPerStage: 1,
      norm: 'layer',
      groups: 1,
      shortcut: 'zeropad',
      activation: 'tanh',
      init: 'glorot',
    },
    input: { height: 5, width: 5, channels: 2 },
  },
];

describe('gradientPass against finite differences', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it.each(configs)('$name', async ({ config, input }) => {
    const model = buildModel(config, input, 3, 11);
    const { x, labels } = tinyData(4, model.inputSize, 3, 5);
    const xs = tf.tensor2d(x, [4, model.inputSize]);
    const ys = tf.tensor1d(labels, 'int32');
    const fd = await finiteDifferenceGradients(model, xs, ys);
    const pass = model.gradientPass(xs, ys);
    pass.summedGradients.forEach((g, v) => {
      const expected = new Float64Array(g.size);
      fd.forEach((example) => example[v].forEach((value, k) => (expected[k] += value)));
      expect(relativeError(g.dataSync(), expected)).toBeLessThan(TOL);
    });
    pass.perExampleSqNorms.forEach((norms, l) => {
      const actual = norms.dataSync();
      fd.forEach((example, i) => {
        const expected = [...example[2 * l], ...example[2 * l + 1]].reduce((s, v) => s + v * v, 0);
        expect(Math.abs(actual[i] - expected) / expected).toBeLessThan(TOL);
      });
    });
    disposeGradientPass(pass);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
