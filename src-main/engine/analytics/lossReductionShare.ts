import * as tf from '@tensorflow/tfjs';

/**
 * Which batch rows to sum separately for the pristine/corrupt split of a step: the smaller of
 * the two groups, so the extra reduction costs at most half a weight-gradient matmul.
 * "Corrupt" = the training label was changed (PreparedData.corrupt).
 */
export function splitRows(
  batch: ArrayLike<number>,
  corrupt: ArrayLike<number>,
): { rows: Int32Array; group: 'pristine' | 'corrupt' } {
  const corruptRows: number[] = [];
  const pristineRows: number[] = [];
  for (let r = 0; r < batch.length; r++) {
    (corrupt[batch[r]] === 1 ? corruptRows : pristineRows).push(r);
  }
  return corruptRows.length <= pristineRows.length
    ? { rows: Int32Array.from(corruptRows), group: 'corrupt' }
    : { rows: Int32Array.from(pristineRows), group: 'pristine' };
}

/**
 * SPEC 1.6 on the update actually applied: with u the optimizer's step (after aggregation,
 * momentum or Adam) and u = u_p + u_c + u_d its pristine examples', corrupt examples' and
 * weight decay's parts, f_c = ⟨u, u_c⟩/⟨u, u⟩ and f_p = ⟨u, u_p⟩/⟨u, u⟩ = 1 − f_c − f_d. For
 * plain SGD u is the minibatch mean gradient and f_c is ⟨g, g_c⟩/⟨g, g⟩: to first order the
 * step −η·g lowers the corrupt examples' summed loss by η⟨g, g_c⟩, hence "share of the loss
 * reduction". Without weight decay (u_d = 0) f_p + f_c = 1; with it the decay term's share is
 * neither examples' (it shrinks weights whatever the labels). Null when u = 0.
 */
export async function appliedUpdateShare(
  step: readonly tf.Tensor[],
  corruptPart: readonly tf.Tensor[],
  decayPart: readonly tf.Tensor[] = [],
): Promise<{ pristine: number; corrupt: number } | null> {
  const packed = tf.tidy(() => {
    let uu: tf.Tensor = tf.scalar(0);
    let uCorrupt: tf.Tensor = tf.scalar(0);
    let uDecay: tf.Tensor = tf.scalar(0);
    step.forEach((u, v) => {
      uu = tf.add(uu, tf.sum(tf.square(u)));
      uCorrupt = tf.add(uCorrupt, tf.sum(tf.mul(u, corruptPart[v])));
      if (decayPart[v]) uDecay = tf.add(uDecay, tf.sum(tf.mul(u, decayPart[v])));
    });
    return tf.stack([uu, uCorrupt, uDecay]);
  });
  const [uu, uCorrupt, uDecay] = await packed.data();
  packed.dispose();
  if (!(uu > 0) || ![uu, uCorrupt, uDecay].every(Number.isFinite)) return null;
  const corrupt = uCorrupt / uu;
  return { pristine: 1 - corrupt - uDecay / uu, corrupt };
}
