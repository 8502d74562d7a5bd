import { describe, expect, it } from 'vitest';
import type { CoherencePoint } from '../../src-main/api/contract';
import type { ChartPanel } from '../../src-renderer/src/charts/chartPanel';
import {
  latestProbePoint,
  latestQShares,
  layerCoherenceCurves,
  probesOf,
} from '../../src-renderer/src/charts/coherencePoints';
import {
  batchCoherencePanel,
  batchSizeOf,
  layerCoherencePanel,
  layerLegendName,
  layerQSharePanel,
  liveRunSeries,
  probeCoherencePanel,
  subsetCurvesPanel,
} from '../../src-renderer/src/charts/liveRunCharts';
import { SUBSET_COLORS } from '../../src-renderer/src/charts/subsetColors';
import { curveKey, type Curve } from '../../src-renderer/src/runData/liveRunReader';
import type { ProbeName } from '../../src-renderer/src/runData/seriesNames';

interface Series {
  name: string;
  data: Array<[number, number]>;
  color?: string;
  yAxisIndex: number;
  lineStyle: { type: string };
  markLine?: { data: Array<{ yAxis: number }> };
}
interface Option {
  title: { text: string; subtext?: string };
  xAxis: { type: string; data?: string[] };
  yAxis: Array<{ type: string; name: string; min?: unknown; max?: number }>;
  series: Series[];
}

function optionOf(panel: ChartPanel): Option {
  if (!panel.option)
    throw new Error(`expected a chart, got the empty state "${panel.empty.title}"`);
  return panel.option as unknown as Option;
}

/** A probe measurement as `runs.coherence` returns it: two dense layers, α̂ from the value. */
function measurement(probe: ProbeName, step: number, value: number, m = 100): CoherencePoint {
  // Layer sums chosen so N/Q per layer differ and Q shares are 0.8 / 0.2.
  return {
    step,
    epoch: step / 10,
    examplesSeen: step * 50,
    wallMs: step * 30,
    probe,
    m,
    value,
    alphaHat: (value - 1) / (m - 1),
    layers: { dense1: { N: 0.8 * value * 1.5, Q: 0.8 }, dense2: { N: 0.2 * value * 0.5, Q: 0.2 } },
  };
}

const steps = [0, 1, 2, 4, 8, 10, 20];
const coherence: CoherencePoint[] = steps.flatMap((s, i) => [
  measurement('train', s, 12 - i),
  measurement('pristine', s, 14 - i),
  measurement('corrupt', s, 3 - 0.2 * i),
]);
const curve = (f: (s: number) => number): Curve => ({ step: [...steps], y: steps.map(f) });

