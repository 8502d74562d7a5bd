import { computed, toValue, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue';
import type { DashboardLayout, LabClient, XAxis } from '../../../src-main/api/contract';
import {
  drawnLinePointCount,
  linePointCount,
  linesHoldStoredPoints,
  panelLoaded,
  panelOption,
  runPanelLines,
  sharedPointerXs,
  sharedXRange,
  storedLinePointCount,
  type PanelLine,
} from '../charts/dashboardPanel';
import type { EChartsCoreOption } from '../charts/echartsSetup';
import type { RunLabels } from '../compare/comparedRuns';
import { MemoByInputs } from '../compare/memoByInputs';
import {
  addPanel,
  canAddPanel,
  movePanel,
  removePanel,
  updatePanel,
  updateShared,
} from '../compare/dashboardLayout';
import { panelQuantity, type PanelQuantity } from '../compare/panelQuantities';
import { useDashboardCurves } from './useDashboardCurves';
import { useDashboardLayout } from './useDashboardLayout';
import type { FailureReporter } from './useFailureMessage';
import { useLinkedCharts, type LinkedCharts } from './useLinkedCharts';

/** One panel as the view shows it. */
export interface DashboardPanelView {
  readonly id: string;
  readonly quantityId: string;
  /** null: a quantity id this version does not know (a layout saved by another version). */
  readonly quantity: PanelQuantity | null;
  readonly logY: boolean;
  readonly loaded: boolean;
  readonly lines: readonly PanelLine[];
  /** Stored points the lines hold (all of them once read; the drawn ones before). */
  readonly pointCount: number;
  /** Raw points handed to the chart (downsampled to about the panel's width). */
  readonly drawnPointCount: number;
  /** Points the runs have stored. */
  readonly storedPointCount: number;
  /** Every stored point is held: tooltips show stored values, the CSV has every point. */
  readonly holdsStoredPoints: boolean;
  /** The chart, when there is something to draw. */
  readonly option: EChartsCoreOption | null;
}

export interface CompareDashboard {
  readonly layout: Ref<DashboardLayout>;
  /** The project's layout has been read (nothing is read for the panels before). */
  readonly layoutLoaded: Ref<boolean>;
  readonly panels: ComputedRef<DashboardPanelView[]>;
  /** Every panel's quantity has been read. */
  readonly allLoaded: ComputedRef<boolean>;
  readonly canAdd: ComputedRef<boolean>;
  readonly linked: LinkedCharts;
  add(quantityId: string): void;
  remove(panelId: string): void;
  move(panelId: string, offset: number): void;
  setQuantity(panelId: string, quantityId: string): void;
  setLogY(panelId: string, logY: boolean): void;
  setShared(change: { xAxis?: XAxis; logX?: boolean; smoothing?: number }): void;
}

export interface CompareDashboardSource {
  readonly runIds: MaybeRefOrGetter<readonly number[]>;
  readonly runs: MaybeRefOrGetter<RunLabels>;
  readonly dark: MaybeRefOrGetter<boolean>;
  /** Points per run a panel draws (about its width in pixels; `drawnPointsPerLine`). */
  readonly drawnPoints: MaybeRefOrGetter<number>;
}

export interface CompareDashboardEvents {
  /** Every panel's drawn lines have been read. */
  readonly onAllLoaded?: () => void;
  /** Every panel also holds every stored point. */
  readonly onStoredLoaded?: () => void;
}

/**
 * The compare view's dashboard: the project's layout, every panel's lines and chart for the
 * selected runs on the shared x-axis and x range, the panels linked for hover and zoom, and
 * the layout operations (each saved to the project).
 */
export function useCompareDashboard(
  lab: LabClient,
  source: CompareDashboardSource,
  report: FailureReporter,
  events: CompareDashboardEvents = {},
): CompareDashboard {
  const { layout, change, loaded: layoutLoaded } = useDashboardLayout(lab, report);
  const linked = useLinkedCharts();
  // Keyed by the ids' text, so a change that keeps every panel's quantity keeps this array.
  const quantityKey = computed(() => layout.value.panels.map((p) => p.quantity).join('|'));
  const quantities = computed(() =>
    quantityKey.value ? quantityKey.value.split('|').map(panelQuantity) : [],
  );
  const { curves } = useDashboardCurves(
    lab,
    {
      runIds: source.runIds,
      xAxis: () => layout.value.xAxis,
      // Nothing is read before the project's layout is known: the default layout's quantities
      // would be read for nothing and hold up the saved ones.
      quantityIds: () =>
        layoutLoaded.value
          ? quantities.value.flatMap((q) => q?.parts.map((part) => part.quantity.id) ?? [])
          : [],
      drawnPoints: source.drawnPoints,
    },
    report,
    events,
  );

  // Primitive views of the layout: a change to one panel's log-y leaves these equal, so
  // nothing that depends only on them is recomputed.
  const smoothing = computed(() => layout.value.smoothing);
  const logX = computed(() => layout.value.logX);
  const xAxis = computed(() => layout.value.xAxis);
  const runIdsKey = computed(() => toValue(source.runIds).join(','));

  // Each quantity's lines, rebuilt only when its curves, the runs or the smoothing change.
  const lineMemo = new MemoByInputs<PanelLine[]>();
  const linesByQuantity = computed(() => {
    const result = new Map<string, PanelLine[]>();
    for (const quantity of quantities.value) {
      if (!quantity || result.has(quantity.id)) continue;
      const parts = quantity.parts.map((p) => curves.value.get(p.quantity.id));
      const inputs = [
        ...parts,
        runIdsKey.value,
        toValue(source.runs),
        smoothing.value,
        toValue(source.dark),
      ];
      result.set(
        quantity.id,
        lineMemo.get(quantity.id, inputs, () =>
          panelLoaded(quantity, curves.value)
            ? runPanelLines(
                quantity,
                curves.value,
                toValue(source.runIds),
                toValue(source.runs),
                smoothing.value,
                toValue(source.dark),
              )
            : [],
        ),
      );
    }
    lineMemo.retain(new Set(result.keys()));
    return result;
  });
  const xRange = computed(() => sharedXRange([...linesByQuantity.value.values()], logX.value));
  const xMin = computed(() => xRange.value?.min ?? null);
  const xMax = computed(() => xRange.value?.max ?? null);
  // The same array while its values are (a quantity that arrives with the steps the others
  // have, or a smoothing change): no panel redraws for an equal pointer grid.
  let lastPointerXs: number[] = [];
  // Only from stored points: the downsampled lines keep different x in every run, so their union
  // would grow with each quantity read and redraw every panel each time.
  const pointerXs = computed(() => {
    const lines = [...linesByQuantity.value.values()];
    const xs = lines.every(linesHoldStoredPoints) ? sharedPointerXs(lines, logX.value) : [];
    if (xs.length !== lastPointerXs.length || xs.some((x, i) => x !== lastPointerXs[i])) {
      lastPointerXs = xs;
    }
    return lastPointerXs;
  });

  // Each panel's chart option, the same object while its inputs are: LabChart redraws only
  // panels whose option changed.
  const optionMemo = new MemoByInputs<EChartsCoreOption | null>();
  const panels = computed(() => {
    const views = layout.value.panels.map((panel, i): DashboardPanelView => {
      const quantity = quantities.value[i];
      const panelLines = quantity ? (linesByQuantity.value.get(quantity.id) ?? []) : [];
      const inputs = [
        quantity,
        panelLines,
        xAxis.value,
        logX.value,
        panel.logY,
        smoothing.value,
        xMin.value,
        xMax.value,
        pointerXs.value,
      ];
      const option = optionMemo.get(panel.id, inputs, () =>
        quantity && panelLines.length
          ? panelOption({
              quantity,
              lines: panelLines,
              xAxis: xAxis.value,
              logX: logX.value,
              logY: panel.logY,
              smoothing: smoothing.value,
              xRange: xRange.value,
              zoom: linked.zoom(),
              pointerXs: pointerXs.value,
            })
          : null,
      );
      return {
        id: panel.id,
        quantityId: panel.quantity,
        quantity,
        logY: panel.logY,
        loaded: quantity ? panelLoaded(quantity, curves.value) : true,
        lines: panelLines,
        pointCount: linePointCount(panelLines),
        drawnPointCount: drawnLinePointCount(panelLines),
        storedPointCount: storedLinePointCount(panelLines),
        holdsStoredPoints: linesHoldStoredPoints(panelLines),
        option,
      };
    });
    optionMemo.retain(new Set(views.map((v) => v.id)));
    return views;
  });

  return {
    layout,
    layoutLoaded,
    panels,
    allLoaded: computed(() => panels.value.every((p) => p.loaded)),
    canAdd: computed(() => canAddPanel(layout.value)),
    linked,
    add: (quantityId) => change(addPanel(layout.value, quantityId)),
    remove: (panelId) => change(removePanel(layout.value, panelId)),
    move: (panelId, offset) => change(movePanel(layout.value, panelId, offset)),
    setQuantity: (panelId, quantity) => change(updatePanel(layout.value, panelId, { quantity })),
    setLogY: (panelId, logY) => change(updatePanel(layout.value, panelId, { logY })),
    setShared(shared) {
      if (shared.xAxis !== undefined && shared.xAxis !== layout.value.xAxis) linked.resetZoom();
      change(updateShared(layout.value, shared));
    },
  };
}
