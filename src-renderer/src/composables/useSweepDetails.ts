import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { LabClient, SweepDetail } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';

/** The definitions and cells of the given sweeps (the compare view's axes table). */
export function useSweepDetails(
  lab: LabClient,
  sweepIds: MaybeRefOrGetter<readonly string[]>,
  report: FailureReporter,
): ShallowRef<ReadonlyMap<string, SweepDetail>> {
  const details = shallowRef<ReadonlyMap<string, SweepDetail>>(new Map());
  let latestRequest = 0;
  watch(
    () => [...new Set(toValue(sweepIds))].sort().join(','),
    async (joined) => {
      const ids = joined ? joined.split(',') : [];
      const request = ++latestRequest;
      try {
        const read = await Promise.all(ids.map((sweepId) => lab['sweeps.get']({ sweepId })));
        if (request === latestRequest) details.value = new Map(read.map((d) => [d.sweepId, d]));
      } catch (e) {
        if (request === latestRequest) report(e);
      }
    },
    { immediate: true },
  );
  return details;
}
