import * as tf from '@tensorflow/tfjs';

/** Coordinate-wise median of three tensors: max(min(a, b), min(max(a, b), c)), no sorting. */
export function median3(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.maximum(tf.minimum(a, b), tf.minimum(tf.maximum(a, b), c)));
}

/** Coordinate-wise mean of three tensors. */
export function mean3(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(tf.add(tf.add(a, b), c), 3));
}

/**
 * A part (e.g. the corrupt examples' share) of median3(a, b, c): at each coordinate, the part of
 * whichever of a, b, c the median equals (ties pick the first, which has the same value).
 */
export function median3Part(
  median: tf.Tensor,
  [a, b]: readonly [tf.Tensor, tf.Tensor, tf.Tensor],
  [pa, pb, pc]: readonly [tf.Tensor, tf.Tensor, tf.Tensor],
): tf.Tensor {
  return tf.tidy(() => tf.where(tf.equal(median, a), pa, tf.where(tf.equal(median, b), pb, pc)));
}

/** The part of mean3(a, b, c): the mean of the parts (the mean is linear). */
export function mean3Part(
  _mean: tf.Tensor,
  _values: readonly [tf.Tensor, tf.Tensor, tf.Tensor],
  [pa, pb, pc]: readonly [tf.Tensor, tf.Tensor, tf.Tensor],
): tf.Tensor {
  return mean3(pa, pb, pc);
}
