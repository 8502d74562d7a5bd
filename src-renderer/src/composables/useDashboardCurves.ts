import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { LabClient, XAxis } from '../../../src-main/api/contract';
import { compareQuantity, type RunCurve } from '../compare/compareQuantities';
import type { FailureReporter } from './useFailureMessage';

export interface DashboardCurvesSource {
  readonly runIds: MaybeRefOrGetter<readonly number[]>;
  /** The stored quantities the panels draw (each read once however many panels show it). */
  readonly quantityIds: MaybeRefOrGetter<readonly string[]>;
  readonly xAxis: MaybeRefOrGetter<XAxis>;
}

/**
 * Every quantity the dashboard's panels draw, for the selected runs on the shared x-axis: a
 * map from quantity id to its curves (null while being read). A new panel reads only what is
 * not held yet; other runs or another x-axis read everything again, and an answer that arrives
 * after a newer request for the same quantity is dropped. Held in a shallowRef (large arrays).
 */
export function useDashboardCurves(
  lab: LabClient,
  source: DashboardCurvesSource,
  report: FailureReporter,
  onAllLoaded?: () => void,
): { curves: ShallowRef<ReadonlyMap<string, RunCurve[] | null>> } {
  const curves = shallowRef<ReadonlyMap<string, RunCurve[] | null>>(new Map());
  let generation = 0;

  function put(id: string, value: RunCurve[] | null): void {
    curves.value = new Map(curves.value).set(id, value);
  }

  async function read(id: string, runIds: number[], xAxis: XAxis, asOf: number): Promise<void> {
    put(id, null);
    let value: RunCurve[];
    try {
      value = runIds.length ? await compareQuantity(id).read(lab, runIds, xAxis) : [];
    } catch (e) {
      if (asOf === generation) report(e);
      value = [];
    }
    if (asOf !== generation) return;
    put(id, value);
    if ([...curves.value.values()].every((c) => c !== null)) onAllLoaded?.();
  }

  function readMissing(): void {
    const runIds = [...toValue(source.runIds)];
    const xAxis = toValue(source.xAxis);
    for (const id of new Set(toValue(source.quantityIds))) {
      if (!curves.value.has(id)) void read(id, runIds, xAxis, generation);
    }
  }

  watch(
    [() => toValue(source.runIds).join(','), () => toValue(source.xAxis)],
    () => {
      generation++;
      curves.value = new Map();
      readMissing();
    },
    { immediate: true },
  );
  watch(() => toValue(source.quantityIds).join(','), readMissing);
  return { curves };
}
