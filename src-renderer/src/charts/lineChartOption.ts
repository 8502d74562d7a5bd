import { escapeHtml } from '../format/escapeHtml';
import type { EChartsCoreOption } from './echartsSetup';

/** m-coherence 1 means orthogonal per-example gradients (SPEC 1.1); m-coherence charts mark it. */
export const ORTHOGONAL_LINE = { value: 1, label: '1 (orthogonal)' } as const;

export interface LineSeriesSpec {
  readonly name: string;
  readonly color?: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  /**
   * The stored points behind a line drawn downsampled (x sorted): the linked tooltip reads its
   * value here, so a stored point the drawn line skips still shows its exact value.
   */
  readonly exact?: { readonly x: readonly number[]; readonly y: readonly number[] };
  /** Thinner, dashed: raw values drawn under a smoothed line, or a secondary quantity. */
  readonly faint?: boolean;
  readonly dashed?: boolean;
  readonly dotted?: boolean;
  /**
   * What the tooltip calls this line when `name` (its legend entry, shared by the lines that
   * toggle together) is not enough, e.g. "real labels #3 · pristine probe".
   */
  readonly label?: string;
  readonly yAxisIndex?: 0 | 1;
  readonly step?: boolean;
}

export interface LineChartSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly xName: string;
  readonly yName: string;
  readonly series: readonly LineSeriesSpec[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** A horizontal reference line, e.g. m-coherence = 1 (orthogonal gradients). */
  readonly referenceY?: { readonly value: number; readonly label: string };
  /** Name of a secondary y-axis on the right (for series with yAxisIndex 1). */
  readonly secondaryYName?: string;
  readonly yMin?: number;
  readonly yMax?: number;
  /** A fixed x range (panels that share an x-axis and zoom together need the same one). */
  readonly xMin?: number;
  readonly xMax?: number;
  /**
   * Zoomable along x (mouse wheel / drag, and a slider), starting at this window in percent of
   * the x range.
   */
  readonly zoom?: { readonly start: number; readonly end: number };
  /**
   * How ECharts thins a line to the pixels it has: 'lttb' (largest triangle, the default) or
   * 'minmax' (each pixel column's lowest and highest value: no extreme is ever dropped).
   */
  readonly sampling?: 'lttb' | 'minmax';
  /**
   * Charts linked for hover: the x values their axis pointer snaps to (sorted; the same in every
   * linked chart, e.g. every stored x of all their lines), so each shows the same x. Sampling
   * keeps different points in each line, so the pointer cannot snap to drawn points; the
   * tooltip then lists every line's stored value at that x, read from the full points.
   */
  readonly pointerXs?: readonly number[];
}

/** The invisible series that carries `pointerXs` (last, so series indices stay the lines'). */
const POINTER_SERIES = '\u0000pointer';

/**
 * The option for every line chart in the app: value axes (or log axes), no symbols,
 * no animation (live data arrives twice a second), LTTB down-sampling at draw time so
 * 100k-point comparisons stay fast, tooltips on the nearest x and a legend to toggle series.
 */
export function lineChartOption(spec: LineChartSpec): EChartsCoreOption {
  const axisBase = { nameLocation: 'middle' as const, scale: true };
  const yAxes: object[] = [
    {
      ...axisBase,
      type: spec.logY ? 'log' : 'value',
      name: spec.yName,
      nameGap: 48,
      // Keep the reference line (m-coherence = 1) on screen even when every value is above it.
      min:
        spec.yMin ??
        (spec.referenceY ? includeReference(spec.referenceY.value, spec.logY) : undefined),
      max: spec.yMax,
    },
  ];
  if (spec.secondaryYName) {
    yAxes.push({
      ...axisBase,
      type: 'value',
      name: spec.secondaryYName,
      nameGap: 48,
      splitLine: { show: false },
    });
  }
  const series: object[] = spec.series.map((s, index) => ({
    type: 'line',
    name: s.name,
    data: s.points,
    yAxisIndex: s.yAxisIndex ?? 0,
    showSymbol: s.points.length < 40,
    symbolSize: 4,
    sampling: spec.sampling ?? 'lttb',
    step: s.step ? 'end' : false,
    color: s.color,
    lineStyle: {
      width: s.faint ? 1 : 2,
      opacity: s.faint ? 0.35 : 1,
      type: s.dashed ? 'dashed' : s.dotted ? 'dotted' : 'solid',
    },
    emphasis: { disabled: true },
    markLine:
      index === 0 && spec.referenceY
        ? {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#888' },
            label: { formatter: spec.referenceY.label, position: 'insideEndTop' },
            data: [{ yAxis: spec.referenceY.value }],
          }
        : undefined,
  }));
  if (spec.pointerXs) series.push(pointerSeries(spec.pointerXs));
  const labels = spec.series.map((s) => s.label ?? s.name);
  return {
    animation: false,
    // A moving pointer repaints only its own canvas layer: it does not highlight the lines
    // under it (their emphasis is off anyway), which would repaint every line on each move.
    axisPointer: { zlevel: 1, triggerEmphasis: false },
    title: { text: spec.title, subtext: spec.subtitle, left: 8, textStyle: { fontSize: 14 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'line' },
      confine: true,
      ...(spec.pointerXs
        ? { formatter: (items: TooltipItem[]) => tooltipAtX(items, spec.series) }
        : spec.series.some((s) => s.label !== undefined) && {
            formatter: (items: TooltipItem[]) => tooltipHtml(items, labels),
          }),
    },
    legend: {
      type: 'scroll',
      top: spec.subtitle ? 44 : 26,
      left: 8,
      right: 8,
      ...(spec.pointerXs && { data: [...new Set(spec.series.map((s) => s.name))] }),
    },
    grid: {
      // The margins below leave room for the axis labels and names: no second layout pass
      // measuring every label to fit them (ECharts 6's default outerBoundsMode 'auto').
      outerBoundsMode: 'none',
      left: 70,
      right: spec.secondaryYName ? 70 : 24,
      top: spec.subtitle ? 84 : 64,
      bottom: spec.zoom ? 84 : 56,
    },
    xAxis: {
      ...axisBase,
      type: spec.logX ? 'log' : 'value',
      name: spec.xName,
      nameGap: 30,
      min: spec.xMin,
      max: spec.xMax,
    },
    yAxis: yAxes,
    ...(spec.zoom && {
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, start: spec.zoom.start, end: spec.zoom.end },
        {
          type: 'slider',
          xAxisIndex: 0,
          start: spec.zoom.start,
          end: spec.zoom.end,
          height: 16,
          bottom: 8,
          showDataShadow: false,
          labelFormatter: '',
        },
      ],
    }),
    series,
  };
}

