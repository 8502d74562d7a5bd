import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { Model } from '../../../src-main/engine/model/modelTypes';
import {
  float64Layer,
  float64PerExample,
  sumSquares,
  type Float64Layer,
  type Float64PerExample,
} from './float64MlpReference';
import { relativeError, singleExampleLoss, tinyData } from './referenceGradients';

// Late in training, fitted examples have logit margins of 20–40. In float32, p_y then rounds to
// 1 and the autodiff of logSoftmax gives δ_y = p_y − 1 = 0 while δ_k = p_k > 0: each fitted
// example's gradient points the wrong way. The engine forms δ_y = −Σ_{k≠y} p_k instead. Here a
// deliberately saturated MLP is checked against a float64 reference in plain JS arrays. Its
// inputs and weights lie on a coarse dyadic grid (multiples of 1/8, output layer 1/4) and it
// uses ReLU, so every float32 product and sum of the forward pass is exact: a difference from
// the reference can only come from how the loss and its gradient are formed.
const TOL = 1e-5;
const CLASSES = 4;
const INPUT = { height: 3, width: 3, channels: 1 };

interface SaturatedBatch {
  readonly model: Model;
  readonly layers: Float64Layer[];
  readonly x: Float32Array;
  readonly labels: number[];
  readonly margins: number[];
}

function readLayers(model: Model): Float64Layer[] {
  return model.layers.map((l) => float64Layer(l.kernel.dataSync(), l.bias.dataSync()));
}

function margin(logits: Float64Array, label: number): number {
  return logits[label] - Math.max(...logits.filter((_, k) => k !== label));
}

const onGrid = (v: number, step: number): number => Math.round(v / step) * step;

function snapToGrid(variable: tf.Variable, step: number, scale = 1): void {
  variable.assign(
    tf.tensor(
      variable.dataSync().map((v) => onGrid(v * scale, step)),
      variable.shape,
    ),
  );
}

/** Scale the output layer so fitted examples' margins centre on 30, keep those within 20–40. */
function saturatedBatch(count: number): SaturatedBatch {
  const model = buildModel(
    { kind: 'mlp', hidden: [8, 6], activation: 'relu', init: 'glorot' },
    INPUT,
    CLASSES,
    5,
  );
  const width = model.inputSize;
  const pool = tinyData(600, width, CLASSES, 11);
  pool.x.forEach((v, k) => (pool.x[k] = onGrid(v, 1 / 8)));
  model.variables.slice(0, -2).forEach((v) => snapToGrid(v, 1 / 8));
  const rowOf = (i: number): Float32Array => pool.x.subarray(i * width, (i + 1) * width);
  const argmax = (v: Float64Array): number => v.indexOf(Math.max(...v));
  const unscaled = readLayers(model);
  const top = Array.from({ length: 600 }, (_, i) => {
    const logits = float64PerExample(unscaled, 'relu', rowOf(i), 0).logits;
    return { i, label: argmax(logits), margin: margin(logits, argmax(logits)) };
  });
  const sorted = top.map((t) => t.margin).sort((a, b) => a - b);
  const scale = 30 / sorted[Math.floor(sorted.length / 2)];
  const out = model.layers[model.layers.length - 1];
  snapToGrid(out.kernel, 1 / 4, scale);
  snapToGrid(out.bias, 1 / 4, scale);
  const layers = readLayers(model);
  const chosen = top
    .map((t) => ({
      ...t,
      margin: margin(float64PerExample(layers, 'relu', rowOf(t.i), 0).logits, t.label),
    }))
    .filter((t) => t.margin >= 20 && t.margin <= 40)
    .slice(0, count);
  const x = new Float32Array(chosen.length * width);
  chosen.forEach((t, r) => x.set(rowOf(t.i), r * width));
  return {
    model,
    layers,
    x,
    labels: chosen.map((t) => t.label),
    margins: chosen.map((t) => t.margin),
  };
}

function reference(batch: SaturatedBatch): Float64PerExample[] {
  const width = batch.model.inputSize;
  return batch.labels.map((y, i) =>
    float64PerExample(batch.layers, 'relu', batch.x.subarray(i * width, (i + 1) * width), y),
  );
}

function summed(perExample: readonly Float64PerExample[]): Float64Array[] {
  return perExample[0].gradients.map((_, v) => {
    const total = new Float64Array(perExample[0].gradients[v].length);
    for (const ex of perExample) ex.gradients[v].forEach((g, k) => (total[k] += g));
    return total;
  });
}

function coherenceOf(summedGradients: readonly ArrayLike<number>[], q: number): number {
  return summedGradients.reduce((s, g) => s + sumSquares(g), 0) / q;
}

describe.each(['cpu', 'wasm'] as const)('saturated softmax on %s', (backend) => {
  it('per-example norms, summed gradient, loss and m-coherence match float64 to 1e-5', async () => {
    await selectBackend(backend);
    const batch = saturatedBatch(16);
    expect(batch.labels.length).toBe(16);
    expect(Math.min(...batch.margins)).toBeGreaterThanOrEqual(20);
    const ref = reference(batch);
    const xs = tf.tensor2d(batch.x, [batch.labels.length, batch.model.inputSize]);
    const ys = tf.tensor1d(batch.labels, 'int32');
    const pass = batch.model.gradientPass(xs, ys);

    const refSummed = summed(ref);
    pass.summedGradients.forEach((g, v) =>
      expect(relativeError(g.dataSync(), refSummed[v])).toBeLessThan(TOL),
    );
    let q = 0;
    pass.perExampleSqNorms.forEach((norms, l) =>
      Array.from(norms.dataSync()).forEach((actual, i) => {
        const expected = ref[i].sqNormPerLayer[l];
        expect(Math.abs(actual - expected) / expected).toBeLessThan(TOL);
        q += actual;
      }),
    );
    const refQ = ref.reduce((s, ex) => s + ex.sqNormPerLayer.reduce((a, b) => a + b, 0), 0);
    const coherence = coherenceOf(
      pass.summedGradients.map((g) => g.dataSync()),
      q,
    );
    const refCoherence = coherenceOf(refSummed, refQ);
    expect(Math.abs(coherence - refCoherence) / refCoherence).toBeLessThan(TOL);
    // Losses of e^-20 … e^-40 keep their relative precision instead of rounding to 0.
    const losses = pass.perExampleLoss.dataSync();
    ref.forEach((ex, i) => {
      expect(ex.loss).toBeLessThan(3e-9);
      expect(Math.abs(losses[i] - ex.loss) / ex.loss).toBeLessThan(TOL);
    });
    disposeGradientPass(pass);
    tf.dispose([xs, ys]);
    batch.model.dispose();
  });

  it('the old formula (autodiff through logSoftmax) is far off in the same regime', async () => {
    await selectBackend(backend);
    const batch = saturatedBatch(16);
    const ref = reference(batch);
    const width = batch.model.inputSize;
    const vars = batch.model.variables as tf.Variable[];
    const worst = Math.max(
      ...batch.labels.map((y, i) => {
        const norm = tf.tidy(() => {
          const row = tf.tensor2d(batch.x.subarray(i * width, (i + 1) * width), [1, width]);
          const { grads } = tf.variableGrads(() => singleExampleLoss(batch.model, row, y), vars);
          return vars.reduce((s, v) => s + sumSquares(grads[v.name].dataSync()), 0);
        });
        const expected = ref[i].sqNormPerLayer.reduce((a, b) => a + b, 0);
        return Math.abs(norm - expected) / expected;
      }),
    );
    expect(worst).toBeGreaterThan(0.1);
    batch.model.dispose();
  });
});
