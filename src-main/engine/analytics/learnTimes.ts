/**
 * Per-example learn times (SPEC 1.6) over the whole training subset, observed at every
 * evaluation: the first evaluated step at which the example was classified as its training
 * label, and the step since which it has stayed so (−1 = never / not currently). Steps are the
 * evaluation steps, so the resolution follows the evaluation schedule (log-spaced early).
 *
 * Observing the same step twice changes nothing, which is what makes resume exact: a resumed
 * run re-evaluates its checkpoint step on top of the state saved at that step.
 */
export interface LearnTimesState {
  readonly firstLearnedStep: Int32Array;
  readonly learnedSinceStep: Int32Array;
}

export class LearnTimeTracker {
  private readonly first: Int32Array;
  private readonly since: Int32Array;

  constructor(count: number, restored?: LearnTimesState) {
    this.first = new Int32Array(count).fill(-1);
    this.since = new Int32Array(count).fill(-1);
    if (restored && restored.firstLearnedStep.length === count) {
      this.first.set(restored.firstLearnedStep);
      this.since.set(restored.learnedSinceStep);
    }
  }

  /** predicted[i] vs labels[i] for every example, as measured on the weights after `step`. */
  observe(step: number, predicted: ArrayLike<number>, labels: ArrayLike<number>): void {
    for (let i = 0; i < this.first.length; i++) {
      if (predicted[i] === labels[i]) {
        if (this.first[i] < 0) this.first[i] = step;
        if (this.since[i] < 0) this.since[i] = step;
      } else {
        this.since[i] = -1;
      }
    }
  }

  /** Copies, so emitted records and checkpoints do not change as training continues. */
  snapshot(): LearnTimesState {
    return { firstLearnedStep: this.first.slice(), learnedSinceStep: this.since.slice() };
  }
}
