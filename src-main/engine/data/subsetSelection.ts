import { SeededRandom } from '../rng';

/**
 * The examples of a split a run uses: `requested` distinct indices out of `available`, drawn
 * with the run seed under a named purpose (so train and test draws are independent), returned
 * in ascending order. Ascending keeps the subset in file order, so "example 0" of a run is the
 * earliest selected file example; the training order is shuffled separately by the batch order.
 */
export function selectSubset(
  available: number,
  requested: number,
  seed: number,
  purpose: string,
): Int32Array {
  if (requested > available)
    throw new RangeError(`cannot select ${requested} of ${available} examples`);
  return SeededRandom.forPurpose(seed, purpose).sample(available, requested).sort();
}
