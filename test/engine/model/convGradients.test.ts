import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { convAxis, type ConvPadding } from '../../../src-main/engine/model/convGeometry';
import {
  convFilterGradient,
  convInputGradientStride1,
  perExampleFilterGradients,
  perExampleSquaredNorms,
  sumPerExampleFilterGradients,
} from '../../../src-main/engine/model/convGradients';
import { maxPool2Gradient } from '../../../src-main/engine/model/maxPoolGradient';
import { relativeError, sumSq, tinyData } from './referenceGradients';

// The forward-kernel formulas of convGradients.ts (and, on wasm, the kernels registered from
// them) against tfjs-backend-cpu's own backward kernels, computed first on cpu as the
// reference. Float32 with a different summation order: 1e-5 relative is far below any wrong
// term (an O(1) error) and above reordering noise.
const TOL = 1e-5;

interface ConvCase {
  readonly name: string;
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: ConvPadding;
}

const convCases: ConvCase[] = [
  // D = 9 < Cout = 16: im2col + matMul path of convFilterGradient.
  {
    name: 'k3 same, short patches',
    batch: 3,
    height: 7,
    width: 6,
    inChannels: 1,
    outChannels: 16,
    kernel: 3,
    stride: 1,
    padding: 'same',
  },
  // D = 45 ≥ Cout: swapped-roles convolution path.
  {
    name: 'k3 same, long patches',
    batch: 2,
    height: 6,
    width: 5,
    inChannels: 5,
    outChannels: 4,
    kernel: 3,
    stride: 1,
    padding: 'same',
  },
  {
    name: 'k2 valid',
    batch: 2,
    height: 5,
    width: 5,
    inChannels: 3,
    outChannels: 2,
    kernel: 2,
    stride: 1,
    padding: 'valid',
  },
  {
    name: 'k3 same stride 2',
    batch: 2,
    height: 7,
    width: 8,
    inChannels: 2,
    outChannels: 3,
    kernel: 3,
    stride: 2,
    padding: 'same',
  },
  // Output needs fewer input rows than x has: the window is cropped.
  {
    name: 'k3 valid stride 2, cropped',
    batch: 2,
    height: 8,
    width: 8,
    inChannels: 2,
    outChannels: 3,
    kernel: 3,
    stride: 2,
    padding: 'valid',
  },
  {
    name: 'k4 same (uneven padding)',
    batch: 2,
    height: 6,
    width: 6,
    inChannels: 2,
    outChannels: 3,
    kernel: 4,
    stride: 1,
    padding: 'same',
  },
];

interface ConvReference {
  readonly x: Float32Array;
  readonly dy: Float32Array;
  readonly filter: Float32Array;
  readonly filterGrad: Float32Array;
  readonly inputGrad: Float32Array;
  readonly perExampleSqNorms: Float64Array;
}

function shapes(c: ConvCase): {
  x: [number, number, number, number];
  dy: [number, number, number, number];
  filter: [number, number, number, number];
  rows: { padBefore: number; out: number };
  cols: { padBefore: number; out: number };
} {
  const rows = convAxis(c.height, c.kernel, c.stride, c.padding);
  const cols = convAxis(c.width, c.kernel, c.stride, c.padding);
  return {
    x: [c.batch, c.height, c.width, c.inChannels],
    dy: [c.batch, rows.out, cols.out, c.outChannels],
    filter: [c.kernel, c.kernel, c.inChannels, c.outChannels],
    rows: { padBefore: rows.padBefore, out: rows.out },
    cols: { padBefore: cols.padBefore, out: cols.out },
  };
}

/** On tfjs-backend-cpu: autodiff of Σ dy ⊙ conv2d(x, W), summed and one example at a time. */
function convReference(c: ConvCase): ConvReference {
  const s = shapes(c);
  const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
  const x = tinyData(1, size(s.x), 2, 11).x;
  const dy = tinyData(1, size(s.dy), 2, 12).x;
  const filter = tinyData(1, size(s.filter), 2, 13).x;
  const perExampleSqNorms = new Float64Array(c.batch);
  const [inputGrad, filterGrad] = tf.tidy(() => {
    const xs = tf.tensor4d(x, s.x);
    const dys = tf.tensor4d(dy, s.dy);
    const w = tf.tensor4d(filter, s.filter);
    const objective = (xi: tf.Tensor4D, wi: tf.Tensor4D, dyi: tf.Tensor4D): tf.Scalar =>
      tf.sum(tf.mul(tf.conv2d(xi, wi, c.stride, c.padding), dyi));
    const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
      objective(xi as tf.Tensor4D, wi as tf.Tensor4D, dys),
    )([xs, w]);
    for (let i = 0; i < c.batch; i++) {
      const xi = tf.slice(xs, [i, 0, 0, 0], [1, ...s.x.slice(1)]) as tf.Tensor4D;
      const dyi = tf.slice(dys, [i, 0, 0, 0], [1, ...s.dy.slice(1)]) as tf.Tensor4D;
      const g = tf.grad((wi: tf.Tensor) => objective(xi, wi as tf.Tensor4D, dyi))(w);
      perExampleSqNorms[i] = sumSq(g.dataSync());
    }
    return [dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
  });
  return { x, dy, filter, filterGrad, inputGrad, perExampleSqNorms };
}

/** Values for exact comparison; −0 (0 times a negative dy) counts as 0. */
const exactValues = (t: tf.Tensor): number[] => Array.from(t.dataSync(), (v) => v + 0);

