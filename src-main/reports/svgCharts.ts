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
