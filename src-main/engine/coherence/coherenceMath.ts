import type { LayerSums } from '../records/engineRecords';

/**
 * Pure arithmetic of m-coherence (SPEC 1.1). Kept free of tfjs so the UI, the store and tests
 * can regroup stored per-layer sums without a tensor backend.
 */

export interface CoherenceValue {
  /** ΣN_ℓ / ΣQ_ℓ over all layers, in [0, m]; NaN when every gradient is zero (undefined ratio). */
  readonly value: number;
  /** N_ℓ / Q_ℓ per layer (NaN where Q_ℓ = 0). */
  readonly perLayer: Record<string, number>;
}

/** m-coherence = ‖Σ_i g_i‖² / Σ_i ‖g_i‖² from per-layer sums; the global value is the Q-weighted mean of the per-layer ones. */
export function mCoherence(layers: Readonly<Record<string, LayerSums>>): CoherenceValue {
  let n = 0;
  let q = 0;
  const perLayer: Record<string, number> = {};
  for (const [name, sums] of Object.entries(layers)) {
    n += sums.N;
    q += sums.Q;
    perLayer[name] = ratio(sums.N, sums.Q);
  }
  return { value: ratio(n, q), perLayer };
}

/** Element-wise sum of two sets of layer sums (e.g. two chunks, or two groups of examples). */
export function addLayerSums(
  a: Readonly<Record<string, LayerSums>>,
  b: Readonly<Record<string, LayerSums>>,
): Record<string, LayerSums> {
  const out: Record<string, LayerSums> = { ...a };
  for (const [name, sums] of Object.entries(b)) {
    const prev = out[name];
    out[name] = prev ? { N: prev.N + sums.N, Q: prev.Q + sums.Q } : sums;
  }
  return out;
}

/**
 * α̂ = (mcoh − 1)/(m − 1): the sampling relation E[mcoh] ≈ 1 + (m−1)α inverted, so values measured
 * with different m compare (SPEC 1.1). NaN for m < 2, where it is undefined.
 */
export function alphaHat(value: number, m: number): number {
  return m >= 2 ? (value - 1) / (m - 1) : Number.NaN;
}

/** α_m = ‖S‖²/(m·Q) = mcoh / m, in [0, 1]; its orthogonal baseline α_m^⊥ is 1/m. */
export function alphaM(value: number, m: number): number {
  return m >= 1 ? value / m : Number.NaN;
}

/** α_m^⊥ = 1/m: the value of α_m for pairwise-orthogonal gradients. */
export function alphaOrthogonal(m: number): number {
  return m >= 1 ? 1 / m : Number.NaN;
}

/** Expected m-coherence of a sample of m examples whose gradients have pairwise coherence α. */
export function expectedMCoherence(alpha: number, m: number): number {
  return 1 + (m - 1) * alpha;
}

function ratio(n: number, q: number): number {
  return q > 0 ? n / q : Number.NaN;
}
