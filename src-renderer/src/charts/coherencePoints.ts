import type { CoherencePoint } from '../../../src-main/api/contract';
import type { ProbeName } from '../runData/seriesNames';

/** Per-layer m-coherence N_ℓ/Q_ℓ over steps, for one probe (SPEC 1.1). */
export function layerCoherenceCurves(
  points: readonly CoherencePoint[],
  probe: ProbeName,
): Map<string, Array<[number, number]>> {
  const curves = new Map<string, Array<[number, number]>>();
  for (const p of points) {
    if (p.probe !== probe) continue;
    for (const [layer, { N, Q }] of Object.entries(p.layers)) {
      if (!(Q > 0)) continue;
      const curve = curves.get(layer) ?? [];
      curve.push([p.step, N / Q]);
      curves.set(layer, curve);
    }
  }
  return curves;
}

/** Each layer's share of Q = Σ‖g_i‖² at the latest measurement of a probe. */
export function latestQShares(
  points: readonly CoherencePoint[],
  probe: ProbeName,
): { step: number; shares: Array<{ layer: string; share: number }> } | null {
  const latest = latestProbePoint(points, probe);
  if (!latest) return null;
  const entries = Object.entries(latest.layers);
  const total = entries.reduce((sum, [, v]) => sum + v.Q, 0);
  if (!(total > 0)) return null;
  return {
    step: latest.step,
    shares: entries.map(([layer, v]) => ({ layer, share: v.Q / total })),
  };
}

/** The probes present in the points, in order of first appearance. */
export function probesOf(points: readonly CoherencePoint[]): ProbeName[] {
  return [...new Set(points.map((p) => p.probe))];
}

/** The measurement of one probe at its largest step, or null when it has none. */
export function latestProbePoint(
  points: readonly CoherencePoint[],
  probe: ProbeName,
): CoherencePoint | null {
  let latest: CoherencePoint | null = null;
  for (const p of points) if (p.probe === probe && (!latest || p.step >= latest.step)) latest = p;
  return latest;
}
