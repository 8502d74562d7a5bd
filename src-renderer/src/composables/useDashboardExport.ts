import { toValue, type MaybeRefOrGetter } from 'vue';
import type { CompareResult, DesktopShell } from '../../../src-main/api/contract';
import { renderChartSvg } from '../charts/chartSvg';
import { X_AXIS_LABELS } from '../compare/compareQuantities';
import type { ComparedRuns } from '../compare/comparedRuns';
import { dashboardReportHtml } from '../compare/dashboardReport';
import type { SummarySort } from '../compare/summaryColumns';
import { saveContent } from '../download/saveContent';
import type { CompareDashboard } from './useCompareDashboard';

/** Size of each panel's chart in the report (the report lays them out two per row). */
const REPORT_CHART = { width: 760, height: 400 } as const;

export interface DashboardExportSource {
  readonly dashboard: CompareDashboard;
  readonly comparison: MaybeRefOrGetter<CompareResult | null>;
  readonly compared: MaybeRefOrGetter<ComparedRuns>;
  readonly summarySort: MaybeRefOrGetter<SummarySort>;
  readonly exportName: MaybeRefOrGetter<string>;
}

/**
 * "Export dashboard": one self-contained HTML report of what the compare view shows — every
 * panel with a chart (as SVG, light theme for print), the summary in its on-screen order and
 * the config keys that differ. Saved through the desktop's dialog or as a browser download.
 */
export function useDashboardExport(
  shell: DesktopShell | null,
  source: DashboardExportSource,
): { saveReport(): Promise<boolean> } {
  return {
    async saveReport() {
      const { dashboard } = source;
      const layout = dashboard.layout.value;
      const comparison = toValue(source.comparison);
      const compared = toValue(source.compared);
      const panels = dashboard.panels.value.flatMap((panel) =>
        panel.option
          ? [
              {
                title: panel.quantity?.label ?? panel.quantityId,
                svg: renderChartSvg(panel.option, REPORT_CHART, false),
              },
            ]
          : [],
      );
      const smoothing = layout.smoothing > 0 ? `debiased EMA ${layout.smoothing}` : 'none';
      const html = dashboardReportHtml({
        title: `Comparison of ${compared.runs.length} runs`,
        generatedAt: new Date().toISOString(),
        runs: compared.runs,
        settings: `x-axis: ${X_AXIS_LABELS[layout.xAxis]}${layout.logX ? ' (log)' : ''}; smoothing: ${smoothing}`,
        panels,
        summary: comparison?.summary ?? [],
        summarySort: toValue(source.summarySort),
        probeM: compared.probeM,
        configDiff: comparison?.configDiff ?? [],
      });
      return saveContent(shell, `${toValue(source.exportName)}.html`, html, 'text/html');
    },
  };
}
