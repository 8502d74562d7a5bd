/**
 * When probe m-coherence and full-set metrics are measured (SPEC 1.3): log-spaced early — the
 * first ~25 steps hold a transient the papers discuss — then every k steps, and always at the
 * final step. The log-spaced list continues the 1, 1.5, 2, 2.5, 3.5, 5, 7.5 pattern per decade
 * beyond 1000 so long runs stay well sampled on a log x-axis.
 */
const EARLY_STEPS = [0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 35, 50, 75, 100, 150, 200, 300, 500, 750];
const DECADE_MULTIPLIERS = [1, 1.5, 2, 3, 5, 7.5];

export function logSpacedSteps(upTo: number): number[] {
  const steps = EARLY_STEPS.filter((s) => s <= upTo);
  for (let decade = 1000; decade <= upTo; decade *= 10) {
    for (const multiplier of DECADE_MULTIPLIERS) {
      const step = decade * multiplier;
      if (step <= upTo) steps.push(step);
    }
  }
  return steps;
}

export class EvaluationSchedule {
  private readonly logSteps: Set<number>;

  constructor(
    private readonly every: number,
    private readonly totalSteps: number,
  ) {
    this.logSteps = new Set(logSpacedSteps(totalSteps));
  }

  /** True if weights after `step` updates are measured. */
  includes(step: number): boolean {
    return step === this.totalSteps || this.logSteps.has(step) || step % this.every === 0;
  }

  /** All scheduled steps in [from, totalSteps], in order (for cost estimates and tests). */
  stepsFrom(from = 0): number[] {
    const out: number[] = [];
    for (let s = from; s <= this.totalSteps; s++) if (this.includes(s)) out.push(s);
    return out;
  }
}
