import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { LabClient, XAxis } from '../../../src-main/api/contract';
import type { CompareQuantity, RunCurve } from '../compare/compareQuantities';
import type { FailureReporter } from './useFailureMessage';

export interface QuantityCurvesSource {
  readonly runIds: MaybeRefOrGetter<readonly number[]>;
  readonly quantity: MaybeRefOrGetter<CompareQuantity>;
  readonly xAxis: MaybeRefOrGetter<XAxis>;
}

/**
 * One quantity's curves for a set of runs on one x-axis — what a comparison panel draws.
 * `curves` is null while a read is on its way and [] when no run is chosen; it is read again
 * whenever the runs, the quantity or the x-axis change, and an answer that arrives after a
 * newer request was made is dropped (a quick change of quantity never shows the old one).
 * Curves are held in a shallowRef: tens of thousands of points need no deep reactivity.
 */
export function useQuantityCurves(
  lab: LabClient,
  source: QuantityCurvesSource,
  report: FailureReporter,
  onLoaded?: (curves: RunCurve[]) => void,
): { curves: ShallowRef<RunCurve[] | null>; reload(): Promise<void> } {
  const curves = shallowRef<RunCurve[] | null>(null);
  let latestRequest = 0;

  async function reload(): Promise<void> {
    const runIds = [...toValue(source.runIds)];
    const request = ++latestRequest;
    if (runIds.length === 0) {
      curves.value = [];
      return;
    }
    curves.value = null;
    try {
      const read = await toValue(source.quantity).read(lab, runIds, toValue(source.xAxis));
      if (request !== latestRequest) return;
      curves.value = read;
      onLoaded?.(read);
    } catch (e) {
      if (request !== latestRequest) return;
      report(e);
      curves.value = [];
    }
  }

  watch(
    [
      () => toValue(source.runIds).join(','),
      () => toValue(source.quantity),
      () => toValue(source.xAxis),
    ],
    () => void reload(),
    { immediate: true },
  );
  return { curves, reload };
}
