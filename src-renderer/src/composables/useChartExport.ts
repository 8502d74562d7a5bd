import { toValue, type MaybeRefOrGetter } from 'vue';
import type { DesktopShell } from '../../../src-main/api/contract';
import { exportBackground, renderChartSvg } from '../charts/chartSvg';
import type { ECharts, EChartsCoreOption } from '../charts/echartsSetup';
import { dataUrlToBytes, saveContent } from '../download/saveContent';

export interface ChartExport {
  /** The chart as drawn on screen, at twice its pixel size. */
  savePng(baseName: string): Promise<void>;
  /** The same option re-rendered as SVG at the on-screen size. */
  saveSvg(baseName: string, option: EChartsCoreOption): Promise<void>;
  /** The drawn data as CSV text (see `drawnDataCsv`). */
  saveCsv(baseName: string, csv: string): Promise<void>;
}

/**
 * Exports of one chart: through the desktop's save dialog when there is one, a browser
 * download otherwise. `chart` gives the live ECharts instance (null before it is drawn).
 */
export function useChartExport(
  shell: DesktopShell | null,
  chart: () => ECharts | null,
  dark: MaybeRefOrGetter<boolean>,
): ChartExport {
  return {
    async savePng(baseName) {
      const instance = chart();
      if (!instance) return;
      const url = instance.getDataURL({
        type: 'png',
        pixelRatio: 2,
        backgroundColor: exportBackground(toValue(dark)),
      });
      await saveContent(shell, `${baseName}.png`, dataUrlToBytes(url), 'image/png');
    },
    async saveSvg(baseName, option) {
      const instance = chart();
      const size = { width: instance?.getWidth() ?? 960, height: instance?.getHeight() ?? 420 };
      const svg = renderChartSvg(option, size, toValue(dark));
      await saveContent(shell, `${baseName}.svg`, svg, 'image/svg+xml');
    },
    async saveCsv(baseName, csv) {
      await saveContent(shell, `${baseName}.csv`, csv, 'text/csv');
    },
  };
}
