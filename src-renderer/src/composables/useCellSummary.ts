import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { CellSummaryResult, LabClient } from '../../../src-main/api/contract';
import type { CellGroup } from '../compare/cellGroups';
import type { FailureReporter } from './useFailureMessage';

/**
 * Every summary metric of each cell as n, mean, sd and 95 % CI (the back end computes them
 * with the same code as the CLI's `compare --sweep`); null while reading or without groups.
 */
export function useCellSummary(
  lab: LabClient,
  groups: MaybeRefOrGetter<readonly CellGroup[]>,
  report: FailureReporter,
): ShallowRef<CellSummaryResult | null> {
  const summary = shallowRef<CellSummaryResult | null>(null);
  let latestRequest = 0;
  watch(
    () =>
      toValue(groups)
        .map((g) => `${g.label}:${g.runIds.join(',')}`)
        .join('|'),
    async () => {
      const cells = toValue(groups).map((g) => ({ label: g.label, runIds: [...g.runIds] }));
      const request = ++latestRequest;
      summary.value = null;
      if (cells.length === 0) return;
      try {
        const result = await lab['runs.cellSummary']({ cells });
        if (request === latestRequest) summary.value = result;
      } catch (e) {
        if (request === latestRequest) report(e);
      }
    },
    { immediate: true },
  );
  return summary;
}
