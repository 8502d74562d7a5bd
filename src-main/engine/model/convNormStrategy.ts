/**
 * How a convolution's per-example squared gradient norms are formed (SPEC 1.2).
 * - materialize: G_i = P_iᵀΔ_i per example, [k·k·Cin, Cout] each; cost T·D·Cout per example.
 * - ghost: ‖G_i‖² = Σ_{t,t'} (P_iP_iᵀ)_{tt'}(Δ_iΔ_iᵀ)_{tt'}; cost T²·(D + Cout) per example.
 * (T output positions, D = k·k·Cin patch length.) Ghost wins only for small maps with wide
 * channels, i.e. late layers of deeper nets.
 */
export type ConvNormStrategy = 'materialize' | 'ghost';

export function chooseConvNormStrategy(
  positions: number,
  patchSize: number,
  filters: number,
): ConvNormStrategy {
  return positions * (patchSize + filters) < patchSize * filters ? 'ghost' : 'materialize';
}
