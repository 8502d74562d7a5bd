import * as echarts from 'echarts';

/**
 * Charts rendered to inline SVG with ECharts' server-side renderer, so a report is one
 * self-contained HTML file produced without a browser.
 */
export interface ChartLine {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly dashed?: boolean;
}

export interface SvgChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly lines: readonly ChartLine[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Horizontal reference line (e.g. m-coherence = 1, the orthogonal-gradients level). */
  readonly referenceY?: { value: number; label: string };
}

export function renderSvgChart(spec: SvgChartSpec, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  // Step 0 cannot sit on a log axis; shift x by one so the initial measurement stays visible.
  const shiftX = spec.logX ? 1 : 0;
  chart.setOption({
    animation: false,
    title: { text: spec.title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
    legend: { top: 30, type: 'scroll' },
    grid: { left: 70, right: 30, top: 72, bottom: 50 },
    xAxis: {
      type: spec.logX ? 'log' : 'value',
      name: spec.logX ? `${spec.xLabel} + 1 (log)` : spec.xLabel,
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: {
      type: spec.logY ? 'log' : 'value',
      name: spec.yLabel,
      nameLocation: 'middle',
      nameGap: 50,
      scale: !spec.logY,
    },
    series: spec.lines.map((line, i) => ({
      name: line.name,
      type: 'line',
      showSymbol: line.points.length < 40,
      symbolSize: 4,
      lineStyle: { type: line.dashed ? 'dashed' : 'solid', width: 1.6 },
      data: line.points.map(([x, y]) => [x + shiftX, y]),
      ...(i === 0 && spec.referenceY
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#888', type: 'dotted' },
              label: { formatter: spec.referenceY.label, position: 'insideEndTop' },
              data: [{ yAxis: spec.referenceY.value }],
            },
          }
        : {}),
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** One cell of a sweep: its mean curve and the 95 % band around it (null where n < 2). */
export interface ChartBand {
  readonly name: string;
  readonly x: readonly number[];
  readonly mean: readonly (number | null)[];
  readonly lo: readonly (number | null)[];
  readonly hi: readonly (number | null)[];
}

export interface SvgBandChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly bands: readonly ChartBand[];
  readonly referenceY?: { value: number; label: string };
}

/** ECharts' default palette: each cell's band takes its mean line's colour. */
const PALETTE = [
  '#5470c6',
  '#91cc75',
  '#fac858',
  '#ee6666',
  '#73c0de',
  '#3ba272',
  '#fc8452',
  '#9a60b4',
  '#ea7ccc',
];

/**
 * Mean lines with shaded 95 % bands, one per cell: the band is two stacked series (the lower
 * bound, invisible, then hi − lo filled), the usual way to draw a range in ECharts.
 */
export function renderSvgBandChart(spec: SvgBandChartSpec, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const series = spec.bands.flatMap((band, i) => {
    const color = PALETTE[i % PALETTE.length];
    const at = (values: readonly (number | null)[]): Array<[number, number | null]> =>
      band.x.map((x, j) => [x, values[j] ?? null]);
    const width_ = band.lo.map((lo, j) => {
      const hi = band.hi[j];
      return lo === null || hi === null ? null : hi - lo;
    });
    const stack = `band-${i}`;
    return [
      {
        name: band.name,
        type: 'line',
        stack,
        data: at(band.lo),
        lineStyle: { opacity: 0 },
        showSymbol: false,
        silent: true,
        color,
      },
      {
        name: band.name,
        type: 'line',
        stack,
        data: at(width_),
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.2 },
        showSymbol: false,
        silent: true,
        color,
      },
      {
        name: band.name,
        type: 'line',
        data: at(band.mean),
        showSymbol: band.x.length < 40,
        symbolSize: 4,
        lineStyle: { width: 1.8 },
        color,
        ...(i === 0 && spec.referenceY
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#888', type: 'dotted' },
                label: { formatter: spec.referenceY.label, position: 'insideEndTop' },
                data: [{ yAxis: spec.referenceY.value }],
              },
            }
          : {}),
      },
    ];
  });
  chart.setOption({
    animation: false,
    title: { text: spec.title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
    legend: { top: 30, type: 'scroll', data: spec.bands.map((b) => b.name) },
    grid: { left: 70, right: 30, top: 72, bottom: 50 },
    xAxis: { type: 'value', name: spec.xLabel, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: spec.yLabel, nameLocation: 'middle', nameGap: 50, scale: true },
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