const convReferences = new Map<string, ConvReference>();
const poolReference: { x?: Float32Array; dy?: Float32Array; grad?: Float32Array } = {};
const POOL_SHAPE: [number, number, number, number] = [2, 7, 6, 3];

beforeAll(async () => {
  await selectBackend('cpu');
  for (const c of convCases) convReferences.set(c.name, convReference(c));
  // Integers in [−3, 3]: plenty of tied maxima and all-negative windows.
  const size = POOL_SHAPE.reduce((a, b) => a * b, 1);
  poolReference.x = Float32Array.from(tinyData(1, size, 2, 21).x, (v) => Math.round(v * 3));
  const pooledShape: [number, number, number, number] = [2, 3, 3, 3];
  poolReference.dy = tinyData(
    1,
    pooledShape.reduce((a, b) => a * b, 1),
    2,
    22,
  ).x;
  poolReference.grad = tf.tidy(
    () =>
      tf
        .grad((x: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'),
              tf.tensor4d(poolReference.dy as Float32Array, pooledShape),
            ),
          ),
        )(tf.tensor4d(poolReference.x as Float32Array, POOL_SHAPE))
        .dataSync() as Float32Array,
  );
});

describe.each(['cpu', 'wasm'] as const)(
  'convolution gradients from forward kernels on %s',
  (backend) => {
    it.each(convCases)('$name', async (c) => {
      await selectBackend(backend);
      const ref = convReferences.get(c.name);
      if (!ref) throw new Error('reference missing');
      const s = shapes(c);
      tf.tidy(() => {
        const x = tf.tensor4d(ref.x, s.x);
        const dy = tf.tensor4d(ref.dy, s.dy);
        const filter = tf.tensor4d(ref.filter, s.filter);
        const kernel = [c.kernel, c.kernel] as const;

        const summed = convFilterGradient(x, dy, kernel, c.stride, s.rows, s.cols);
        expect(summed.shape).toEqual(s.filter);
        expect(relativeError(summed.dataSync(), ref.filterGrad)).toBeLessThan(TOL);

        // Both ways of using dy as a strided filter (native dilation, zeros between taps).
        for (const dilation of ['native', 'zeros'] as const) {
          const perExample = perExampleFilterGradients(
            x,
            dy,
            kernel,
            c.stride,
            s.rows,
            s.cols,
            dilation,
          );
          const norms = perExampleSquaredNorms(perExample).dataSync();
          ref.perExampleSqNorms.forEach((expected, i) => {
            expect(Math.abs(norms[i] - expected) / expected).toBeLessThan(TOL);
          });
          const fromPerExample = sumPerExampleFilterGradients(perExample, s.filter);
          expect(relativeError(fromPerExample.dataSync(), ref.filterGrad)).toBeLessThan(TOL);
        }

        if (c.stride === 1) {
          const dx = convInputGradientStride1(dy, filter, s.x, s.rows.padBefore, s.cols.padBefore);
          expect(dx).not.toBeNull();
          expect(relativeError((dx as tf.Tensor).dataSync(), ref.inputGrad)).toBeLessThan(TOL);
        }
        // The backend's own autodiff (on wasm: the kernels registered from these formulas).
        const [autoInput, autoFilter] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, c.stride, c.padding), dy)),
        )([x, filter]);
        expect(relativeError(autoFilter.dataSync(), ref.filterGrad)).toBeLessThan(TOL);
        expect(relativeError(autoInput.dataSync(), ref.inputGrad)).toBeLessThan(TOL);
      });
    });

    it('2×2 max-pool gradient goes to the first maximum, also in all-negative windows', async () => {
      await selectBackend(backend);
      const { x, dy, grad } = poolReference;
      if (!x || !dy || !grad) throw new Error('reference missing');
      tf.tidy(() => {
        const xs = tf.tensor4d(x, POOL_SHAPE);
        const dys = tf.tensor4d(dy, [2, 3, 3, 3]);
        const direct = maxPool2Gradient(xs, tf.maxPool(xs, 2, 2, 'valid'), dys);
        expect(exactValues(direct)).toEqual(Array.from(grad));
        const viaAutodiff = tf.grad((xi: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid'), dys)),
        )(xs);
        expect(exactValues(viaAutodiff)).toEqual(Array.from(grad));
      });
    });
  },
);

describe('BatchMatMul with transpose flags', () => {
  it.each(['cpu', 'wasm'] as const)('matches explicit transposes on %s', async (backend) => {
    await selectBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor2d(tinyData(1, 5 * 3, 2, 31).x, [5, 3]);
      const b = tf.tensor2d(tinyData(1, 5 * 4, 2, 32).x, [5, 4]);
      const c = tf.tensor2d(tinyData(1, 4 * 3, 2, 33).x, [4, 3]);
      const expectedAtB = tf.matMul(tf.transpose(a), b).dataSync();
      expect(relativeError(tf.matMul(a, b, true, false).dataSync(), expectedAtB)).toBeLessThan(TOL);
      const expectedACt = tf.matMul(a, tf.transpose(c)).dataSync();
      expect(relativeError(tf.matMul(a, c, false, true).dataSync(), expectedACt)).toBeLessThan(TOL);
      const a3 = tf.reshape(a, [1, 5, 3]);
      const batched = tf.matMul(a3, tf.reshape(b, [1, 5, 4]), true, false);
      expect(batched.shape).toEqual([1, 3, 4]);
      expect(relativeError(batched.dataSync(), expectedAtB)).toBeLessThan(TOL);
    });
  });
});
