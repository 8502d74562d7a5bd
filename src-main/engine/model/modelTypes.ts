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
  /** With extras.groupRows: Σ_{i ∈ rows} ∇ℓ_i for every variable (Model.variables order). */
  readonly groupSummedGradients?: tf.Tensor[];
  /**
   * With extras.perExampleReducer: the reducer's value for every coordinate, variable-shaped
   * (Model.variables order; the caller disposes them), and with extras.groupRows too, the
   * group's part of it. Asynchronous because the per-example values are read to the host chunk
   * by chunk, and GPU backends have no synchronous read. Call it before disposeGradientPass,
   * at most once.
   */
  readonly reduceGradients?: () => Promise<ReducedGradients>;
  /** What reduceGradients still needs (layer inputs and δ); released by disposeGradientPass. */
  readonly retained?: tf.Tensor[];
}

/** What GradientPass.reduceGradients returns (the caller disposes every tensor). */
export interface ReducedGradients {
  readonly sums: tf.Tensor[];
  /** The part of `sums` that the group's rows contribute; null without extras.groupRows. */
  readonly groupSums: tf.Tensor[] | null;
}

/**
 * Which batch rows form the group (mask[i] = 1) and where the reducer writes the group's part
 * of each coordinate's reduction (`out`, one value per coordinate). Only meaningful for
 * reductions that are sums of per-example terms (a winsorized sum is Σ_i clip(v_i)).
 */
export interface GroupPart {
  readonly mask: Uint8Array;
  readonly out: Float32Array;
}

/**
 * Reduces the B per-example contributions of each parameter coordinate to one number (e.g. a
 * winsorized sum). Called on the host, chunk by chunk, from GradientPass.reduceGradients.
 */
export interface PerExampleReducer {
  /** Upper bound on coords × B values materialized at once (memory bound, not a result change). */
  readonly maxChunkElements: number;
  /** `values` is coords × batch, row-major (one row per coordinate); returns coords values. */
  reduce(values: Float32Array, coords: number, batch: number, group?: GroupPart): Float32Array;
  /**
   * Optional fast path for rank-one (dense) kernels, whose per-example gradient is a_iᵀδ_i:
   * `a` is batch × fanIn and `delta` batch × units (row-major); returns the fanIn × units
   * reductions, equal to reduce() over the materialized outer products. Lets the reducer skip
   * zero activations (most MNIST pixels, inactive ReLUs) instead of B × fanIn × units values.
   */
  reduceOuter?(
    a: Float32Array,
    delta: Float32Array,
    batch: number,
    fanIn: number,
    units: number,
    group?: GroupPart,
  ): Float32Array;
}

/** Optional extra reductions a gradient pass can make from the same δ (no second backward). */
export interface GradientPassExtras {
  /** Batch rows whose gradients are also summed on their own (e.g. the corrupt examples). */
  readonly groupRows?: Int32Array;
  readonly perExampleReducer?: PerExampleReducer;
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
  gradientPass(x: tf.Tensor2D, labels: tf.Tensor1D, extras?: GradientPassExtras): GradientPass;
  dispose(): void;
}
