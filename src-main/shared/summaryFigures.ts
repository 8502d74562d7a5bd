/** Shapes of the summary figures (defined in src-main/analysis/runSummary.ts) every layer shows. */

/** A value at a step, or null when the run has no such point. */
export type ValueAtStep = { readonly value: number; readonly step: number } | null;

/** Train-probe m-coherence at initialization, its peak after initialization, and its final value. */
export interface ProbeCoherenceFigures {
  readonly init: ValueAtStep;
  readonly peak: ValueAtStep;
  readonly final: ValueAtStep;
}
