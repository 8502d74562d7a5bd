import * as tf from '@tensorflow/tfjs';

/** Coordinate-wise median of three tensors: max(min(a, b), min(max(a, b), c)), no sorting. */
export function median3(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.maximum(tf.minimum(a, b), tf.minimum(tf.maximum(a, b), c)));
}

/** Coordinate-wise mean of three tensors. */
export function mean3(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(tf.add(tf.add(a, b), c), 3));
}
