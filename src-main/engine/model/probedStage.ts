import * as tf from '@tensorflow/tfjs';
import type { TrainableLayer } from './modelTypes';

/** What one layer contributes to a gradient pass: Σ_i of its gradients and each ‖g_ℓ,i‖². */
export interface StageGradients {
  readonly kernel: tf.Tensor;
  readonly bias: tf.Tensor;
  /** [B] */
  readonly sqNorms: tf.Tensor1D;
}

/**
 * One trainable layer as the gradient pass sees it: how its input is laid out, its
 * pre-activation z (where the zero probe is added), what follows z up to the next layer's
 * input, and how to turn (layer input a, δ = ∂ℓ_i/∂z_i) into summed gradients and per-example
 * squared norms.
 */
export interface ProbedStage {
  readonly layer: TrainableLayer;
  /**
   * False when the layer's bias tensor is kept only for a uniform weight layout and never
   * trained (the bias-free linear model): it is then not counted as a parameter.
   */
  readonly trainsBias?: boolean;
  /** Shape of z for one example (the probe is [B, ...zShape]). */
  readonly zShape: readonly number[];
  /** Reshape the previous stage's output (or the flat input) to this layer's input layout. */
  input(a: tf.Tensor): tf.Tensor;
  preActivation(a: tf.Tensor): tf.Tensor;
  /**
   * The same z with the bias added inside the product/convolution kernel (one pass less over
   * z; XNNPACK on wasm). Only for forward values: tfjs's gradient of its fused ops computes the
   * gradient of every input eagerly, also the data's.
   */
  preActivationFused(a: tf.Tensor): tf.Tensor;
  /** ∂L/∂a for this layer's input a, given dy = ∂L/∂z (the layer's own weights fixed). */
  inputGradient(dy: tf.Tensor, a: tf.Tensor): tf.Tensor;
  /** Activation, pooling; identity for the output layer. */
  postActivation(z: tf.Tensor): tf.Tensor;
  gradients(a: tf.Tensor, delta: tf.Tensor): StageGradients;
  /**
   * Per-example gradients materialized coordinate-major: each chunk is [coords, B] for a
   * contiguous range of the flattened kernel (then the bias), at most about `maxElements`
   * values at a time so memory stays bounded. The caller disposes every chunk it receives.
   */
  perExampleChunks(a: tf.Tensor, delta: tf.Tensor, maxElements: number): Generator<PerExampleChunk>;
}

export interface PerExampleChunk {
  readonly param: 'kernel' | 'bias';
  /** First flattened coordinate of the chunk within its parameter. */
  readonly offset: number;
  /** [coords, B]: row r holds coordinate offset + r for every example of the batch. */
  readonly values: tf.Tensor2D;
}

/**
 * z = stage.preActivation(a) as one autodiff node that also takes the zero probe: the same value
 * and gradients as preActivation(a) + probe, without computing the addition. ∂L/∂probe is dy
 * itself (δ), and ∂L/∂a comes from stage.inputGradient, which only runs when a depends on an
 * earlier probe (`propagate`; the first layer's input is data).
 */
export function probedPreActivation(
  stage: ProbedStage,
  a: tf.Tensor,
  probe: tf.Tensor,
  propagate: boolean,
): tf.Tensor {
  if (!propagate) {
    return tf.customGrad(() => ({
      value: stage.preActivationFused(a),
      gradFunc: (dy: tf.Tensor) => [dy],
    }))(probe);
  }
  return tf.customGrad((input) => ({
    value: stage.preActivationFused(input as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => [stage.inputGradient(dy, input as tf.Tensor), dy],
  }))(a, probe);
}
