import * as tf from '@tensorflow/tfjs';

/** ℓ_i = −log softmax(logits_i)[y_i], via logSoftmax so large logits do not overflow. */
export function perExampleCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  numClasses: number,
): tf.Tensor1D {
  return tf.neg<tf.Tensor1D>(
    tf.sum<tf.Tensor1D>(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, numClasses)), 1),
  );
}
