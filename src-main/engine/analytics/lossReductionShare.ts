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
 * momentum or Adam) and u = u_p + u_c its pristine and corrupt examples' parts, f_c =
 * ⟨u, u_c⟩/⟨u, u⟩ and f_p = 1 − f_c. For plain SGD u is the minibatch mean gradient and this is
 * ⟨g, g_c⟩/⟨g, g⟩: to first order the step −η·g lowers the corrupt examples' summed loss by
 * η⟨g, g_c⟩, hence "share of the loss reduction". Null when u = 0 (no update to share).
 */
export async function appliedUpdateShare(
  step: readonly tf.Tensor[],
  corruptPart: readonly tf.Tensor[],
): Promise<{ pristine: number; corrupt: number } | null> {
  const packed = tf.tidy(() => {
    let uu: tf.Tensor = tf.scalar(0);
    let uCorrupt: tf.Tensor = tf.scalar(0);
    step.forEach((u, v) => {
      uu = tf.add(uu, tf.sum(tf.square(u)));
      uCorrupt = tf.add(uCorrupt, tf.sum(tf.mul(u, corruptPart[v])));
    });
    return tf.stack([uu, uCorrupt]);
  });
  const [uu, uCorrupt] = await packed.data();
  packed.dispose();
  if (!(uu > 0) || !Number.isFinite(uu) || !Number.isFinite(uCorrupt)) return null;
  const corrupt = uCorrupt / uu;
  return { pristine: 1 - corrupt, corrupt };
}
