import * as echarts from 'echarts';

/**
 * Charts rendered to inline SVG with ECharts' server-side renderer, so a report is one
 * self-contained HTML file produced without a browser.
 */
export interface ChartLine {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly dashed?: boolean;
  /** A shaded interval around the line, as (x, low, high): e.g. a 95 % CI over seeds. */
  readonly band?: ReadonlyArray<readonly [number, number, number]>;
}

/** ECharts' default palette, set explicitly so a line and its band share one colour. */
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
  const colorOf = (i: number): string => PALETTE[i % PALETTE.length];
  chart.setOption({
    animation: false,
    title: { text: spec.title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
    legend: { top: 30, type: 'scroll', data: spec.lines.map((line) => line.name) },
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
    series: spec.lines.flatMap((line, i) => [
      ...bandSeries(line, i, colorOf(i), shiftX, spec.logY === true),
      {
        name: line.name,
        type: 'line',
        color: colorOf(i),
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
      },
    ]),
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

/**
 * Mean lines with shaded 95 % bands, one per cell, drawn by renderSvgChart: each band becomes a
 * line with its (x, low, high) interval where both bounds exist (n ≥ 2).
 */
export function renderSvgBandChart(spec: SvgBandChartSpec, width = 720, height = 360): string {
  const lines: ChartLine[] = spec.bands.map((band) => ({
    name: band.name,
    points: band.x.flatMap((x, j): Array<[number, number]> => {
      const mean = band.mean[j];
      return mean === null ? [] : [[x, mean]];
    }),
    band: band.x.flatMap((x, j): Array<[number, number, number]> => {
      const [lo, hi] = [band.lo[j], band.hi[j]];
      return lo === null || hi === null ? [] : [[x, lo, hi]];
    }),
  }));
  return renderSvgChart(
    {
      title: spec.title,
      xLabel: spec.xLabel,
      yLabel: spec.yLabel,
      lines,
      referenceY: spec.referenceY,
    },
    width,
    height,
  );
}

/**
 * A band as two stacked series: the low edge (invisible) and high − low on top of it with its
 * area filled, so the shading spans [low, high]. On a log axis a low edge at or below zero
 * cannot be drawn; it is raised to the smallest positive low edge or line value.
 */
function bandSeries(
  line: ChartLine,
  index: number,
  color: string,
  shiftX: number,
  logY: boolean,
): object[] {
  if (!line.band?.length) return [];
  const positive = [...line.band.map(([, lo]) => lo), ...line.points.map(([, y]) => y)].filter(
    (v) => v > 0,
  );
  const floor = logY && positive.length ? Math.min(...positive) : -Infinity;
  const edges = line.band.map(([x, lo, hi]) => {
    const low = Math.max(lo, floor);
    return { x: x + shiftX, low, span: Math.max(0, hi - low) };
  });
  const stack = `band-${index}`;
  const common = { type: 'line', stack, symbol: 'none', silent: true, color, z: 1 };
  return [
    {
      ...common,
      name: `${line.name} (band low)`,
      lineStyle: { opacity: 0 },
      data: edges.map((e) => [e.x, e.low]),
    },
    {
      ...common,
      name: `${line.name} (band)`,
      lineStyle: { opacity: 0 },
      areaStyle: { color, opacity: 0.18 },
      data: edges.map((e) => [e.x, e.span]),
    },
  ];
}
