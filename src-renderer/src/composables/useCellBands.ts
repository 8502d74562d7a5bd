import { shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { CellSeries, LabClient } from '../../../src-main/api/contract';
import type { CellGroup } from '../compare/cellGroups';
import type { CompareQuantity } from '../compare/compareQuantities';
import type { FailureReporter } from './useFailureMessage';

export interface CellBandsSource {
  readonly groups: MaybeRefOrGetter<readonly CellGroup[]>;
  readonly quantity: MaybeRefOrGetter<Pick<CompareQuantity, 'source'>>;
}

/**
 * One quantity's mean and 95 % band for each cell: what a "group by cell" panel draws.
 * `bands` is null while a read is on its way and [] without groups; it is read again when the
 * groups or the quantity change, and an answer that arrives after a newer request is dropped.
 */
export function useCellBands(
  lab: LabClient,
  source: CellBandsSource,
  report: FailureReporter,
): { bands: ShallowRef<CellSeries[] | null>; reload(): Promise<void> } {
  const bands = shallowRef<CellSeries[] | null>(null);
  let latestRequest = 0;

  async function reload(): Promise<void> {
    const groups = toValue(source.groups);
    const request = ++latestRequest;
    if (groups.length === 0) {
      bands.value = [];
      return;
    }
    bands.value = null;
    try {
      const read = await lab['runs.cellSeries']({
        cells: groups.map((g) => ({ label: g.label, runIds: [...g.runIds] })),
        source: toValue(source.quantity).source,
      });
      if (request === latestRequest) bands.value = read;
    } catch (e) {
      if (request !== latestRequest) return;
      report(e);
      bands.value = [];
    }
  }

  watch(
    [
      () =>
        toValue(source.groups)
          .map((g) => `${g.label}:${g.runIds.join(',')}`)
          .join('|'),
      () => JSON.stringify(toValue(source.quantity).source),
    ],
    () => void reload(),
    { immediate: true },
  );
  return { bands, reload };
}
