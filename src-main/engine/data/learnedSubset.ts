import { SeededRandom } from '../rng';

/**
 * Easy/hard subsets of another run's training examples (config dataset.learnedSubset; the
 * "easy examples generalize" experiment, PAPER-CLAIMS G6/P5). A reference run is stopped when
 * part of its training set is classified right; its examples are split into
 *
 * - easy: classified as its training label at the reference run's last evaluation (its
 *   learn-time "learned since" step is set; for a completed run that evaluation is its last
 *   step), and
 * - hard: every other example of its training subset.
 *
 * Both parts are cut to the same size (the smaller part's), drawn with the new run's seed, and
 * that draw is split 80/20: the run trains on the 80 % and is tested on the held-out 20 % of
 * the same part. Easy and hard runs of one reference therefore have equal train and test sizes.
 */

/** What a reference run's stored learn times say about each of its training examples. */
export interface ReferenceLearnState {
  /** Index in the dataset's training file of each of the reference run's examples (position order). */
  readonly sourceIndex: ArrayLike<number>;
  /** 1 where the example was classified as its training label at the reference's last evaluation. */
  readonly learned: ArrayLike<number>;
}

export type LearnedPart = 'easy' | 'hard';

/** Share of the size-matched part held out as the run's test set. */
export const HELD_OUT_FRACTION = 0.2;

export interface LearnedSubsetSizes {
  readonly easyCount: number;
  readonly hardCount: number;
  /** Examples drawn from either part: the smaller part's size. */
  readonly matched: number;
  readonly train: number;
  readonly test: number;
}

export interface LearnedSubsetSplit extends LearnedSubsetSizes {
  /** Training-file indices the run trains on, ascending. */
  readonly trainSourceIndex: Int32Array;
  /** Training-file indices held out as the run's test set, ascending. */
  readonly testSourceIndex: Int32Array;
}

export function learnedSubsetSizes(reference: ReferenceLearnState): LearnedSubsetSizes {
  let easyCount = 0;
  for (let i = 0; i < reference.learned.length; i++) if (reference.learned[i]) easyCount++;
  const hardCount = reference.learned.length - easyCount;
  const matched = Math.min(easyCount, hardCount);
  const test = Math.round(matched * HELD_OUT_FRACTION);
  const train = matched - test;
  if (train < 1 || test < 1) {
    throw new RangeError(
      `the reference run has ${easyCount} easy and ${hardCount} hard training examples; size-matched parts of ${matched} leave no 80/20 split (it needs at least 1 example on each side)`,
    );
  }
  return { easyCount, hardCount, matched, train, test };
}

export function splitLearnedSubset(
  reference: ReferenceLearnState,
  part: LearnedPart,
  seed: number,
): LearnedSubsetSplit {
  if (reference.sourceIndex.length !== reference.learned.length) {
    throw new RangeError(
      `the reference run has ${reference.sourceIndex.length} examples but ${reference.learned.length} learn times`,
    );
  }
  const sizes = learnedSubsetSizes(reference);
  const wanted = part === 'easy' ? 1 : 0;
  const pool: number[] = [];
  for (let i = 0; i < reference.learned.length; i++) {
    if ((reference.learned[i] ? 1 : 0) === wanted) pool.push(reference.sourceIndex[i]);
  }
  const draw = SeededRandom.forPurpose(seed, 'learned-subset').sample(pool.length, sizes.matched);
  const pick = (from: number, to: number): Int32Array =>
    Int32Array.from(draw.subarray(from, to), (k) => pool[k]).sort();
  return {
    ...sizes,
    trainSourceIndex: pick(0, sizes.train),
    testSourceIndex: pick(sizes.train, sizes.matched),
  };
}
