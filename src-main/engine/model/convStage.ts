import * as tf from '@tensorflow/tfjs';
import { applyActivation, type ActivationName } from './activation';
import { convAxis, convOutputShape, type ConvSpec, type SpatialShape } from './convGeometry';
import {
  perExampleFilterGradients,
  perExampleSquaredNorms,
  sumPerExampleFilterGradients,
  windowSum,
} from './convGradients';
import { chooseConvNormStrategy, type ConvNormStrategy } from './convNormStrategy';
import { extractPatches } from './convPatches';
import type { TrainableLayer } from './modelTypes';
import type { PerExampleChunk, ProbedStage, StageGradients } from './probedStage';

/**
 * Convolution block: z = conv(a, W) + b, then activation and optional 2×2 pooling. There is no
 * rank-one identity here, so per-example norms come from patches P_i [T, D] and Δ_i [T, Cout]
 * by materialization or the ghost norm, whichever is cheaper for the shape (or as forced).
 * Materialization forms every G_i with one depthwise convolution (perExampleFilterGradients,
 * a fast forward kernel on every backend) and sums them for the filter gradient; the ghost norm
 * forms the summed gradient from the same patches as its Gram matrices.
 */
export function convStage(
  layer: TrainableLayer,
  inputShape: SpatialShape,
  spec: ConvSpec,
  activation: ActivationName,
  strategy: ConvNormStrategy | 'auto',
): ProbedStage {
  const out = convOutputShape(inputShape, spec);
  const positions = out.height * out.width;
  const patchSize = spec.kernel * spec.kernel * inputShape.channels;
  const chosen =
    strategy === 'auto' ? chooseConvNormStrategy(positions, patchSize, spec.filters) : strategy;
  const kernelShape = layer.kernel.shape as [number, number, number, number];
  const rows = convAxis(inputShape.height, spec.kernel, spec.stride, spec.padding);
  const cols = convAxis(inputShape.width, spec.kernel, spec.stride, spec.padding);
  return {
    layer,
    zShape: [out.height, out.width, out.channels],
    input: (a) =>
      tf.reshape(a, [a.shape[0], inputShape.height, inputShape.width, inputShape.channels]),
    preActivation: (a) =>
      tf.add(
        tf.conv2d(a as tf.Tensor4D, layer.kernel as tf.Tensor4D, spec.stride, spec.padding),
        layer.bias,
      ),
    preActivationFused: (a) =>
      tf.fused.conv2d({
        x: a as tf.Tensor4D,
        filter: layer.kernel as tf.Tensor4D,
        strides: spec.stride,
        pad: spec.padding,
        bias: layer.bias,
      }),
    inputGradient: (dy, a) =>
      tf.conv2dTranspose(
        dy as tf.Tensor4D,
        layer.kernel as tf.Tensor4D,
        a.shape as [number, number, number, number],
        spec.stride,
        spec.padding,
      ),
    postActivation: (z) => {
      // relu commutes with max exactly (max(relu a, relu b) = relu(max(a, b))), and the
      // gradients agree too (both route to the first maximum of z, zero where it is ≤ 0), so
      // pooling first runs relu and its gradient on a quarter of the values.
      if (spec.pooling === 'max2' && activation === 'relu')
        return tf.relu(tf.maxPool(z as tf.Tensor4D, 2, 2, 'valid'));
      const act = applyActivation(activation, z) as tf.Tensor4D;
      if (spec.pooling === 'max2') return tf.maxPool(act, 2, 2, 'valid');
      if (spec.pooling === 'avg2') return tf.avgPool(act, 2, 2, 'valid');
      return act;
    },
    gradients: (a, delta): StageGradients => {
      const batch = a.shape[0];
      const perExampleBias = tf.reshape(windowSum(delta as tf.Tensor4D, [out.height, out.width]), [
        batch,
        spec.filters,
      ]);
      const biasSq = tf.sum(tf.square(perExampleBias), 1);
      let kernel: tf.Tensor;
      let kernelSq: tf.Tensor;
      if (chosen === 'materialize') {
        const perExample = perExampleFilterGradients(
          a as tf.Tensor4D,
          delta as tf.Tensor4D,
          [spec.kernel, spec.kernel],
          spec.stride,
          rows,
          cols,
        );
        kernelSq = perExampleSquaredNorms(perExample);
        kernel = sumPerExampleFilterGradients(perExample, kernelShape);
      } else {
        const patches = tf.reshape(
          extractPatches(a as tf.Tensor4D, spec.kernel, spec.stride, spec.padding),
          [batch, positions, patchSize],
        ) as tf.Tensor3D;
        const deltas = tf.reshape(delta, [batch, positions, spec.filters]) as tf.Tensor3D;
        const patchGram = tf.matMul(patches, patches, false, true);
        const deltaGram = tf.matMul(deltas, deltas, false, true);
        kernelSq = tf.sum(tf.mul(patchGram, deltaGram), [1, 2]);
        kernel = tf.reshape(
          tf.matMul(
            tf.transpose(tf.reshape(patches, [batch * positions, patchSize]) as tf.Tensor2D),
            tf.reshape(deltas, [batch * positions, spec.filters]) as tf.Tensor2D,
          ),
          kernelShape,
        );
      }
      return {
        kernel,
        bias: tf.sum(perExampleBias, 0),
        sqNorms: tf.add(kernelSq, biasSq) as tf.Tensor1D,
      };
    },
    // Per-example filter gradients with the batch as the last axis, in the kernel's flattened
    // [kh, kw, Cin, Cout] order. When all of them fit the budget: one depthwise convolution
    // (as in gradients); otherwise P_iᵀΔ_i for a range of patch rows at a time.
    *perExampleChunks(a, delta, maxElements): Generator<PerExampleChunk> {
      const batch = a.shape[0];
      const filters = spec.filters;
      if (patchSize * filters * batch <= maxElements) {
        const [kh, kw, inChannels] = kernelShape;
        const values = tf.tidy(() => {
          const perExample = perExampleFilterGradients(
            a as tf.Tensor4D,
            delta as tf.Tensor4D,
            [spec.kernel, spec.kernel],
            spec.stride,
            rows,
            cols,
          ); // [Cin·kh·kw, B, Cout]
          const byTap = tf.reshape(perExample, [inChannels, kh * kw, batch, filters]);
          return tf.reshape(tf.transpose(byTap, [1, 0, 3, 2]), [patchSize * filters, batch]);
        }) as tf.Tensor2D;
        yield { param: 'kernel', offset: 0, values };
        const bias = tf.tidy(() =>
          tf.transpose(tf.sum(tf.reshape(delta, [batch, positions, filters]), 1)),
        ) as tf.Tensor2D;
        yield { param: 'bias', offset: 0, values: bias };
        return;
      }
      const rowsPerChunk = Math.max(1, Math.floor(maxElements / (filters * batch)));
      const [patchesT, deltas] = tf.tidy(() => [
        tf.transpose(
          tf.reshape(extractPatches(a as tf.Tensor4D, spec.kernel, spec.stride, spec.padding), [
            batch,
            positions,
            patchSize,
          ]),
          [0, 2, 1],
        ),
        tf.reshape(delta, [batch, positions, filters]),
      ]);
      try {
        for (let r0 = 0; r0 < patchSize; r0 += rowsPerChunk) {
          const rows = Math.min(rowsPerChunk, patchSize - r0);
          const values = tf.tidy(() => {
            const slice = tf.slice(patchesT, [0, r0, 0], [batch, rows, positions]) as tf.Tensor3D;
            const perExample = tf.matMul(slice, deltas as tf.Tensor3D);
            return tf.reshape(tf.transpose(perExample, [1, 2, 0]), [rows * filters, batch]);
          }) as tf.Tensor2D;
          yield { param: 'kernel', offset: r0 * filters, values };
        }
        const bias = tf.tidy(() => tf.transpose(tf.sum(deltas, 1))) as tf.Tensor2D;
        yield { param: 'bias', offset: 0, values: bias };
      } finally {
        tf.dispose([patchesT, deltas]);
      }
    },
  };
}
