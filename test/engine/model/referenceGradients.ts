import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src-main/engine/backend';
import type { Model } from '../../../src-main/engine/model/modelTypes';

/** Brute-force reference: one tf.variableGrads per example, reduced on the host in float64. */
export interface ReferenceGradients {
  /** Σ_i g_i per variable (Model.variables order). */
  readonly summed: Float64Array[];
  /** [layer][example] ‖g_ℓ,i‖² */
  readonly sqNorms: number[][];
  /** Per-example flattened gradient of every variable: [example][variable]. */
  readonly perExample: Float32Array[][];
}

/**
 * One example's loss written plainly (autodiff through logSoftmax, or the squared error): the
 * textbook formula the engine's own loss functions are checked against.
 */
export function singleExampleLoss(model: Model, row: tf.Tensor2D, label: number): tf.Scalar {
  const logits = model.predict(row);
  if (model.loss === 'mse') {
    // One signed output (linear model, output "signed"): the target is −1 or +1.
    const target =
      logits.shape[1] === 1
        ? tf.tensor2d([[2 * label - 1]])
        : tf.oneHot(tf.tensor1d([label], 'int32'), model.numClasses).toFloat();
    return tf.mul(tf.sum(tf.square(tf.sub(logits, target))), 0.5) as tf.Scalar;
  }
  return tf.neg<tf.Scalar>(
    tf.sum<tf.Scalar>(
      tf.mul(tf.logSoftmax(logits), tf.oneHot(tf.tensor1d([label], 'int32'), model.numClasses)),
    ),
  );
}

export function referenceGradients(
  model: Model,
  x: Float32Array,
  labels: readonly number[],
): ReferenceGradients {
  const width = model.inputSize;
  const vars = model.variables as tf.Variable[];
  const summed = vars.map((v) => new Float64Array(v.size));
  const sqNorms = model.layers.map(() => [] as number[]);
  const perExample: Float32Array[][] = [];
  labels.forEach((label, i) => {
    const grads = tf.tidy(() => {
      const row = tf.tensor2d(x.subarray(i * width, (i + 1) * width), [1, width]);
      const { grads: byName } = tf.variableGrads(() => singleExampleLoss(model, row, label), vars);
      // A variable the loss does not use (a bias-free layer's bias) has gradient zero.
      return vars.map((v) => byName[v.name] ?? tf.zerosLike(v));
    });
    const values = grads.map((g) => g.dataSync() as Float32Array);
    tf.dispose(grads);
    perExample.push(values);
    values.forEach((g, v) => {
      for (let k = 0; k < g.length; k++) summed[v][k] += g[k];
    });
    model.layers.forEach((_, l) => {
      sqNorms[l].push(sumSq(values[2 * l]) + sumSq(values[2 * l + 1]));
    });
  });
  return { summed, sqNorms, perExample };
}

/**
 * The brute-force reference computed on the cpu backend, for a model built by `build` there
 * (buildModel draws weights from the engine's own generator, so a seed gives the same weights
 * on every backend); then `backend` is selected again. The loop of single-example passes is
 * cheap on cpu and makes the reference independent of the backend under test.
 */
export async function cpuReferenceGradients(
  build: () => Model,
  x: Float32Array,
  labels: readonly number[],
  backend: 'cpu' | 'wasm' | 'webgpu',
): Promise<ReferenceGradients> {
  await selectBackend('cpu');
  const model = build();
  try {
    return referenceGradients(model, x, labels);
  } finally {
    model.dispose();
    await selectBackend(backend);
  }
}

export function sumSq(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return s;
}

/** ‖a − b‖ / ‖b‖ */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff += (actual[i] - expected[i]) ** 2;
  return Math.sqrt(diff / sumSq(expected));
}

/** Deterministic pseudo-random inputs and labels for tiny tests. */
export function tinyData(
  n: number,
  width: number,
  classes: number,
  seed = 7,
): { x: Float32Array; labels: number[] } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const x = Float32Array.from({ length: n * width }, () => next() * 2 - 1);
  const labels = Array.from({ length: n }, () => Math.floor(next() * classes));
  return { x, labels };
}
