import * as tf from '@tensorflow/tfjs';
import { applyActivation, type ActivationName } from './activation';
import type { TrainableLayer } from './modelTypes';
import type { PerExampleChunk, ProbedStage, StageGradients } from './probedStage';

/**
 * Dense layer z = a·W + b. Its per-example gradient is the rank-one a_iᵀδ_i (plus δ_i for the
 * bias), so ‖g_ℓ,i‖² = (‖a_i‖² + 1)·‖δ_i‖² without ever forming it (SPEC 1.2), and the summed
 * weight gradient is Aᵀ·Δ: the same matMul an ordinary backward pass does.
 *
 * Without bias (z = a·W, the linear model's option) the layer's bias tensor stays in place but
 * is neither added nor trained: its gradient is zero, and ‖g_ℓ,i‖² = ‖a_i‖²·‖δ_i‖².
 */
export function denseStage(
  layer: TrainableLayer,
  activation: ActivationName | null,
  options: { readonly bias: boolean } = { bias: true },
): ProbedStage {
  const [fanIn, units] = layer.kernel.shape;
  const withBias = options.bias;
  return {
    layer,
    trainsBias: withBias,
    zShape: [units],
    input: (a) => (a.rank === 2 && a.shape[1] === fanIn ? a : tf.reshape(a, [a.shape[0], fanIn])),
    preActivation: (a) => {
      const product = tf.matMul(a as tf.Tensor2D, layer.kernel as tf.Tensor2D);
      return withBias ? tf.add(product, layer.bias) : product;
    },
    preActivationFused: (a) =>
      tf.fused.matMul({
        a: a as tf.Tensor2D,
        b: layer.kernel as tf.Tensor2D,
        ...(withBias ? { bias: layer.bias } : {}),
      }),
    inputGradient: (dy) => tf.matMul(dy as tf.Tensor2D, layer.kernel as tf.Tensor2D, false, true),
    postActivation: (z) => (activation === null ? z : applyActivation(activation, z)),
    gradients: (a, delta): StageGradients => ({
      kernel: tf.matMul(a as tf.Tensor2D, delta as tf.Tensor2D, true, false),
      bias: withBias ? tf.sum(delta, 0) : tf.zeros([units]),
      sqNorms: tf.mul(
        withBias ? tf.add(tf.sum(tf.square(a), 1), 1) : tf.sum(tf.square(a), 1),
        tf.sum(tf.square(delta), 1),
      ) as tf.Tensor1D,
    }),
    // g_W,i = a_iᵀδ_i: rows [r0, r1) of the kernel are an outer product of a's columns and δ,
    // formed by broadcasting with the batch on the last axis so every row is one coordinate.
    *perExampleChunks(a, delta, maxElements): Generator<PerExampleChunk> {
      const batch = a.shape[0];
      const rowsPerChunk = Math.max(1, Math.floor(maxElements / (units * batch)));
      // Chunks are drawn outside any tf.tidy (the reducer awaits host reads between them).
      const deltaT = tf.tidy(() => tf.reshape(tf.transpose(delta), [1, units, batch]));
      const aT = tf.transpose(a);
      try {
        for (let r0 = 0; r0 < fanIn; r0 += rowsPerChunk) {
          const rows = Math.min(rowsPerChunk, fanIn - r0);
          const values = tf.tidy(() =>
            tf.reshape(
              tf.mul(tf.reshape(tf.slice(aT, [r0, 0], [rows, batch]), [rows, 1, batch]), deltaT),
              [rows * units, batch],
            ),
          ) as tf.Tensor2D;
          yield { param: 'kernel', offset: r0 * units, values };
        }
        yield {
          param: 'bias',
          offset: 0,
          values: (withBias ? tf.transpose(delta) : tf.zeros([units, batch])) as tf.Tensor2D,
        };
      } finally {
        tf.dispose([deltaT, aT]);
      }
    },
  };
}
