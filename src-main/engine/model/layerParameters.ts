/**
 * What kind of parameter block a trainable layer is: a dense or convolution layer (weight and
 * bias), or a normalization's per-channel affine transform (scale γ and shift β).
 */
export type LayerKind = 'dense' | 'conv' | 'norm';

/**
 * The names of a layer's two parameter tensors in exported weights, checkpoints and imported
 * bundles ("<layer>/<name>"). A normalization keeps γ in its `kernel` slot and β in `bias`,
 * and exports them as gamma/beta.
 */
export const PARAMETER_NAMES: Readonly<Record<LayerKind, readonly [string, string]>> = {
  dense: ['kernel', 'bias'],
  conv: ['kernel', 'bias'],
  norm: ['gamma', 'beta'],
};

/** Fan-in/fan-out and shapes of one trainable layer, computed without tfjs. */
export interface LayerPlan {
  readonly name: string;
  readonly kind: LayerKind;
  /** Weight shape ([in, out] dense, [k, k, Cin, Cout] conv), or [C] for a normalization's γ. */
  readonly kernelShape: number[];
  readonly fanIn: number;
  readonly fanOut: number;
  /** Output positions per example the kernel is applied at: 1 for dense, Ho·Wo otherwise. */
  readonly outputPositions: number;
}
