import { describe, expect, it } from 'vitest';
import { debiasedEma } from '../../src-renderer/src/charts/debiasedEma';
import { runColor } from '../../src-renderer/src/charts/runColors';
import {
  drawnPointCount,
  drawnSeries,
  runCurvesOption,
  runLegendName,
  type RunCurvesChartSpec,
} from '../../src-renderer/src/charts/runCurvesChart';
import {
  COMPARE_QUANTITIES,
  compareQuantity,
  type RunCurve,
} from '../../src-renderer/src/compare/compareQuantities';
import { comparedRuns, type RunLabels } from '../../src-renderer/src/compare/comparedRuns';
import {
  compareExportName,
  parseRunIdList,
  toggleRunId,
} from '../../src-renderer/src/compare/compareSelection';

interface Series {
  name: string;
  data: Array<[number, number]>;
  color: string;
  lineStyle: { width: number; opacity: number };
  markLine?: { data: Array<{ yAxis: number }> };
}
interface Option {
  title: { text: string; subtext?: string };
  xAxis: { type: string; name: string };
  yAxis: Array<{ type: string; name: string }>;
  series: Series[];
}

const runs: RunLabels = new Map([
  [3, { name: 'real labels', probeM: 1000 }],
  [7, { name: 'random labels', probeM: 100 }],
  [9, { name: 'no probes', probeM: null }],
]);

/**
 * Curves as `runs.coherenceSeries` returns them on a log-spaced schedule: x out of order where
 * a resumed run re-recorded a step, so the chart sorts.
 */
const curves: RunCurve[] = [
  { runId: 3, x: [0, 1, 2, 4, 8, 16], y: [30, 20, 12, 8, 5, 3], step: [0, 1, 2, 4, 8, 16] },
  { runId: 7, x: [0, 2, 1, 4], y: [2, 1.5, 1.8, 1.1], step: [0, 2, 1, 4] },
];
const coherenceTrain = compareQuantity('coherence/train');
const lossTrain = compareQuantity('loss/train');

function spec(overrides: Partial<RunCurvesChartSpec> = {}): RunCurvesChartSpec {
  const quantity = overrides.quantity ?? coherenceTrain;
  return {
    quantity,
    xAxis: 'step',
    drawn: drawnSeries(curves, runs, quantity.label, overrides.smoothing ?? 0),
    runs,
    smoothing: 0,
    logX: false,
    logY: false,
    dark: false,
    ...overrides,
  };
}
const optionOf = (s: RunCurvesChartSpec): Option => runCurvesOption(s) as unknown as Option;

describe('drawn series', () => {
  it('sort each run’s points by x (ties by step) and carry raw and smoothed values', () => {
    const drawn = drawnSeries(curves, runs, 'loss, train', 0.6);
    expect(drawn.map((d) => d.runName)).toEqual(['real labels', 'random labels']);
    expect(drawn[1].x).toEqual([0, 1, 2, 4]);
    expect(drawn[1].raw).toEqual([2, 1.8, 1.5, 1.1]);
    expect(drawn[1].step).toEqual([0, 1, 2, 4]);
    expect(drawn[1].smoothed).toEqual(debiasedEma(drawn[1].x, drawn[1].raw, 0.6));
    expect(drawnPointCount(drawn)).toBe(10);
  });

  it('name a run the list does not hold by its id', () => {
    const [d] = drawnSeries([{ runId: 42, x: [0], y: [1], step: [0] }], runs, 'x', 0);
    expect(d.runName).toBe('run 42');
  });
});

