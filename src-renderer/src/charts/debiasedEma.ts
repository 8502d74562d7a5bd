/**
 * Smoothing for curves whose points are unevenly spaced in x (log-spaced coherence probes,
 * wall time): an exponential moving average whose decay depends on the x-distance between
 * points, debiased so the first points are not pulled toward zero.
 *
 * smoothed_i = Σ_{j≤i} w^((x_i − x_j)/Δ) · y_j  /  Σ_{j≤i} w^((x_i − x_j)/Δ)
 *
 * computed in one pass. With evenly spaced x (Δ = the spacing) this is exactly TensorBoard's
 * debiased EMA with weight w. Non-finite values are passed through as NaN and do not disturb
 * the average; an x that goes backwards counts as distance 0 rather than growing the weight.
 *
 * @param weight in [0, 1): 0 = no smoothing.
 * @param referenceSpacing the x-distance over which the weight applies once; defaults to the
 *   mean spacing of this series.
 */
export function debiasedEma(
  x: readonly number[],
  y: readonly number[],
  weight: number,
  referenceSpacing?: number,
): number[] {
  const n = Math.min(x.length, y.length);
  const out = new Array<number>(n);
  if (!(weight > 0)) {
    for (let i = 0; i < n; i++) out[i] = Number.isFinite(y[i]) ? y[i] : Number.NaN;
    return out;
  }
  const w = Math.min(weight, 0.999_999);
  const spacing = referenceSpacing ?? meanSpacing(x, n);
  const logW = Math.log(w);
  let numerator = 0;
  let denominator = 0;
  let lastX = Number.NaN;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    if (!Number.isFinite(yi)) {
      out[i] = Number.NaN;
      continue;
    }
    if (Number.isFinite(lastX)) {
      const distance = Math.max(0, x[i] - lastX);
      const decay = spacing > 0 ? Math.exp((logW * distance) / spacing) : w;
      numerator *= decay;
      denominator *= decay;
    }
    numerator += yi;
    denominator += 1;
    lastX = x[i];
    out[i] = numerator / denominator;
  }
  return out;
}

function meanSpacing(x: readonly number[], n: number): number {
  if (n < 2) return 1;
  const span = x[n - 1] - x[0];
  return span > 0 ? span / (n - 1) : 1;
}
