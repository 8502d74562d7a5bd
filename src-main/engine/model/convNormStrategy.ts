/**
 * How a convolution's per-example squared gradient norms are formed (SPEC 1.2).
 * - materialize: G_i = P_iᵀΔ_i per example, [k·k·Cin, Cout] each; cost T·D·Cout per example.
 * - ghost: ‖G_i‖² = Σ_{t,t'} (P_iP_iᵀ)_{tt'}(Δ_iΔ_iᵀ)_{tt'}; cost T²·(D + Cout) per example.
 * (T output positions, D = k·k·Cin patch length.) Ghost wins only for small maps with wide
 * channels, i.e. late layers of deeper nets.
 */
export type ConvNormStrategy = 'materialize' | 'ghost';

/**
 * How many times fewer multiply-adds the ghost norm must need before it is chosen. Its
 * arithmetic is batched small matrix products on patches extracted first (k² slices and a
 * concatenation), against one depthwise convolution for materialization; measured on wasm with
 * a ResNet-20 on 28×28 (7×7 maps, 32/64 → 64 channels: ghost 1.2× fewer multiply-adds, but
 * the tracked step took 1.8× as long as with materialization).
 */
const GHOST_OVERHEAD = 4;

export function chooseConvNormStrategy(
  positions: number,
  patchSize: number,
  filters: number,
): ConvNormStrategy {
  return GHOST_OVERHEAD * positions * (patchSize + filters) < patchSize * filters
    ? 'ghost'
    : 'materialize';
}
