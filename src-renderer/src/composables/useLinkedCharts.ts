import { onScopeDispose } from 'vue';
import { connect, disconnect, type ECharts } from '../charts/echartsSetup';

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
let groups = 0;

/**
 * Charts linked with ECharts' own `connect`: axis pointer, tooltip and dataZoom actions of one
 * chart are replayed on the others. The panels share one x range (`sharedXRange`), so the
 * same zoom percentages are the same x window in each.
 */
export function useLinkedCharts(): LinkedCharts {
  const group = `lab-linked-${++groups}`;
  const charts = new Set<ECharts>();
  let window: ZoomWindow = FULL;
  connect(group);
  onScopeDispose(() => disconnect(group));

  return {
    attach(chart) {
      for (const c of charts) if (c.isDisposed()) charts.delete(c);
      chart.group = group;
      charts.add(chart);
      chart.on('datazoom', () => {
        const zoom = (chart.getOption().dataZoom as ZoomWindow[] | undefined)?.[0];
        if (zoom) window = { start: zoom.start, end: zoom.end };
      });
    },
    zoom: () => window,
    resetZoom() {
      window = FULL;
      const first = [...charts].find((c) => !c.isDisposed());
      first?.dispatchAction({ type: 'dataZoom', start: FULL.start, end: FULL.end });
    },
  };
}