describe('run curves chart', () => {
  it('draws one line per run in the run’s own colour, whatever the selection order', () => {
    const option = optionOf(spec());
    expect(option.series.map((s) => s.color)).toEqual([runColor(3, false), runColor(7, false)]);
    const reversed = optionOf(spec({ drawn: drawnSeries([...curves].reverse(), runs, 'q', 0) }));
    expect(reversed.series.map((s) => s.color)).toEqual([runColor(7, false), runColor(3, false)]);
    expect(optionOf(spec({ dark: true })).series[0].color).toBe(runColor(3, true));
    expect(runColor(3, true)).not.toBe(runColor(3, false));
  });

  it('names probe m in the legend for probe m-coherence only', () => {
    expect(optionOf(spec()).series.map((s) => s.name)).toEqual([
      'real labels #3 (m = 1000)',
      'random labels #7 (m = 100)',
    ]);
    expect(optionOf(spec({ quantity: lossTrain })).series.map((s) => s.name)).toEqual([
      'real labels #3',
      'random labels #7',
    ]);
    expect(runLegendName(9, runs, true)).toBe('no probes #9');
  });

  it('marks m-coherence = 1 on m-coherence quantities and nowhere else', () => {
    const reference = (quantity: typeof coherenceTrain): unknown =>
      optionOf(spec({ quantity })).series[0].markLine?.data;
    expect(reference(coherenceTrain)).toEqual([{ yAxis: 1 }]);
    expect(reference(compareQuantity('batchCoherence/batch'))).toEqual([{ yAxis: 1 }]);
    expect(reference(compareQuantity('alphaHat/train'))).toBeUndefined();
    expect(reference(lossTrain)).toBeUndefined();
  });

  it('uses log axes as asked and drops the points they cannot draw', () => {
    const logX = optionOf(spec({ logX: true }));
    expect(logX.xAxis.type).toBe('log');
    expect(logX.yAxis[0].type).toBe('value');
    // x = 0 (step 0) cannot sit on a log x-axis.
    expect(logX.series[0].data[0]).toEqual([1, 20]);
    expect(logX.series[0].data).toHaveLength(5);
    const logY = optionOf(spec({ logY: true }));
    expect(logY.yAxis[0].type).toBe('log');
    expect(logY.series[0].data).toHaveLength(6);
  });

  it('labels the axes after the x-axis and the quantity', () => {
    const option = optionOf(spec({ xAxis: 'examplesSeen', quantity: lossTrain }));
    expect(option.xAxis.name).toBe('examples seen');
    expect(option.yAxis[0].name).toBe('loss');
    expect(option.title.text).toBe('loss, train');
  });

  it('with smoothing, draws raw values faint under the smoothed line and says so', () => {
    const option = optionOf(spec({ smoothing: 0.6 }));
    expect(option.series).toHaveLength(4);
    const [raw, smoothed] = option.series;
    expect(raw.name).toBe(smoothed.name);
    expect(raw.lineStyle.opacity).toBeLessThan(1);
    expect(smoothed.lineStyle.opacity).toBe(1);
    expect(raw.data.map((p) => p[1])).toEqual([30, 20, 12, 8, 5, 3]);
    const expected = debiasedEma([0, 1, 2, 4, 8, 16], [30, 20, 12, 8, 5, 3], 0.6);
    smoothed.data.forEach((p, i) => expect(p[1]).toBeCloseTo(expected[i], 12));
    expect(option.title.subtext).toContain('weight 0.6');
    expect(optionOf(spec()).title.subtext).toBeUndefined();
  });

  it('keeps an empty chart valid when no run has points', () => {
    const option = optionOf(spec({ drawn: [] }));
    expect(option.series).toEqual([]);
  });
});

describe('compare quantities', () => {
  it('have unique ids, and the unknown id falls back to the first', () => {
    const ids = COMPARE_QUANTITIES.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(compareQuantity('no/such')).toBe(COMPARE_QUANTITIES[0]);
  });
});

describe('compared runs', () => {
  it('give tables the same colours as the chart, and each run’s m', () => {
    const compared = comparedRuns([7, 3, 42], runs, false);
    expect(compared.runs).toEqual([
      { runId: 7, name: 'random labels', color: runColor(7, false) },
      { runId: 3, name: 'real labels', color: runColor(3, false) },
      { runId: 42, name: 'run 42', color: runColor(42, false) },
    ]);
    expect(compared.colors[3]).toBe(runColor(3, false));
    expect(compared.probeM).toEqual({ 7: 100, 3: 1000, 42: null });
  });

  it('travel in the route query as a list of positive run ids', () => {
    expect(parseRunIdList('3,7,,x,-1,2.5,12')).toEqual([3, 7, 12]);
    expect(parseRunIdList(undefined)).toEqual([]);
    expect(toggleRunId([3, 7], 7)).toEqual([3]);
    expect(toggleRunId([3, 7], 9)).toEqual([3, 7, 9]);
    expect(compareExportName('coherence/train', [3, 7])).toBe('compare-coherence-train-runs-3-7');
  });
});
