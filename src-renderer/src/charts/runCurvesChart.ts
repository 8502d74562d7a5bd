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

/** Points sorted by x (ties by step): the same arrays when they already are. */
function sortedByX(
  x: number[],
  y: number[],
  step: number[],
): { x: number[]; y: number[]; step: number[] } {
  // Stored points usually come in x order already (20 × 5,000 index sorts cost more than
  // the check): sort only a curve that is not.
  const sorted = x.every(
    (xi, i) => i === 0 || x[i - 1] < xi || (x[i - 1] === xi && step[i - 1] <= step[i]),
  );
  if (sorted) return { x, y, step };
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b] || step[a] - step[b]);
  return { x: order.map((i) => x[i]), y: order.map((i) => y[i]), step: order.map((i) => step[i]) };
}

/**
 * Each run's curve as drawn and exported: sorted by x (ties by step), with the raw values and
 * the debiased EMA (weight `smoothing`, weighted by x-distance) applied before ECharts
 * down-samples for display; and the downsampled line the store chose, when read downsampled.
 */
export function drawnSeries(
  curves: readonly RunCurve[],
  runs: RunLabels,
  label: string,
  smoothing: number,
): DrawnSeries[] {
  return curves.map((c) => {
    const { x, y: raw, step } = sortedByX(c.x, c.y, c.step);
    const drawn = c.drawn && sortedByX(c.drawn.x, c.drawn.y, c.drawn.step);
    return {
      runId: c.runId,
      runName: runName(c.runId, runs),
      label,
      x,
      step,
      raw,
      smoothed: debiasedEma(x, raw, smoothing),
      storedPoints: c.storedPoints ?? x.length,
      ...(drawn && { drawn: { x: drawn.x, raw: drawn.y, step: drawn.step } }),
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
