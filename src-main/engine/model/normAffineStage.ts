import * as tf from '@tensorflow/tfjs';
import type { SpatialShape } from './convGeometry';
import { windowSum } from './convGradients';
import type { TrainableLayer } from './modelTypes';
import type { PerExampleChunk, ProbedStage, StageGradients } from './probedStage';

/**
 * The trainable part of a normalization: z = γ ⊙ x̂ + β per channel, applied to the already
 * normalized map x̂ (normalizeGroups; the normalization itself has no parameters and is
 * differentiated by its own gradient). With δ_i = ∂ℓ_i/∂z_i, each example's gradients are
 * g_γ,i = Σ_positions δ_i ⊙ x̂_i and g_β,i = Σ_positions δ_i: per-channel window sums of the
 * batch, exact and about as cheap as the layer's forward pass. The layer's `kernel` holds γ
 * and its `bias` β (both [C]).
 */
export function normAffineStage(layer: TrainableLayer, shape: SpatialShape): ProbedStage {
  const window: [number, number] = [shape.height, shape.width];
  const channels = shape.channels;
  const affine = (a: tf.Tensor): tf.Tensor => tf.add(tf.mul(a, layer.kernel), layer.bias);
  /** Per-example [B, C] gradients of γ (from x̂ and δ) and of β (from δ). */
  const perExampleGamma = (a: tf.Tensor, delta: tf.Tensor): tf.Tensor2D =>
    tf.reshape(windowSum(tf.mul(delta, a) as tf.Tensor4D, window), [a.shape[0], channels]);
  const perExampleBeta = (delta: tf.Tensor): tf.Tensor2D =>
    tf.reshape(windowSum(delta as tf.Tensor4D, window), [delta.shape[0], channels]);
  return {
    layer,
    zShape: [shape.height, shape.width, channels],
    input: (a) => a,
    preActivation: affine,
    preActivationFused: affine,
    inputGradient: (dy) => tf.mul(dy, layer.kernel),
    postActivation: (z) => z,
    gradients: (a, delta): StageGradients => {
      const gamma = perExampleGamma(a, delta);
      const beta = perExampleBeta(delta);
      return {
        kernel: tf.sum(gamma, 0),
        bias: tf.sum(beta, 0),
        sqNorms: tf.add(tf.sum(tf.square(gamma), 1), tf.sum(tf.square(beta), 1)) as tf.Tensor1D,
      };
    },
    // C coordinates per parameter: far below any chunk budget, so one chunk each.
    *perExampleChunks(a, delta): Generator<PerExampleChunk> {
      const gamma = tf.tidy(() => tf.transpose(perExampleGamma(a, delta))) as tf.Tensor2D;
      yield { param: 'kernel', offset: 0, values: gamma };
      const beta = tf.tidy(() => tf.transpose(perExampleBeta(delta))) as tf.Tensor2D;
      yield { param: 'bias', offset: 0, values: beta };
    },
  };
}
