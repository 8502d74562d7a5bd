import type { EChartsCoreOption } from './echartsSetup';

/** What a panel shows when the series it needs are not stored (yet). */
export interface EmptyChart {
  readonly title: string;
  readonly detail?: string;
}

/**
 * One chart panel's content: an ECharts option, or an empty state naming what is missing
 * (ARCHITECTURE example 8: a chart declares the series it needs).
 */
export type ChartPanel =
  | { readonly option: EChartsCoreOption; readonly empty: null }
  | { readonly option: null; readonly empty: EmptyChart };

export const chartPanel = (option: EChartsCoreOption): ChartPanel => ({ option, empty: null });
export const emptyPanel = (title: string, detail?: string): ChartPanel => ({
  option: null,
  empty: detail === undefined ? { title } : { title, detail },
});
