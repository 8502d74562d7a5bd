import * as tf from '@tensorflow/tfjs';

/**
 * ℓ_i = logsumexp(z_i) − z_{i,y_i}, with a gradient that stays exact when the softmax saturates
 * (SPEC 1.2).
 *
 * Autodiff through logSoftmax forms δ_y = p_y − 1, which is exactly 0 in float32 once p_y rounds
 * to 1 (a logit margin of about 17), while δ_k = p_k for k ≠ y stays positive: the per-example
 * gradient of every well-fitted example then points the wrong way. Here δ_k = p_k (k ≠ y) and
 * δ_y = −Σ_{k≠y} p_k, with p from a max-shifted softmax, so δ sums to 0 and every entry keeps
 * its relative precision. The loss is written as (m − z_y) + log1p(Σ_{k≠a} e^{z_k − m}), with m
 * the largest logit and a its index, so a tiny loss is not rounded to 0 by log(1 + tiny).
 */
export function perExampleCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  numClasses: number,
): tf.Tensor1D {
  const labelMask = tf.oneHot(labels, numClasses).toFloat();
  // tfjs types a custom gradient's arguments as one list of inputs followed by the save hook.
  const lossWithExactGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const shifted = tf.sub(z, tf.max(z, 1, true));
    const exps = tf.exp(shifted);
    const argmaxMask = tf.oneHot(tf.argMax(z, 1), numClasses).toFloat();
    const othersBelowMax = tf.sum(tf.mul(exps, tf.sub(1, argmaxMask)), 1);
    const marginToMax = tf.neg(tf.sum(tf.mul(shifted, labelMask), 1));
    const loss = tf.add(marginToMax, accurateLog1p(othersBelowMax));
    // Only saved tensors outlive the forward pass; the label mask is one of them.
    save([exps, labelMask]);
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
        const [savedExps, savedMask] = saved;
        const probs = tf.div(savedExps, tf.sum(savedExps, 1, true));
        const otherProbs = tf.mul(probs, tf.sub(1, savedMask));
        const delta = tf.sub(otherProbs, tf.mul(savedMask, tf.sum(otherProbs, 1, true)));
        return tf.mul(delta, tf.expandDims(dy, 1));
      },
    };
  });
  return lossWithExactGradient(logits) as tf.Tensor1D;
}

/**
 * log(1 + x) to a few ulps for tiny x on every backend. tfjs-backend-wasm's Log1p is log(1 + x)
 * in float32, which returns 0 below x ≈ 6e-8. With u = 1 + x rounded, log(u)·x/(u − 1) cancels
 * the rounding of u (u − 1 is exact), and u = 1 means log1p(x) = x to float32 precision.
 */
function accurateLog1p(x: tf.Tensor): tf.Tensor {
  const u = tf.add(x, 1);
  const uMinusOne = tf.sub(u, 1);
  const roundsToOne = tf.equal(uMinusOne, 0);
  const safeDenominator = tf.where(roundsToOne, tf.onesLike(uMinusOne), uMinusOne);
  return tf.where(roundsToOne, x, tf.div(tf.mul(tf.log(u), x), safeDenominator));
}
