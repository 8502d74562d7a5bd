import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { LabClient, XAxis } from '../../../src-main/api/contract';
import {
  compareQuantity,
  holdsEveryStoredPoint,
  type RunCurve,
} from '../compare/compareQuantities';
import type { FailureReporter } from './useFailureMessage';

export interface DashboardCurvesSource {
  readonly runIds: MaybeRefOrGetter<readonly number[]>;
  /** The stored quantities the panels draw (each read once however many panels show it). */
  readonly quantityIds: MaybeRefOrGetter<readonly string[]>;
  readonly xAxis: MaybeRefOrGetter<XAxis>;
  /** Points per run a panel draws (about its width in pixels): the first read's downsampling. */
  readonly drawnPoints: MaybeRefOrGetter<number>;
}

export interface DashboardCurvesEvents {
  /** Every quantity has its drawn (maybe downsampled) curves. */
  readonly onAllLoaded?: () => void;
  /** Every quantity also holds every stored point (exact tooltips and CSV). */
  readonly onStoredLoaded?: () => void;
}

/**
 * The drawn curves with every stored point added: x/y/step become the stored points, `drawn`
 * stays the downsampled line (dropped for a run whose stored count changed in between, e.g. a
 * running run: its stored points are drawn, thinned by ECharts).
 */
function withStoredPoints(drawn: readonly RunCurve[], stored: readonly RunCurve[]): RunCurve[] {
  const drawnByRun = new Map(drawn.map((c) => [c.runId, c]));
  return stored.map((c) => {
    const line = drawnByRun.get(c.runId);
    return line?.drawn && line.storedPoints === c.x.length ? { ...c, drawn: line.drawn } : c;
  });
}

/**
 * Every quantity the dashboard's panels draw, for the selected runs on the shared x-axis: a
 * map from quantity id to its curves (null while being read). Each quantity is read first
 * downsampled to about a panel's pixel width (what is drawn, fast), and once every quantity
 * of that round is drawn, read again with every stored point, which tooltips and the CSV
 * export use (the drawn line stays the downsampled one). A new panel reads only what is not
 * held yet; other runs or another x-axis read everything again, and an answer that arrives
 * after a newer request for the same quantity is dropped. Held in a shallowRef (large arrays).
 */
export function useDashboardCurves(
  lab: LabClient,
  source: DashboardCurvesSource,
  report: FailureReporter,
  events: DashboardCurvesEvents = {},
): { curves: ShallowRef<ReadonlyMap<string, RunCurve[] | null>> } {
  const curves = shallowRef<ReadonlyMap<string, RunCurve[] | null>>(new Map());
  let generation = 0;

  function put(id: string, value: RunCurve[] | null): void {
    curves.value = new Map(curves.value).set(id, value);
  }
  const allRead = (): boolean => [...curves.value.values()].every((c) => c !== null);
  const allStored = (): boolean =>
    [...curves.value.values()].every((c) => c !== null && c.every(holdsEveryStoredPoint));

  /** The drawn curves of one quantity; true when its stored points are still to be read. */
  async function readDrawn(
    id: string,
    runIds: number[],
    xAxis: XAxis,
    asOf: number,
  ): Promise<boolean> {
    put(id, null);
    let value: RunCurve[];
    try {
      value = runIds.length
        ? await compareQuantity(id).read(lab, runIds, xAxis, toValue(source.drawnPoints))
        : [];
    } catch (e) {
      if (asOf === generation) report(e);
      value = [];
    }
    if (asOf !== generation) return false;
    put(id, value);
    if (allRead()) events.onAllLoaded?.();
    return !value.every(holdsEveryStoredPoint);
  }

  async function readStored(
    id: string,
    runIds: number[],
    xAxis: XAxis,
    asOf: number,
  ): Promise<void> {
    const drawn = curves.value.get(id);
    if (!drawn) return;
    try {
      const stored = await compareQuantity(id).read(lab, runIds, xAxis);
      // Dropped when the runs or x-axis changed, or the quantity was read again meanwhile.
      if (asOf !== generation || curves.value.get(id) !== drawn) return;
      put(id, withStoredPoints(drawn, stored));
      if (allStored()) events.onStoredLoaded?.();
    } catch (e) {
      if (asOf === generation) report(e);
    }
  }

  function readMissing(): void {
    const runIds = [...toValue(source.runIds)];
    const xAxis = toValue(source.xAxis);
    const asOf = generation;
    const ids = [...new Set(toValue(source.quantityIds))].filter((id) => !curves.value.has(id));
    if (ids.length === 0) return;
    // The stored points come after every drawn line of this round: they never hold it up.
    void Promise.all(ids.map((id) => readDrawn(id, runIds, xAxis, asOf))).then((needStored) => {
      const pending = ids.filter((_, i) => needStored[i]);
      if (pending.length === 0 && asOf === generation && allStored()) events.onStoredLoaded?.();
      for (const id of pending) void readStored(id, runIds, xAxis, asOf);
    });
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
