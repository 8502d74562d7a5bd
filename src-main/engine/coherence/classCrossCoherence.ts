import { crossCoherence } from './probeCoherence';

/**
 * Cross-coherence of every pair of classes at one probe measurement: for classes i < j,
 * ⟨S_i, S_j⟩/(‖S_i‖·‖S_j‖) with S_k the summed gradient of the class-k probe (coherence.perClass)
 * over all parameters. Do the classes' gradients pull the same way (> 0), apart (< 0), or past
 * each other (≈ 0)? K classes give K(K−1)/2 values.
 */
export interface ClassCrossCoherence {
  /** The class labels, ascending: the matrix's rows and columns. */
  readonly classes: readonly number[];
  /**
   * The upper triangle row by row: (c0,c1), (c0,c2), …, (c0,cK−1), (c1,c2), …; null where a
   * class's summed gradient is exactly zero (no direction to compare).
   */
  readonly values: ReadonlyArray<number | null>;
}

/** Index of pair (i, j), i < j < K, in the row-by-row upper triangle. */
export function pairIndex(i: number, j: number, k: number): number {
  return i * k - (i * (i + 1)) / 2 + (j - i - 1);
}

/** `summed`: class label → S (per variable, float64), as measureProbeCoherence returns it. */
export function classCrossCoherence(
  summed: ReadonlyMap<number, readonly Float64Array[]>,
): ClassCrossCoherence {
  const classes = [...summed.keys()].sort((a, b) => a - b);
  const values: Array<number | null> = [];
  classes.forEach((a, i) => {
    for (const b of classes.slice(i + 1)) {
      values.push(crossCoherence(summed.get(a) ?? [], summed.get(b) ?? []));
    }
  });
  return { classes, values };
}
