import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../src-renderer/src/charts/chartSvg';
import {
  lineChartOption,
  nearestPointIndex,
  ORTHOGONAL_LINE,
  toPoints,
  type LineChartSpec,
} from '../../src-renderer/src/charts/lineChartOption';

/** The parts of the option these tests read (ECharts' own option type is deliberately loose). */
interface Axis {
  type: string;
  name: string;
  min?: number | ((extent: { min: number; max: number }) => number);
  max?: number;
}
interface Series {
  name: string;
  data: Array<[number, number]>;
  yAxisIndex: number;
  showSymbol: boolean;
  sampling: string;
  color?: string;
  lineStyle: { width: number; opacity: number; type: string };
  markLine?: { data: Array<{ yAxis: number }>; label: { formatter: string } };
}
interface Option {
  animation: boolean;
  tooltip: { formatter?: (items: unknown[]) => string };
  legend: { data?: string[] };
  title: { text: string; subtext?: string };
  xAxis: Axis;
  yAxis: Axis[];
  series: Series[];
}
const build = (spec: LineChartSpec): Option => lineChartOption(spec) as unknown as Option;

const ramp = (n: number, f: (i: number) => number): Array<[number, number]> =>
  Array.from({ length: n }, (_, i): [number, number] => [i * 10, f(i)]);

describe('lineChartOption', () => {
  const base: LineChartSpec = {
    title: 'Loss',
    xName: 'step',
    yName: 'cross-entropy',
    series: [
      { name: 'train', color: '#3b82f6', points: ramp(50, (i) => 2 / (1 + i)) },
      { name: 'test', color: '#f59e0b', points: ramp(5, (i) => 2.2 / (1 + i)) },
    ],
  };

  it('draws one line per series on value axes, without animation, down-sampled by LTTB', () => {
    const option = build(base);
    expect(option.animation).toBe(false);
    expect(option.xAxis).toMatchObject({ type: 'value', name: 'step' });
    expect(option.yAxis).toHaveLength(1);
    expect(option.yAxis[0]).toMatchObject({ type: 'value', name: 'cross-entropy' });
    expect(option.series.map((s) => [s.name, s.color, s.data.length])).toEqual([
      ['train', '#3b82f6', 50],
      ['test', '#f59e0b', 5],
    ]);
    expect(option.series.every((s) => s.sampling === 'lttb')).toBe(true);
    // Markers only where there are few points to see.
    expect(option.series.map((s) => s.showSymbol)).toEqual([false, true]);
    expect(option.series[0].markLine).toBeUndefined();
  });

  it('switches each axis to a log axis on its own', () => {
    expect(build({ ...base, logX: true }).xAxis.type).toBe('log');
    expect(build({ ...base, logX: true }).yAxis[0].type).toBe('value');
    expect(build({ ...base, logY: true }).yAxis[0].type).toBe('log');
    expect(build({ ...base, logY: true }).xAxis.type).toBe('value');
  });

  it('draws the reference line once and keeps it on screen when every value is above it', () => {
    const option = build({
      ...base,
      yName: 'm-coherence (α/α⊥)',
      series: [
        { name: 'train probe', points: ramp(10, (i) => 30 - i) },
        { name: 'test probe', points: ramp(10, (i) => 20 - i) },
      ],
      referenceY: ORTHOGONAL_LINE,
    });
    expect(option.series[0].markLine?.data).toEqual([{ yAxis: 1 }]);
    expect(option.series[0].markLine?.label.formatter).toBe('1 (orthogonal)');
    expect(option.series[1].markLine).toBeUndefined();
    const min = option.yAxis[0].min;
    expect(typeof min).toBe('function');
    if (typeof min !== 'function') return;
    // Values 11…30: the axis starts below 1 at a tenth, not at 11.
    const low = min({ min: 11, max: 30 });
    expect(low).toBeLessThan(1);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(Math.round(low * 10)).toBeCloseTo(low * 10, 9);
    // Values already below 1: the axis follows the data.
    expect(min({ min: 0.5, max: 3 })).toBeLessThanOrEqual(0.5);
    // On a log axis a little room below the line, never 0.
    const logOption = build({
      ...base,
      series: [{ name: 'a', points: ramp(5, () => 10) }],
      referenceY: ORTHOGONAL_LINE,
      logY: true,
    });
    const logMin = logOption.yAxis[0].min;
    expect(typeof logMin === 'function' && logMin({ min: 10, max: 20 })).toBeCloseTo(0.9, 12);
  });

  it('adds a secondary y-axis only when one is named, and honours fixed y bounds', () => {
    const twoAxes = build({
      ...base,
      series: [
        ...base.series,
        { name: 'α̂', dashed: true, yAxisIndex: 1, points: ramp(3, () => 0.1) },
      ],
      secondaryYName: 'α̂',
    });
    expect(twoAxes.yAxis.map((a) => a.name)).toEqual(['cross-entropy', 'α̂']);
    expect(twoAxes.series[2]).toMatchObject({ yAxisIndex: 1, lineStyle: { type: 'dashed' } });
    const bounded = build({ ...base, yMin: 0, yMax: 1 });
    expect(bounded.yAxis[0]).toMatchObject({ min: 0, max: 1 });
  });

  it('draws faint series thin and translucent under the others', () => {
    const option = build({
      ...base,
      series: [
        { name: 'run', faint: true, points: ramp(3, () => 1) },
        { name: 'run', points: ramp(3, () => 1) },
      ],
    });
    expect(option.series[0].lineStyle).toEqual({ width: 1, opacity: 0.35, type: 'solid' });
    expect(option.series[1].lineStyle).toEqual({ width: 2, opacity: 1, type: 'solid' });
  });

  it('renders to SVG in Node with its title and axis names (the export path)', () => {
    const svg = renderChartSvg(lineChartOption(base), { width: 640, height: 320 }, false);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Loss');
    expect(svg).toContain('cross-entropy');
    expect(svg).toContain('#ffffff');
  });
});

