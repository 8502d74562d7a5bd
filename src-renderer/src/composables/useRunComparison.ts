import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { CompareResult, LabClient } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';

/**
 * The back end's comparison of a set of runs (summary rows and the config keys that differ),
 * read again when the set changes; null while reading and when no run is chosen.
 */
export function useRunComparison(
  lab: LabClient,
  runIds: MaybeRefOrGetter<readonly number[]>,
  report: FailureReporter,
): ShallowRef<CompareResult | null> {
  const comparison = shallowRef<CompareResult | null>(null);
  let latestRequest = 0;
  watch(
    () => toValue(runIds).join(','),
    async () => {
      const ids = [...toValue(runIds)];
      const request = ++latestRequest;
      comparison.value = null;
      if (ids.length === 0) return;
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