describe('live run panels', () => {
  it('declare the series they need: pristine/corrupt splits only for corrupted labels', () => {
    const clean = liveRunSeries(0).map(([series, subset]) => `${series}/${subset}`);
    expect(clean).toEqual([
      'loss/train',
      'loss/test',
      'accuracy/train',
      'accuracy/test',
      'batchCoherence/batch',
    ]);
    const noisy = liveRunSeries(0.5).map(([series, subset]) => `${series}/${subset}`);
    expect(noisy).toContain('loss/pristine');
    expect(noisy).toContain('accuracy/corrupt');
    expect(noisy).toHaveLength(9);
  });

  it('draw loss for every subset that has points, in subset colours', () => {
    const curves = new Map<string, Curve>([
      [curveKey('loss', 'train'), curve((s) => 2.3 / (1 + s))],
      [curveKey('loss', 'test'), curve((s) => 2.4 / (1 + s))],
      [curveKey('loss', 'pristine'), { step: [], y: [] }],
    ]);
    const option = optionOf(subsetCurvesPanel(curves, 'loss'));
    expect(option.title.text).toBe('Loss');
    expect(option.series.map((s) => [s.name, s.color])).toEqual([
      ['train', SUBSET_COLORS.train],
      ['test', SUBSET_COLORS.test],
    ]);
    expect(option.series[0].data[3]).toEqual([4, 2.3 / 5]);
    expect(option.series[0].markLine).toBeUndefined();
  });

  it('draw accuracy on a fixed 0–1 axis with the corrupt split when it is stored', () => {
    const curves = new Map<string, Curve>([
      [curveKey('accuracy', 'train'), curve((s) => s / 20)],
      [curveKey('accuracy', 'corrupt'), curve((s) => s / 40)],
    ]);
    const option = optionOf(subsetCurvesPanel(curves, 'accuracy'));
    expect(option.yAxis[0]).toMatchObject({ min: 0, max: 1 });
    expect(option.series.map((s) => s.name)).toEqual(['train', 'corrupt']);
  });

  it('show an empty state instead of blank axes when a series is missing', () => {
    expect(subsetCurvesPanel(new Map(), 'loss').empty?.title).toBe('No loss values yet');
    expect(subsetCurvesPanel(new Map(), 'accuracy').empty?.title).toBe('No accuracy values yet');
    expect(probeCoherencePanel([], { showAlphaHat: false, probeM: 100 }).empty?.title).toBe(
      'No probe m-coherence yet',
    );
    expect(batchCoherencePanel(undefined, 50).option).toBeNull();
    expect(batchCoherencePanel({ step: [], y: [] }, 50).option).toBeNull();
    expect(layerCoherencePanel([], 'train', 100).empty?.title).toBe(
      'No per-layer measurements yet',
    );
    expect(layerQSharePanel([], 'train').empty?.title).toBe('No per-layer Q yet');
    // A probe with no measurements is missing even when other probes have some.
    expect(layerCoherencePanel(coherence, 'test', 100).option).toBeNull();
  });

  it('draw probe m-coherence per probe with the line at 1 and m in the subtitle', () => {
    const option = optionOf(probeCoherencePanel(coherence, { showAlphaHat: false, probeM: 100 }));
    expect(option.series.map((s) => s.name)).toEqual([
      'train probe',
      'pristine probe',
      'corrupt probe',
    ]);
    expect(option.series.map((s) => s.color)).toEqual([
      SUBSET_COLORS.train,
      SUBSET_COLORS.pristine,
      SUBSET_COLORS.corrupt,
    ]);
    expect(option.series[0].data).toEqual(steps.map((s, i) => [s, 12 - i]));
    expect(option.series[0].markLine?.data).toEqual([{ yAxis: 1 }]);
    expect(option.title.subtext).toContain('m = 100');
    expect(option.yAxis).toHaveLength(1);

    // Log x spreads the early steps out; step 0 has no place on it and is left out.
    const logX = optionOf(
      probeCoherencePanel(coherence, { showAlphaHat: false, probeM: 100, logX: true }),
    );
    expect(logX.xAxis).toMatchObject({ type: 'log', name: 'step (log; step 0 not drawn)' });
    expect(logX.series[0].data).toEqual(
      steps.flatMap((s, i) => (s > 0 ? [[s, 12 - i] as [number, number]] : [])),
    );
  });

  it('add α̂ per probe as dashed lines on a second axis when asked', () => {
    const option = optionOf(probeCoherencePanel(coherence, { showAlphaHat: true, probeM: 100 }));
    expect(option.yAxis.map((a) => a.name)).toEqual(['m-coherence (α/α⊥)', 'α̂']);
    const alpha = option.series.filter((s) => s.yAxisIndex === 1);
    expect(alpha).toHaveLength(3);
    expect(alpha.every((s) => s.lineStyle.type === 'dashed')).toBe(true);
    expect(alpha[0].data[0]).toEqual([0, 11 / 99]);
  });

  it('draw batch m-coherence with m = batch size and the line at 1', () => {
    const option = optionOf(
      batchCoherencePanel(
        curve((s) => 5 + s),
        64,
      ),
    );
    expect(option.series).toHaveLength(1);
    expect(option.series[0].color).toBe(SUBSET_COLORS.batch);
    expect(option.series[0].markLine?.data).toEqual([{ yAxis: 1 }]);
    expect(option.title.subtext).toBe('m = batch size = 64 · ceiling 64');
    expect(batchSizeOf({ batchSize: 64 })).toBe(64);
    expect(batchSizeOf({})).toBeNull();
  });

  it('draw per-layer N/Q of the chosen probe, and Q shares of its latest measurement', () => {
    const layers = optionOf(layerCoherencePanel(coherence, 'pristine', 100));
    expect(layers.title.text).toContain('pristine probe');
    expect(layers.series.map((s) => s.name)).toEqual(['dense1', 'dense2']);
    expect(layers.series[0].data[0][1]).toBeCloseTo(14 * 1.5, 12);
    expect(layers.series[1].data[0][1]).toBeCloseTo(14 * 0.5, 12);
    expect(layers.series[0].markLine?.data).toEqual([{ yAxis: 1 }]);

    const named = optionOf(
      layerCoherencePanel(coherence, 'pristine', 100, { dense1: [784, 64], dense2: [64, 10] }),
    );
    expect(named.series.map((s) => s.name)).toEqual(['dense1 [784×64]', 'dense2 [64×10]']);
    expect(layerLegendName('conv1', [3, 3, 'channels', 16])).toBe('conv1 [3×3×channels×16]');
    expect(layerLegendName('dense3', undefined)).toBe('dense3');

    const shares = optionOf(layerQSharePanel(coherence, 'train'));
    expect(shares.title.text).toContain('step 20');
    expect(shares.xAxis).toMatchObject({ type: 'category', data: ['dense1', 'dense2'] });
    const bars = shares.series[0].data as unknown as number[];
    expect(bars[0]).toBeCloseTo(0.8, 12);
    expect(bars[1]).toBeCloseTo(0.2, 12);
  });
});

describe('coherence points', () => {
  it('list probes in order of appearance and find each probe’s latest measurement', () => {
    expect(probesOf(coherence)).toEqual(['train', 'pristine', 'corrupt']);
    expect(latestProbePoint(coherence, 'corrupt')?.step).toBe(20);
    expect(latestProbePoint(coherence, 'test')).toBeNull();
  });

  it('skip layers with Q = 0 (no gradient) rather than dividing by zero', () => {
    const point = {
      ...measurement('train', 0, 5),
      layers: { a: { N: 1, Q: 0 }, b: { N: 2, Q: 1 } },
    };
    expect([...layerCoherenceCurves([point], 'train').keys()]).toEqual(['b']);
    const zero = { ...point, layers: { a: { N: 0, Q: 0 } } };
    expect(latestQShares([zero], 'train')).toBeNull();
  });
});