describe('linked charts (pointerXs)', () => {
  const spec: LineChartSpec = {
    title: 'Accuracy',
    xName: 'step',
    yName: 'accuracy',
    series: [
      { name: 'a', label: 'a <raw>', color: '#111', faint: true, points: ramp(5, (i) => i) },
      { name: 'a', label: 'a <raw>', color: '#111', points: ramp(5, (i) => 10 * i) },
      {
        name: 'b',
        color: '#222',
        points: [
          [0, 1],
          [25, 2],
          [40, 3],
        ],
      },
    ],
    pointerXs: [0, 10, 20, 25, 30, 40],
  };

  it('adds one unsampled invisible series of the pointer xs, last, outside the legend', () => {
    const option = build(spec);
    expect(option.series).toHaveLength(4);
    const pointer = option.series[3] as unknown as {
      data: unknown[];
      sampling?: string;
      silent: boolean;
    };
    expect(pointer.data).toEqual([0, 10, 20, 25, 30, 40].map((x) => [x, null]));
    expect(pointer.sampling).toBeUndefined();
    expect(pointer.silent).toBe(true);
    expect(option.legend.data).toEqual(['a', 'b']);
    expect(build({ ...spec, pointerXs: undefined }).series).toHaveLength(3);
  });

  it('tooltips every line at the hovered x from its full points, naming a neighbour’s x', () => {
    const format = build(spec).tooltip.formatter!;
    const html = format([{ seriesIndex: 3, axisValue: 20, axisValueLabel: '20' }]);
    const rows = html.split('<br/>').map((r) => r.replace(/<span[^>]*><\/span>/, ''));
    // Labels are escaped; b has no point at 20: its nearest (25) is shown with its x.
    expect(rows).toEqual([
      '20',
      'a &lt;raw&gt; (raw): <b>2</b>',
      'a &lt;raw&gt;: <b>20</b>',
      'b: <b>2</b> (at 25)',
    ]);
    expect(format([])).toBe('');
  });

  it('finds the nearest point by binary search, ties to the left', () => {
    const points = ramp(6, (i) => i); // x = 0, 10, …, 50
    const brute = (x: number): number =>
      points.reduce(
        (best, p, i) => (Math.abs(p[0] - x) < Math.abs(points[best][0] - x) ? i : best),
        0,
      );
    for (const x of [-5, 0, 4, 5, 6, 10, 33, 49, 50, 70]) {
      expect(nearestPointIndex(points, x), `x = ${x}`).toBe(brute(x));
    }
  });
});

describe('toPoints', () => {
  it('zips x and y, dropping non-finite values', () => {
    expect(toPoints([0, 1, 2, 3], [5, Number.NaN, Number.POSITIVE_INFINITY, 7])).toEqual([
      [0, 5],
      [3, 7],
    ]);
  });

  it('drops points a log axis cannot draw (x ≤ 0 on log x, y ≤ 0 on log y) and no others', () => {
    const x = [0, 1, 2, 3];
    const y = [1, -1, 0, 2];
    expect(toPoints(x, y, { logX: true })).toEqual([
      [1, -1],
      [2, 0],
      [3, 2],
    ]);
    expect(toPoints(x, y, { logY: true })).toEqual([
      [0, 1],
      [3, 2],
    ]);
    expect(toPoints(x, y, { logX: true, logY: true })).toEqual([[3, 2]]);
  });
});
