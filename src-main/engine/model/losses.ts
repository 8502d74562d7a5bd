import * as tf from '@tensorflow/tfjs';
import { perExampleCrossEntropy } from './crossEntropy';

/**
 * The per-example loss ℓ_i whose gradients are trained on and measured (SPEC 1.1):
 * - crossEntropy: logsumexp(z_i) − z_{i,y_i}, with the saturation-safe gradient (crossEntropy.ts);
 * - mse: ½‖z_i − e_{y_i}‖², the squared error of the logits against the one-hot target, so
 *   δ_i = z_i − e_{y_i}. With a linear model (an MLP without hidden layers) this is least-squares
 *   regression on one-hot targets.
 *
 * A model with one output for two classes (model.kind "linear", output "signed") is a signed
 * regression: its target is −1 for class 0 and +1 for class 1, ℓ_i = ½(z_i − t_i)², and the
 * predicted class is 1 where z > 0. Note the ½: PyTorch's MSELoss is (z − t)² without it, so the
 * same steps take twice the learning rate here, and its loss values are twice ours.
 */
export type LossKind = 'crossEntropy' | 'mse';

/** True when the logits are one signed output (two classes, targets ±1). */
const isSigned = (logits: tf.Tensor2D): boolean => logits.shape[1] === 1;

export function perExampleLoss(
  kind: LossKind,
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  numClasses: number,
): tf.Tensor1D {
  if (isSigned(logits) && kind !== 'mse') {
    throw new Error('a signed (one-output) model needs loss "mse"');
  }
  if (kind === 'crossEntropy') return perExampleCrossEntropy(logits, labels, numClasses);
  return tf.tidy(() => {
    const target = isSigned(logits)
      ? tf.reshape(tf.sub(tf.mul(labels.toFloat(), 2), 1), [-1, 1])
      : tf.oneHot(labels, numClasses).toFloat();
    const residual = tf.sub(logits, target);
    return tf.mul(tf.sum(tf.square(residual), 1), 0.5) as tf.Tensor1D;
  });
}

/** The predicted class of every row: the largest logit, or z > 0 for a signed output. */
export function predictedClasses(logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    isSigned(logits)
      ? (tf.cast(tf.greater(tf.reshape(logits, [-1]), 0), 'int32') as tf.Tensor1D)
      : (tf.argMax(logits, 1) as tf.Tensor1D),
  );
}
