/**
 * Reading the compare dashboard's panels in the page: what each panel's ECharts tooltip shows
 * and which x window each panel draws. ECharts puts an axis tooltip in the chart's container
 * and hides it by style; the x window is the panel's x-axis labels as drawn (`data-x-window`).
 */
import type { Locator, Page } from 'playwright-core';

export const dashboardPanels = (page: Page): Locator =>
  page.locator('[data-test="dashboard-panel"]');

/** Every panel's tooltip as its lines of text; [] where none is showing. */
export const tooltipLines = (page: Page): Promise<string[][]> =>
  dashboardPanels(page).evaluateAll((els) =>
    els.map((panel) => {
      const tip = [...panel.querySelectorAll('.lab-chart div')].find(
        (d) =>
          d.style.position === 'absolute' &&
          d.style.pointerEvents === 'none' &&
          d.style.display !== 'none' &&
          d.style.visibility !== 'hidden' &&
          d.style.opacity !== '0',
      );
      return tip ? tip.innerText.split('\n').filter((line: string) => line.trim() !== '') : [];
    }),
  );

/** The x each panel's tooltip shows (its first line), '' where none is showing. */
export const tooltipXs = async (page: Page): Promise<string[]> =>
  (await tooltipLines(page)).map((lines) => lines[0] ?? '');
