import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type {
  CellSeries,
  CellSummaryResult,
  LabClient,
  SweepDetail,
} from '../../../src-main/api/contract';
import {
  cellColor,
  cellGroupsOf,
  hasSweepCells,
  type CellGroup,
  type GroupableRun,
} from '../compare/cellGroups';
import type { CompareQuantity } from '../compare/compareQuantities';
import { useCellBands } from './useCellBands';
import { useCellSummary } from './useCellSummary';
import type { FailureReporter } from './useFailureMessage';
import { useSweepDetails } from './useSweepDetails';

export interface CellGroupingSource {
  readonly runIds: MaybeRefOrGetter<readonly number[]>;
  readonly runs: MaybeRefOrGetter<ReadonlyMap<number, GroupableRun>>;
  readonly quantity: MaybeRefOrGetter<CompareQuantity>;
  readonly dark: MaybeRefOrGetter<boolean>;
}

export interface CellGrouping {
  /** Grouping is on (`?group=cell`) and some compared run is a sweep cell's. */
  readonly grouped: ComputedRef<boolean>;
  /** Some compared run belongs to a sweep, so grouping would change the view. */
  readonly available: ComputedRef<boolean>;
  readonly groups: ComputedRef<CellGroup[]>;
  readonly colors: ComputedRef<string[]>;
  /** The quantity's mean and band per cell (null while reading; [] when not grouped). */
  readonly bands: ShallowRef<CellSeries[] | null>;
  readonly summary: ShallowRef<CellSummaryResult | null>;
  readonly details: ShallowRef<ReadonlyMap<string, SweepDetail>>;
  setGrouped(on: boolean): void;
  /** Leave grouping and compare one cell's seeds as individual runs. */
  showSeeds(runIds: readonly number[]): void;
}

/**
 * The compare view's "group by cell": the compared runs grouped by sweep cell, each cell's
 * mean curve with its 95 % band, its summary metrics as mean ± CI and the sweep axes that set
 * it apart. Grouping lives in the route (`?group=cell`), so a grouped comparison is a link.
 * Nothing is read while grouping is off.
 */
export function useCellGrouping(
  lab: LabClient,
  source: CellGroupingSource,
  report: FailureReporter,
): CellGrouping {
  const route = useRoute();
  const router = useRouter();
  const groups = computed(() => cellGroupsOf(toValue(source.runIds), toValue(source.runs)));
  const available = computed(() => hasSweepCells(groups.value));
  const grouped = computed(() => route.query.group === 'cell' && available.value);
  const activeGroups = computed(() => (grouped.value ? groups.value : []));
  const { bands } = useCellBands(lab, { groups: activeGroups, quantity: source.quantity }, report);
  const summary = useCellSummary(lab, activeGroups, report);
  const details = useSweepDetails(
    lab,
    () => activeGroups.value.flatMap((g) => (g.sweepId ? [g.sweepId] : [])),
    report,
  );
  return {
    grouped,
    available,
    groups,
    colors: computed(() => groups.value.map((_, i) => cellColor(i, toValue(source.dark)))),
    bands,
    summary,
    details,
    setGrouped(on) {
      void router.replace({ query: { ...route.query, group: on ? 'cell' : undefined } });
    },
    showSeeds(runIds) {
      void router.replace({ query: { ...route.query, runs: runIds.join(','), group: undefined } });
    },
  };
}
