import * as tf from '@tensorflow/tfjs';

/** Added to the variance before the square root, as in PyTorch's GroupNorm/LayerNorm. */
export const NORM_EPSILON = 1e-5;

/**
 * Per-example group normalization without the affine part: x̂ = (x − μ_g)/√(σ²_g + ε), with μ_g
 * and σ²_g the mean and (biased) variance of example i over every position and the channels
 * of group g (channels are split into `groups` consecutive groups; one group is LayerNorm).
 * No statistic crosses examples, so each example's loss depends on its own input only.
 *
 * The gradient is written out (the standard normalization backward, per group):
 * ∂L/∂x = (g − mean_g(g) − x̂·mean_g(g ⊙ x̂)) / √(σ²_g + ε), with g = ∂L/∂x̂. Every group
 * statistic is an average pooling over the whole map (one fast pass on every backend, where
 * wasm would transpose before reducing non-trailing axes) then a mean over the group's
 * channels of a [B, C] tensor.
 */
export function normalizeGroups(
  x: tf.Tensor4D,
  groups: number,
  epsilon = NORM_EPSILON,
): tf.Tensor4D {
  const [, height, width, channels] = x.shape;
  if (channels % groups !== 0)
    throw new Error(`${groups} groups do not divide ${channels} channels`);
  const groupMean = (t: tf.Tensor4D): tf.Tensor4D =>
    groupMeanPerChannel(t, groups, [height, width]);
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    const centered = tf.sub(input, groupMean(input));
    const invStd = tf.rsqrt(tf.add(groupMean(tf.square(centered) as tf.Tensor4D), epsilon));
    const normalized = tf.mul(centered, invStd) as tf.Tensor4D;
    save([normalized, invStd]);
    return {
      value: normalized,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
        const [xHat, savedInvStd] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D;
        const projection = tf.mul(xHat, groupMean(tf.mul(g, xHat) as tf.Tensor4D));
        return tf.mul(tf.sub(tf.sub(g, groupMean(g)), projection), savedInvStd);
      },
    };
  })(x) as tf.Tensor4D;
}

/**
 * The mean over all positions and the channels of each group, for every example, as a
 * [B, 1, 1, C] tensor holding each channel's group mean (ready to broadcast against t).
 */
function groupMeanPerChannel(
  t: tf.Tensor4D,
  groups: number,
  window: readonly [number, number],
): tf.Tensor4D {
  const [batch, , , channels] = t.shape;
  const perGroup = channels / groups;
  const channelMeans = tf.avgPool(t, [window[0], window[1]], [window[0], window[1]], 'valid');
  const groupMeans = tf.mean(tf.reshape(channelMeans, [batch, groups, perGroup]), 2, true);
  const spread = perGroup === 1 ? groupMeans : tf.tile(groupMeans, [1, 1, perGroup]);
  return tf.reshape(spread, [batch, 1, 1, channels]);
}
