import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { CompareResult, LabClient } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';

/**
 * The back end's comparison of a set of runs (summary rows and the config keys that differ),
 * read again when the set changes; null while reading and when no run is chosen. With `ready`,
 * the read waits until it is true: the summary reads every stored series of every run, and the
 * back end answers one call at a time, so asked first it would hold up the charts' reads.
 */
export function useRunComparison(
  lab: LabClient,
  runIds: MaybeRefOrGetter<readonly number[]>,
  report: FailureReporter,
  ready: MaybeRefOrGetter<boolean> = true,
): ShallowRef<CompareResult | null> {
  const comparison = shallowRef<CompareResult | null>(null);
  let latestRequest = 0;
  watch(
    [() => toValue(runIds).join(','), () => toValue(ready)],
    async ([key], previous) => {
      // Ready turning true reads only when nothing was read for these runs yet.
      if (previous && previous[0] === key && comparison.value) return;
      const ids = [...toValue(runIds)];
      const request = ++latestRequest;
      comparison.value = null;
      if (ids.length === 0 || !toValue(ready)) return;
      try {
        const result = await lab['runs.compare']({ runIds: ids });
        if (request === latestRequest) comparison.value = result;
      } catch (e) {
        if (request === latestRequest) report(e);
      }
    },
    { immediate: true },
  );
  return comparison;
}
