import type { DashboardLayout, XAxis } from '../../../src-main/api/contract';
import { DASHBOARD_MAX_PANELS } from '../../../src-main/shared/dashboardLayout';
import { DEFAULT_PANEL_QUANTITIES } from './panelQuantities';

/**
 * The compare dashboard's layout as pure operations: every change returns a new layout (the
 * view saves it to the project), none changes the one it is given.
 */
export function defaultDashboardLayout(): DashboardLayout {
  return {
    panels: DEFAULT_PANEL_QUANTITIES.map((quantity, i) => ({
      id: `p${i + 1}`,
      quantity,
      logY: false,
    })),
    xAxis: 'step',
    logX: false,
    smoothing: 0,
  };
}

/** A panel id not yet in the layout: p1, p2, … (the lowest free number). */
export function newPanelId(layout: DashboardLayout): string {
  const used = new Set(layout.panels.map((p) => p.id));
  let n = 1;
  while (used.has(`p${n}`)) n++;
  return `p${n}`;
}

export const canAddPanel = (layout: DashboardLayout): boolean =>
  layout.panels.length < DASHBOARD_MAX_PANELS;

/** The layout with a panel of `quantity` added at the end (unchanged when it is full). */
export function addPanel(layout: DashboardLayout, quantity: string): DashboardLayout {
  if (!canAddPanel(layout)) return layout;
  return {
    ...layout,
    panels: [...layout.panels, { id: newPanelId(layout), quantity, logY: false }],
  };
}

export function removePanel(layout: DashboardLayout, id: string): DashboardLayout {
  return { ...layout, panels: layout.panels.filter((p) => p.id !== id) };
}

/** The panel moved `offset` places (−1 up, +1 down), kept within the list. */
export function movePanel(layout: DashboardLayout, id: string, offset: number): DashboardLayout {
  const from = layout.panels.findIndex((p) => p.id === id);
  const to = Math.min(Math.max(from + offset, 0), layout.panels.length - 1);
  if (from < 0 || from === to) return layout;
  const panels = [...layout.panels];
  const [panel] = panels.splice(from, 1);
  panels.splice(to, 0, panel);
  return { ...layout, panels };
}

export function updatePanel(
  layout: DashboardLayout,
  id: string,
  change: { quantity?: string; logY?: boolean },
): DashboardLayout {
  return {
    ...layout,
    panels: layout.panels.map((p) => (p.id === id ? { ...p, ...change } : p)),
  };
}

/** What all panels share: the x-axis (and log x) and the smoothing weight. */
export function updateShared(
  layout: DashboardLayout,
  change: { xAxis?: XAxis; logX?: boolean; smoothing?: number },
): DashboardLayout {
  return { ...layout, ...change };
}

/** The narrowest panel column of the dashboard grid (CompareDashboard.vue: minmax(520px, 1fr)). */
export const PANEL_MIN_WIDTH = 520;
/** The space between the dashboard grid's columns (CompareDashboard.vue: gap 1rem). */
export const PANEL_GAP = 16;

/**
 * Points per run a panel draws: about one per pixel column of a panel, from the width of the
 * panel grid (as many 520 px columns as fit, with their gaps); at least 200 so a narrow window
 * still shows a curve's shape, at most 4,000.
 */
export function drawnPointsPerLine(gridWidth: number): number {
  const columns = Math.max(1, Math.floor((gridWidth + PANEL_GAP) / (PANEL_MIN_WIDTH + PANEL_GAP)));
  const panelWidth = (gridWidth - PANEL_GAP * (columns - 1)) / columns;
  return Math.max(200, Math.min(4000, Math.ceil(panelWidth)));
}
