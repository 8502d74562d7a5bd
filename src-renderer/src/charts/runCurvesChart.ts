/**
 * One quantity for many runs on one x-axis: the compare view's chart, and the building block
 * of any panel that overlays runs (pure; tested in Node).
 */
import type { XAxis } from '../../../src-main/api/contract';
import { X_AXIS_LABELS, type CompareQuantity, type RunCurve } from '../compare/compareQuantities';
import { runName, type RunLabels } from '../compare/comparedRuns';
import { debiasedEma } from './debiasedEma';
import type { DrawnSeries } from './drawnDataCsv';
import type { EChartsCoreOption } from './echartsSetup';
import { lineChartOption, ORTHOGONAL_LINE, toPoints, type LineSeriesSpec } from './lineChartOption';
import { runColor } from './runColors';

/** "name #id", and "(m = …)" when the quantity's scale depends on the probe size m. */
export function runLegendName(runId: number, runs: RunLabels, namesProbeM: boolean): string {
  const base = `${runName(runId, runs)} #${runId}`;
  const m = runs.get(runId)?.probeM;
  return namesProbeM && m ? `${base} (m = ${m})` : base;
}

/**
 * Each run's curve as drawn and exported: sorted by x (ties by step), with the raw values and
 * the debiased EMA (weight `smoothing`, weighted by x-distance) applied before ECharts
 * down-samples for display.
 */
export function drawnSeries(
  curves: readonly RunCurve[],
  runs: RunLabels,
  label: string,
  smoothing: number,
): DrawnSeries[] {
  return curves.map((c) => {
    // Stored points usually come in x order already (20 × 5,000 index sorts cost more than
    // the check): sort only a curve that is not.
    const sorted = c.x.every(
      (x, i) => i === 0 || c.x[i - 1] < x || (c.x[i - 1] === x && c.step[i - 1] <= c.step[i]),
    );
    const order = sorted
      ? null
      : c.x.map((_, i) => i).sort((a, b) => c.x[a] - c.x[b] || c.step[a] - c.step[b]);
    const x = order ? order.map((i) => c.x[i]) : c.x;
    const raw = order ? order.map((i) => c.y[i]) : c.y;
    return {
      runId: c.runId,
      runName: runName(c.runId, runs),
      label,
      x,
      step: order ? order.map((i) => c.step[i]) : c.step,
      raw,
      smoothed: debiasedEma(x, raw, smoothing),
    };
  });
}

export const drawnPointCount = (drawn: readonly DrawnSeries[]): number =>
  drawn.reduce((n, d) => n + d.x.length, 0);

export interface RunCurvesChartSpec {
  readonly quantity: Pick<CompareQuantity, 'label' | 'referenceAtOne' | 'namesProbeM'>;
  readonly xAxis: XAxis;
  readonly drawn: readonly DrawnSeries[];
  readonly runs: RunLabels;
  /** EMA weight in [0, 1); above 0 the raw values are drawn faint under the smoothed line. */
  readonly smoothing: number;
  readonly logX: boolean;
  readonly logY: boolean;
  /** Run colours follow the theme; each run keeps its colour in every chart (`runColor`). */
  readonly dark: boolean;
}

/** The line chart of one quantity for many runs: one colour per run, raw faint under smoothed. */
export function runCurvesOption(spec: RunCurvesChartSpec): EChartsCoreOption {
  const { quantity, smoothing } = spec;
  const axes = { logX: spec.logX, logY: spec.logY };
  const series: LineSeriesSpec[] = [];
  for (const d of spec.drawn) {
    const name = runLegendName(d.runId, spec.runs, quantity.namesProbeM);
    const color = runColor(d.runId, spec.dark);
    if (smoothing > 0)
      series.push({ name, color, faint: true, points: toPoints(d.x, d.raw, axes) });
    series.push({ name, color, points: toPoints(d.x, smoothing > 0 ? d.smoothed : d.raw, axes) });
  }
  return lineChartOption({
    title: quantity.label,
    subtitle:
      smoothing > 0
        ? `smoothed: debiased EMA weighted by x-distance, weight ${smoothing}; raw values faint`
        : undefined,
    xName: X_AXIS_LABELS[spec.xAxis],
    yName: quantity.label.split(',')[0],
    series,
    logX: spec.logX,
    logY: spec.logY,
    referenceY: quantity.referenceAtOne ? ORTHOGONAL_LINE : undefined,
  });
}
