import { computed, onScopeDispose, ref, watch, type ComputedRef } from 'vue';
import type { ECharts, EChartsCoreOption } from '../charts/echartsSetup';
import { useCompareTimings } from './useCompareTimings';

interface PanelState {
  readonly id: string;
  readonly option: EChartsCoreOption | null;
  readonly loaded: boolean;
}

export interface DashboardTimings {
  /** A panel's chart finished drawing (LabChart `rendered`). */
  panelRendered(panelId: string): void;
  /** A panel's chart exists: follow its hover updates. */
  chartCreated(chart: ECharts): void;
  /** Pointer moved over the dashboard: a linked-hover measurement starts. */
  pointerMoved(event: PointerEvent): void;
}

/**
 * The compare dashboard's performance marks, read by the UI benchmark (`bench/uiBench.ts`):
 * `compare:first-render` (view created → every panel with data drawn), `compare:smoothing-toggle`
 * (smoothing changed → every panel redrawn) and `compare:linked-hover` (a pointer move → every
 * linked chart has moved its axis pointer, and the frame that paints them has run). Call right after the dashboard is
 * set up (its reads start asynchronously, so nothing measured happens before this).
 */
export function useDashboardTimings(
  panels: ComputedRef<readonly PanelState[]>,
  smoothing: ComputedRef<number>,
): DashboardTimings {
  const drawn = new Map<string, EChartsCoreOption | null>();
  const allDrawn = (): boolean =>
    panels.value.every((p) => p.loaded && (!p.option || drawn.get(p.id) === p.option));
  const hasData = computed(() => panels.value.some((p) => p.option));
  // Both measures end when every panel shows its current option, not when the first one does.
  const timings = useCompareTimings(smoothing, () => hasData.value);
  // Checked when a panel has painted and when panels change: the last quantity to arrive may
  // have no data, so no chart paints after it and the view is complete all the same.
  const drawnCount = ref(0);
  watch([drawnCount, panels], () => {
    if (allDrawn()) timings.rendered();
  });

  const charts = new Set<ECharts>();
  let hover: { updated: Set<ECharts> } | null = null;
  const live = (): ECharts[] => [...charts].filter((c) => !c.isDisposed());
  function axisPointerUpdated(chart: ECharts): void {
    if (!hover) return;
    hover.updated.add(chart);
    if (!live().every((c) => hover?.updated.has(c))) return;
    hover = null;
    // ECharts paints in its own animation-frame loop, whose callback for the next frame is
    // already queued: by this callback every chart has drawn its new axis pointer.
    requestAnimationFrame(() => {
      performance.mark('compare:linked-hover-end');
      performance.measure(
        'compare:linked-hover',
        'compare:linked-hover-start',
        'compare:linked-hover-end',
      );
    });
  }
  onScopeDispose(() => charts.clear());

  return {
    panelRendered(panelId) {
      drawn.set(panelId, panels.value.find((p) => p.id === panelId)?.option ?? null);
      drawnCount.value++;
    },
    chartCreated(chart) {
      charts.add(chart);
      chart.on('updateAxisPointer', () => axisPointerUpdated(chart));
    },
    pointerMoved(event) {
      // Each move starts over: a measurement ends only when every chart has shown this one.
      hover = { updated: new Set() };
      performance.mark('compare:linked-hover-start', { startTime: event.timeStamp });
    },
  };
}
