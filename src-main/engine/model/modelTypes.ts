import type * as tf from '@tensorflow/tfjs';

/**
 * A trainable layer is one parameter block ℓ of SPEC 1.1 (weight + bias): the unit for which
 * per-layer N_ℓ and Q_ℓ are reported.
 */
export interface TrainableLayer {
  /** Stable name used as the key of per-layer coherence, e.g. "dense1", "conv2". */
  readonly name: string;
  readonly kind: 'dense' | 'conv';
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** Per-example forward/backward quantities of one pass over a batch (see perExampleGradients). */
export interface GradientPass {
  /** Σ_i ∇ℓ_i for every variable, in the order of Model.variables. */
  readonly summedGradients: tf.Tensor[];
  /** Per layer (Model.layers order): ‖g_ℓ,i‖² for each example, shape [B]. */
  readonly perExampleSqNorms: tf.Tensor1D[];
  /** ℓ_i (cross-entropy against the given label), shape [B]. */
  readonly perExampleLoss: tf.Tensor1D;
  /** Network output before softmax, shape [B, K]. */
  readonly logits: tf.Tensor2D;
}

export interface Model {
  readonly layers: readonly TrainableLayer[];
  /** kernel, bias of layer 0, kernel, bias of layer 1, … */
  readonly variables: readonly tf.Variable[];
  readonly inputSize: number;
  readonly numClasses: number;
  readonly paramCount: number;
  /** Logits for a batch x of shape [B, inputSize] (flattened NHWC). */
  predict(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * One forward and one backward pass of the per-example losses (sum reduction) that returns the
   * summed gradient and every example's squared gradient norm per layer, without materializing
   * per-example gradients where an identity makes that unnecessary (SPEC 1.2).
   * Caller owns (and must dispose) the returned tensors.
   */
  gradientPass(x: tf.Tensor2D, labels: tf.Tensor1D): GradientPass;
  dispose(): void;
}
