import { SeededRandom } from '../rng';

/**
 * Which training examples form the minibatch of every step. The order within epoch e is a pure
 * function of (seed, e), so a resumed run needs only the step number to continue with exactly
 * the batches an uninterrupted run would have seen. The final partial batch of an epoch is
 * dropped so every step has the same batch size (and the batch m-coherence the same m).
 */
export class BatchOrder {
  readonly stepsPerEpoch: number;
  private cachedEpoch = -1;
  private cachedPermutation: Int32Array = new Int32Array(0);

  constructor(
    private readonly seed: number,
    private readonly exampleCount: number,
    private readonly batchSize: number,
  ) {
    this.stepsPerEpoch = Math.floor(exampleCount / batchSize);
    if (this.stepsPerEpoch < 1) {
      throw new RangeError(`batchSize ${batchSize} exceeds the ${exampleCount} training examples`);
    }
  }

  epochOf(step: number): number {
    return Math.floor(step / this.stepsPerEpoch);
  }

  /** Fractional epoch reached after `step` updates. */
  epochProgress(step: number): number {
    return step / this.stepsPerEpoch;
  }

  /** Positions (into the prepared training set) of the examples in the batch of `step`. */
  batchAt(step: number): Int32Array {
    const epoch = this.epochOf(step);
    if (epoch !== this.cachedEpoch) {
      this.cachedPermutation = SeededRandom.forPurpose(this.seed, 'batch-order', epoch).permutation(
        this.exampleCount,
      );
      this.cachedEpoch = epoch;
    }
    const start = (step % this.stepsPerEpoch) * this.batchSize;
    return this.cachedPermutation.subarray(start, start + this.batchSize);
  }
}
