import type { RunDetail } from '../../../src-main/api/contract';

/** A completed run of this project the new run could start from (config init.fromRun). */
export interface ParentCandidate {
  readonly runId: number;
  readonly name: string;
  readonly dataset: string;
  readonly model: string;
  /** Its layers have the shapes the configured model has on the configured dataset. */
  readonly fits: boolean;
}

type LayerShapes = Readonly<Record<string, ReadonlyArray<number | string>>>;

/** Same layers (by name) with the same kernel shapes. */
export function sameLayerShapes(a: LayerShapes, b: LayerShapes): boolean {
  const names = Object.keys(a);
  if (names.length === 0 || names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const x = a[name];
    const y = b[name];
    return y !== undefined && x.length === y.length && x.every((d, i) => d === y[i]);
  });
}

/**
 * The completed runs as init.fromRun choices, marked by whether their layer shapes match the
 * config's (the API checks every weight when the run is created and names the key if not).
 */
export function parentCandidates(
  runs: readonly RunDetail[],
  configShapes: LayerShapes | null,
): ParentCandidate[] {
  return runs.map((run) => ({
    runId: run.runId,
    name: run.name,
    dataset: run.dataset,
    model: run.model,
    fits: configShapes !== null && sameLayerShapes(run.layerShapes, configShapes),
  }));
}