/** What ECharts hands an axis tooltip formatter for each series at the hovered x. */
interface TooltipItem {
  readonly seriesIndex: number;
  readonly marker: string;
  readonly value: readonly [number, number];
  readonly axisValue: number;
  readonly axisValueLabel: string;
}

/** Drawn nothing, hovered never: only the x values the axis pointer snaps to. */
function pointerSeries(xs: readonly number[]): object {
  return {
    type: 'line',
    name: POINTER_SERIES,
    data: xs.map((x) => [x, null]),
    symbol: 'none',
    silent: true,
    lineStyle: { width: 0, opacity: 0 },
    emphasis: { disabled: true },
  };
}

/** Index of the point whose x is nearest `x` (points sorted by x, at least one). */
export function nearestPointIndex(
  points: ReadonlyArray<readonly [number, number]>,
  x: number,
): number {
  return nearestIndex(points.length, (i) => points[i][0], x);
}

/** Binary search over `count` x values in ascending order (at least one): the nearest to `x`. */
function nearestIndex(count: number, xAt: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xAt(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xAt(lo - 1) <= xAt(lo) - x ? lo - 1 : lo;
}

/** A line's stored point nearest `x`: from its exact points when it has them, else as drawn. */
function valueNearest(s: LineSeriesSpec, x: number): [number, number] | null {
  if (s.exact && s.exact.x.length > 0) {
    const { x: xs, y: ys } = s.exact;
    const i = nearestIndex(xs.length, (k) => xs[k], x);
    return [xs[i], ys[i]];
  }
  if (s.points.length === 0) return null;
  const [px, py] = s.points[nearestPointIndex(s.points, x)];
  return [px, py];
}

const marker = (color: string | undefined): string =>
  `<span style="display:inline-block;margin-right:4px;border-radius:5px;width:10px;height:10px;background-color:${escapeHtml(color ?? '#888')}"></span>`;

/**
 * The tooltip of linked charts: the snapped x, then every line's stored value nearest to it
 * (with that point's x when the line has none at this x), raw lines under a smoothed one
 * marked as such.
 */
function tooltipAtX(items: readonly TooltipItem[], series: readonly LineSeriesSpec[]): string {
  if (items.length === 0) return '';
  const x = items[0].axisValue;
  const rows: string[] = [];
  for (const s of series) {
    const nearest = valueNearest(s, x);
    if (!nearest) continue;
    const [px, py] = nearest;
    const label = `${s.label ?? s.name}${s.faint ? ' (raw)' : ''}`;
    const at = px === x ? '' : ` (at ${formatValue(px)})`;
    rows.push(`${marker(s.color)}${escapeHtml(label)}: <b>${formatValue(py)}</b>${at}`);
  }
  return [escapeHtml(items[0].axisValueLabel), ...rows].join('<br/>');
}

const formatValue = (value: number): string =>
  Number.isFinite(value) ? String(Number(value.toPrecision(4))) : '—';

/**
 * The axis tooltip with each line's own label (names are stored text: escaped, since ECharts
 * puts a formatter's string into the page as HTML).
 */
function tooltipHtml(items: readonly TooltipItem[], labels: readonly string[]): string {
  if (items.length === 0) return '';
  const rows = items.map(
    (item) =>
      `${item.marker}${escapeHtml(labels[item.seriesIndex] ?? '')}: <b>${formatValue(item.value[1])}</b>`,
  );
  return [escapeHtml(items[0].axisValueLabel), ...rows].join('<br/>');
}

function includeReference(
  reference: number,
  log: boolean | undefined,
): (extent: { min: number; max: number }) => number {
  return (extent) => {
    const low = Math.min(extent.min, reference);
    // A little room below the line so it is not drawn on the axis itself.
    if (log) return low * 0.9;
    // Round down to a tenth so the axis starts at a readable label (reference quantities are ≥ 0).
    return Math.max(0, Math.floor((low - 0.05 * Math.max(extent.max - low, 1e-9)) * 10) / 10);
  };
}

/** Zip x and y into chart points, dropping non-finite values and, on log axes, non-positive ones. */
export function toPoints(
  x: readonly number[],
  y: readonly number[],
  options: { logX?: boolean; logY?: boolean } = {},
): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    if ((options.logX && xi <= 0) || (options.logY && yi <= 0)) continue;
    points.push([xi, yi]);
  }
  return points;
}
