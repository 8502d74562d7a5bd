import * as tf from '@tensorflow/tfjs';
import type { CorruptionSplit } from './gradientAggregator';

/**
 * The corrupt examples' part of a per-coordinate sum, from the whole sum and the sum over the
 * split's rows: that sum itself when the rows are the corrupt ones, else whole − pristine.
 * Divided by the batch size, like the direction. Null without a split or its group sums.
 */
export function corruptPartOfSums(
  sums: readonly tf.Tensor[],
  groupSums: readonly tf.Tensor[] | null | undefined,
  split: CorruptionSplit | null,
  batchSize: number,
): tf.Tensor[] | null {
  if (!split || !groupSums) return null;
  return tf.tidy(() =>
    sums.map((whole, v) =>
      split.group === 'corrupt'
        ? tf.div(groupSums[v], batchSize)
        : tf.div(tf.sub(whole, groupSums[v]), batchSize),
    ),
  );
}
