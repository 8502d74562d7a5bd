import type { ECharts } from '../charts/echartsSetup';

export interface ZoomWindow {
  readonly start: number;
  readonly end: number;
}

export interface LinkedCharts {
  /** Join a chart to the group: hovering it shows the same x in all, zooming it zooms all. */
  attach(chart: ECharts): void;
  /**
   * The zoom window the group shows now (percent of the shared x range). Plain, not reactive:
   * read when a panel's option is rebuilt, so a redrawn panel keeps the group's zoom without
   * every zoom step rebuilding every panel.
   */
  zoom(): ZoomWindow;
  /** Back to the whole x range, in every panel. */
  resetZoom(): void;
}

const FULL: ZoomWindow = { start: 0, end: 100 };

/** What ECharts reports with `updateAxisPointer`: the value each axis pointer shows. */
interface AxisPointerEvent {
  readonly axesInfo?: ReadonlyArray<{ readonly axisDim: string; readonly value: number }>;
}

/** What ECharts reports with `datazoom`: one window, or a batch of them (inside zoom). */
interface DataZoomEvent {
  readonly start?: number;
  readonly end?: number;
  readonly batch?: ReadonlyArray<{ readonly start?: number; readonly end?: number }>;
}

interface LegendEvent {
  readonly name: string;
  readonly selected: Readonly<Record<string, boolean>>;
}

/** A point inside the chart's plot area at pixel column `x`, or null when x is outside it. */
function plotPointAt(chart: ECharts, x: number): [number, number] | null {
  const height = chart.getHeight();
  // The plot area spans the chart's middle (grid margins are well under half its height);
  // the other rows are a fallback for a very short chart.
  for (const y of [height / 2, height / 3, (2 * height) / 3]) {
    if (chart.containPixel({ gridIndex: 0 }, [x, y])) return [x, y];
  }
  return null;
}

/**
 * Charts linked for hover, zoom and legend toggles. Not ECharts' `connect`: it replays the
 * hovered chart's axis pointer on the others as "series n, data index k", and with draw-time
 * sampling (LTTB keeps different points in each line) or lines stored at other steps that
 * point does not exist in the other charts, which then hide their pointer (20 runs × 5,000
 * points showed no linked pointer). Here the others are given the hovered x value itself, at
 * a point inside their own plot area. The panels share one x range (`sharedXRange`), so the
 * same zoom percentages are the same x window in each.
 */
export function useLinkedCharts(): LinkedCharts {
  const charts = new Set<ECharts>();
  let window: ZoomWindow = FULL;
  // Set while one chart's change is replayed on the others: their own events are not replayed.
  let relaying = false;
  const others = (chart: ECharts | null): ECharts[] => {
    for (const c of charts) if (c.isDisposed()) charts.delete(c);
    return [...charts].filter((c) => c !== chart);
  };
  function relay(from: ECharts, apply: (chart: ECharts) => void): void {
    if (relaying) return;
    relaying = true;
    try {
      for (const chart of others(from)) apply(chart);
    } finally {
      relaying = false;
    }
  }

  function showPointer(chart: ECharts, value: number | undefined): void {
    const point =
      value === undefined
        ? null
        : plotPointAt(chart, chart.convertToPixel({ xAxisIndex: 0 }, value) as number);
    if (!point || value === undefined) {
      chart.dispatchAction({ type: 'updateAxisPointer', currTrigger: 'leave' });
      return;
    }
    chart.dispatchAction({
      type: 'updateAxisPointer',
      x: point[0],
      y: point[1],
      axesInfo: [{ axisDim: 'x', axisIndex: 0, value }],
    });
  }

  return {
    attach(chart) {
      charts.add(chart);
      chart.on('updateAxisPointer', (event) => {
        const x = (event as AxisPointerEvent).axesInfo?.find((a) => a.axisDim === 'x')?.value;
        relay(chart, (other) => showPointer(other, x));
      });
      chart.on('datazoom', (event) => {
        const e = event as DataZoomEvent;
        const start = e.batch?.[0]?.start ?? e.start;
        const end = e.batch?.[0]?.end ?? e.end;
        if (start === undefined || end === undefined) return;
        if (start === window.start && end === window.end) return;
        window = { start, end };
        relay(chart, (other) => other.dispatchAction({ type: 'dataZoom', start, end }));
      });
      chart.on('legendselectchanged', (event) => {
        const { name, selected } = event as LegendEvent;
        const type = selected[name] ? 'legendSelect' : 'legendUnSelect';
        relay(chart, (other) => other.dispatchAction({ type, name }));
      });
    },
    zoom: () => window,
    resetZoom() {
      window = FULL;
      for (const chart of others(null)) {
        chart.dispatchAction({ type: 'dataZoom', start: FULL.start, end: FULL.end });
      }
    },
  };
}
