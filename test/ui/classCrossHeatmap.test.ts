import { describe, expect, it } from 'vitest';
import type { ClassCrossMatrix } from '../../src-main/api/contract';
import {
  DIVERGING_COLORS,
  classCrossPanel,
  heatmapCells,
} from '../../src-renderer/src/charts/classCrossHeatmap';

const result: ClassCrossMatrix = {
  runId: 1,
  classes: [0, 1, 2],
  classNames: ['cat', 'dog', 'ship'],
  steps: [0, 5],
  step: 5,
  matrix: [
    [1, 0.25, null],
    [0.25, 1, -0.5],
    [null, -0.5, 1],
  ],
};

interface HeatmapOption {
  xAxis: { data: string[] };
  yAxis: { data: string[]; inverse: boolean };
  visualMap: { min: number; max: number; inRange: { color: string[] } };
  series: Array<{ type: string; data: unknown[] }>;
  tooltip: { formatter: (p: { value: unknown }) => string };
  title: { text: string };
}

describe('class cross-coherence heatmap option', () => {
  it('draws K × K cells by class name on a diverging scale centred at 0 and names the cell on hover', () => {
    const panel = classCrossPanel(result, true);
    if (!panel.option) throw new Error('expected a chart');
    const option = panel.option as unknown as HeatmapOption;
    expect(option.title.text).toBe('step 5');
    expect(option.xAxis.data).toEqual(['cat', 'dog', 'ship']);
    expect(option.yAxis).toMatchObject({ data: ['cat', 'dog', 'ship'], inverse: true });
    // Symmetric range around 0 with the neutral colour in the middle.
    expect(option.visualMap.min).toBe(-option.visualMap.max);
    const colors = option.visualMap.inRange.color;
    expect(colors).toEqual(DIVERGING_COLORS);
    expect(colors[(colors.length - 1) / 2]).toBe('#f7f7f7');
    const [series] = option.series;
    expect(series.type).toBe('heatmap');
    expect(series.data).toHaveLength(9);
    expect(series.data).toContainEqual([2, 1, -0.5]);
    expect(series.data).toContainEqual([2, 0, '-']);
    expect(option.tooltip.formatter({ value: [2, 1, -0.5] })).toBe('dog × ship: -0.500');
    expect(option.tooltip.formatter({ value: [0, 2, '-'] })).toMatch(/^ship × cat: — /);
  });

  it('says what is missing: per-class probes, or the first measurement', () => {
    expect(classCrossPanel(null, false).empty?.title).toBe('No per-class probes in this run');
    expect(
      classCrossPanel({ ...result, steps: [], step: null, matrix: null }, true).empty?.title,
    ).toBe('No class cross-coherence yet');
    expect(heatmapCells([[1]])).toEqual([[0, 0, 1]]);
  });
});
