import * as tf from '@tensorflow/tfjs';
import { applyActivation, type ActivationName } from './activation';
import type { TrainableLayer } from './modelTypes';
import type { ProbedStage, StageGradients } from './probedStage';

/**
 * Dense layer z = a·W + b. Its per-example gradient is the rank-one a_iᵀδ_i (plus δ_i for the
 * bias), so ‖g_ℓ,i‖² = (‖a_i‖² + 1)·‖δ_i‖² without ever forming it (SPEC 1.2), and the summed
 * weight gradient is Aᵀ·Δ: the same matMul an ordinary backward pass does.
 */
export function denseStage(layer: TrainableLayer, activation: ActivationName | null): ProbedStage {
  const [fanIn, units] = layer.kernel.shape;
  return {
    layer,
    zShape: [units],
    input: (a) => (a.rank === 2 && a.shape[1] === fanIn ? a : tf.reshape(a, [a.shape[0], fanIn])),
    preActivation: (a) =>
      tf.add(tf.matMul(a as tf.Tensor2D, layer.kernel as tf.Tensor2D), layer.bias),
    postActivation: (z) => (activation === null ? z : applyActivation(activation, z)),
    gradients: (a, delta): StageGradients => ({
      kernel: tf.matMul(a as tf.Tensor2D, delta as tf.Tensor2D, true, false),
      bias: tf.sum(delta, 0),
      sqNorms: tf.mul(
        tf.add(tf.sum(tf.square(a), 1), 1),
        tf.sum(tf.square(delta), 1),
      ) as tf.Tensor1D,
    }),
  };
}
