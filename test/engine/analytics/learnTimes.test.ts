import { describe, expect, it } from 'vitest';
import { LearnTimeTracker } from '../../../src-main/engine/analytics/learnTimes';

describe('learn times', () => {
  it('follows a hand-made sequence of evaluations', () => {
    const labels = [1, 2, 3, 4];
    // Per evaluation step, which examples are predicted right (1) or wrong (0).
    const sequence: Array<[number, number[]]> = [
      [0, [0, 1, 0, 0]],
      [5, [1, 1, 0, 0]],
      [10, [0, 1, 1, 0]],
      [20, [1, 0, 1, 0]],
      [50, [1, 1, 1, 0]],
    ];
    const tracker = new LearnTimeTracker(4);
    for (const [step, right] of sequence) {
      tracker.observe(
        step,
        right.map((r, i) => (r ? labels[i] : 0)),
        labels,
      );
    }
    const { firstLearnedStep, learnedSinceStep } = tracker.snapshot();
    expect(Array.from(firstLearnedStep)).toEqual([5, 0, 10, -1]);
    expect(Array.from(learnedSinceStep)).toEqual([20, 50, 10, -1]);
  });

  it('is idempotent for a repeated step and restores from a snapshot', () => {
    const labels = [0, 1];
    const a = new LearnTimeTracker(2);
    a.observe(3, [0, 0], labels);
    const saved = a.snapshot();
    const b = new LearnTimeTracker(2, saved);
    b.observe(3, [0, 0], labels);
    b.observe(7, [0, 1], labels);
    a.observe(7, [0, 1], labels);
    expect(b.snapshot()).toEqual(a.snapshot());
    // The snapshot is a copy.
    expect(Array.from(saved.learnedSinceStep)).toEqual([3, -1]);
  });
});
