/**
 * "Group by cell": each cell of a sweep drawn as the mean of its seeds with the shaded 95 %
 * confidence band around it (pure; tested in Node). The building block of any panel that
 * summarizes cells, as runCurvesChart is for panels that overlay runs.
 */
import type { CellSeries } from '../../../src-main/api/contract';
import type { CompareQuantity } from '../compare/compareQuantities';
import { csvField } from './drawnDataCsv';
import type { EChartsCoreOption } from './echartsSetup';
import { lineChartOption, ORTHOGONAL_LINE, type LineSeriesSpec } from './lineChartOption';

export interface CellBandsSpec {
  readonly quantity: Pick<CompareQuantity, 'label' | 'referenceAtOne'>;
  /** One band per cell, with its label; the order of `colors`. */
  readonly bands: readonly CellSeries[];
  readonly colors: readonly string[];
}

/** The mean line of a band: points where the cell has a mean. */
export function meanPoints(band: CellSeries): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  band.steps.forEach((step, i) => {
    const mean = band.mean[i];
    if (mean !== null && Number.isFinite(mean)) points.push([step, mean]);
  });
  return points;
}

/**
 * The band as ECharts draws a range: the lower bound (invisible) with the width hi − lo
 * stacked on it and filled. Steps without an interval (one seed) break the band ('-').
 */
export function bandSeries(band: CellSeries, color: string, index: number): object[] {
  const lower = band.steps.map((step, i) => [step, band.lo[i] ?? '-']);
  const width = band.steps.map((step, i) => {
    const lo = band.lo[i];
    const hi = band.hi[i];
    return [step, lo === null || hi === null ? '-' : hi - lo];
  });
  const common = {
    type: 'line',
    name: band.label,
    stack: `cell-band-${index}`,
    symbol: 'none',
    silent: true,
    color,
    lineStyle: { opacity: 0 },
    emphasis: { disabled: true },
    tooltip: { show: false },
  };
  return [
    { ...common, data: lower },
    { ...common, data: width, areaStyle: { color, opacity: 0.18 } },
  ];
}

/** Mean lines with shaded 95 % bands; steps on the x-axis (seeds are aligned by step). */
export function cellBandsOption(spec: CellBandsSpec): EChartsCoreOption {
  const means: LineSeriesSpec[] = spec.bands.map((band, i) => ({
    name: `${band.label} (n = ${Math.max(0, ...band.n)})`,
    color: spec.colors[i],
    points: meanPoints(band),
  }));
  const option = lineChartOption({
    title: spec.quantity.label,
    subtitle: 'mean over seeds with the 95 % confidence band (Student t, n − 1 df)',
    xName: 'step',
    yName: spec.quantity.label.split(',')[0],
    series: means,
    referenceY: spec.quantity.referenceAtOne ? ORTHOGONAL_LINE : undefined,
  }) as EChartsCoreOption & { series: object[] };
  // Bands first, so the mean lines are drawn on top of them; legend names follow the lines.
  const bands = spec.bands.flatMap((band, i) =>
    bandSeries({ ...band, label: means[i].name }, spec.colors[i], i),
  );
  return { ...option, series: [...bands, ...option.series] };
}

export const bandPointCount = (bands: readonly CellSeries[]): number =>
  bands.reduce((n, b) => n + b.steps.length, 0);

/** What a band chart draws, one row per cell and step: n, mean, sd and the interval. */
export function cellBandsCsv(bands: readonly CellSeries[], quantityLabel: string): string {
  const lines = [
    ['cell', 'quantity', 'step', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high'].join(','),
  ];
  for (const band of bands) {
    band.steps.forEach((step, i) => {
      lines.push(
        [
          band.label,
          quantityLabel,
          step,
          band.n[i],
          band.mean[i] ?? '',
          band.sd[i] ?? '',
          band.lo[i] ?? '',
          band.hi[i] ?? '',
        ]
          .map((v) => csvField(v))
          .join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}
