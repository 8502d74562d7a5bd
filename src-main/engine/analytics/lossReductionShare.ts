import * as tf from '@tensorflow/tfjs';

/**
 * Which batch rows to sum separately for the pristine/corrupt split of a step: the smaller of
 * the two groups, so the extra reduction costs at most half a weight-gradient matmul.
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
 * SPEC 1.6: f_p = ⟨g, g_p⟩/⟨g, g⟩ and f_c = ⟨g, g_c⟩/⟨g, g⟩, with g the batch's summed gradient
 * and g_p, g_c the sums over its pristine and corrupt examples (g = g_p + g_c, so they sum to
 * 1). To first order a plain SGD step −η·g lowers the pristine examples' summed loss by
 * η⟨g, g_p⟩, hence "share of the loss reduction". `groupSum` is the sum over `group`; the
 * other group's sum is g minus it. Null when g = 0 (no reduction to share).
 */
export async function lossReductionShare(
  summed: readonly tf.Tensor[],
  groupSum: readonly tf.Tensor[],
  group: 'pristine' | 'corrupt',
): Promise<{ pristine: number; corrupt: number } | null> {
  const packed = tf.tidy(() => {
    let gg: tf.Tensor = tf.scalar(0);
    let gGroup: tf.Tensor = tf.scalar(0);
    summed.forEach((g, v) => {
      gg = tf.add(gg, tf.sum(tf.square(g)));
      gGroup = tf.add(gGroup, tf.sum(tf.mul(g, groupSum[v])));
    });
    return tf.stack([gg, gGroup]);
  });
  const [gg, gGroup] = await packed.data();
  packed.dispose();
  if (!(gg > 0) || !Number.isFinite(gg) || !Number.isFinite(gGroup)) return null;
  const share = gGroup / gg;
  return group === 'pristine'
    ? { pristine: share, corrupt: 1 - share }
    : { pristine: 1 - share, corrupt: share };
}
