import { init, type EChartsCoreOption } from './echartsSetup';

/** Page background behind exported charts (on screen the chart is transparent over the page). */
export const exportBackground = (dark: boolean): string => (dark ? '#111827' : '#ffffff');

/**
 * A chart option drawn once more with ECharts' SVG renderer in server-side mode (no DOM), for
 * vector exports: the same option as on screen, at the on-screen size.
 */
export function renderChartSvg(
  option: EChartsCoreOption,
  size: { readonly width: number; readonly height: number },
  dark: boolean,
): string {
  const chart = init(null, dark ? 'dark' : undefined, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption({ backgroundColor: exportBackground(dark), ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
