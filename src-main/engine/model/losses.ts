import * as tf from '@tensorflow/tfjs';
import { perExampleCrossEntropy } from './crossEntropy';

/**
 * The per-example loss ℓ_i whose gradients are trained on and measured (SPEC 1.1):
 * - crossEntropy: logsumexp(z_i) − z_{i,y_i}, with the saturation-safe gradient (crossEntropy.ts);
 * - mse: ½‖z_i − e_{y_i}‖², the squared error of the logits against the one-hot target, so
 *   δ_i = z_i − e_{y_i}. With a linear model (an MLP without hidden layers) this is least-squares
 *   regression on one-hot targets.
 */
export type LossKind = 'crossEntropy' | 'mse';

export function perExampleLoss(
  kind: LossKind,
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  numClasses: number,
): tf.Tensor1D {
  if (kind === 'crossEntropy') return perExampleCrossEntropy(logits, labels, numClasses);
  return tf.tidy(() => {
    const residual = tf.sub(logits, tf.oneHot(labels, numClasses).toFloat());
    return tf.mul(tf.sum(tf.square(residual), 1), 0.5) as tf.Tensor1D;
  });
}
