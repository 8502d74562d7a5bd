/**
 * The live run view's panels, as pure functions of the stored records a `LiveRunReader` holds:
 * same data in, same option out, so they are tested in Node and redrawn whenever data grows.
 */
import type { CoherencePoint } from '../../../src-main/api/contract';
import { curveKey, type Curve, type WantedSeries } from '../runData/liveRunReader';
import type { ProbeName, SubsetName } from '../runData/seriesNames';
import { chartPanel, emptyPanel, type ChartPanel } from './chartPanel';
import { latestQShares, layerCoherenceCurves, probesOf } from './coherencePoints';
import { lineChartOption, ORTHOGONAL_LINE, type LineSeriesSpec } from './lineChartOption';
import { SUBSET_COLORS, probeColor } from './subsetColors';

const M_COHERENCE_AXIS = 'm-coherence (α/α⊥)';

/** Subsets drawn on the loss and accuracy charts, in legend order (pristine/corrupt only when stored). */
const EVALUATED_SUBSETS: readonly SubsetName[] = ['train', 'test', 'pristine', 'corrupt'];

/**
 * The stored series the live panels draw: loss and accuracy of train and test (and of the
 * pristine and corrupt parts of the training set when labels are corrupted), and batch
 * m-coherence. Probe m-coherence is read separately (`runs.coherence`).
 */
export function liveRunSeries(labelNoise: number): WantedSeries {
  const subsets: SubsetName[] =
    labelNoise > 0 ? ['train', 'test', 'pristine', 'corrupt'] : ['train', 'test'];
  return [
    ...subsets.map((s) => ['loss', s] as const),
    ...subsets.map((s) => ['accuracy', s] as const),
    ['batchCoherence', 'batch'],
  ];
}

/** The run's minibatch size (the m of batch m-coherence), or null when its config lacks one. */
export function batchSizeOf(config: Record<string, unknown>): number | null {
  return Number(config.batchSize ?? 0) || null;
}

type Point = [number, number];
const curvePoints = (curve: Curve): Point[] => curve.step.map((s, i): Point => [s, curve.y[i]]);

/** Loss or accuracy over steps, one line per evaluated subset that has points. */
export function subsetCurvesPanel(
  curves: ReadonlyMap<string, Curve>,
  quantity: 'loss' | 'accuracy',
): ChartPanel {
  const series: LineSeriesSpec[] = [];
  for (const subset of EVALUATED_SUBSETS) {
    const curve = curves.get(curveKey(quantity, subset));
    if (!curve || curve.step.length === 0) continue;
    series.push({ name: subset, color: SUBSET_COLORS[subset], points: curvePoints(curve) });
  }
  if (series.length === 0) {
    return emptyPanel(
      `No ${quantity} values yet`,
      'They are stored at every evaluation and appear here with the first one.',
    );
  }
  return chartPanel(
    quantity === 'loss'
      ? lineChartOption({ title: 'Loss', xName: 'step', yName: 'cross-entropy', series })
      : lineChartOption({
          title: 'Accuracy (against training labels; pristine/corrupt split)',
          xName: 'step',
          yName: 'accuracy',
          series,
          yMin: 0,
          yMax: 1,
        }),
  );
}

/**
 * Probe m-coherence over steps, one line per probe; with `showAlphaHat`, α̂ = (m-coh − 1)/(m − 1)
 * per probe as dashed lines on a secondary axis (comparable across m).
 */
export function probeCoherencePanel(
  points: readonly CoherencePoint[],
  options: { readonly showAlphaHat: boolean; readonly probeM: number | null },
): ChartPanel {
  if (points.length === 0) {
    return emptyPanel(
      'No probe m-coherence yet',
      'The first probe measurement is at step 0; it appears here as soon as it is stored.',
    );
  }
  const probes = probesOf(points);
  const pointsOf = (probe: ProbeName, value: (p: CoherencePoint) => number): Point[] =>
    points.filter((p) => p.probe === probe).map((p): Point => [p.step, value(p)]);
  const series: LineSeriesSpec[] = probes.map((probe) => ({
    name: `${probe} probe`,
    color: probeColor(probe),
    points: pointsOf(probe, (p) => p.value),
  }));
  if (options.showAlphaHat) {
    for (const probe of probes) {
      series.push({
        name: `α̂ ${probe} = (m-coh − 1)/(m − 1)`,
        color: probeColor(probe),
        dashed: true,
        yAxisIndex: 1,
        points: pointsOf(probe, (p) => p.alphaHat),
      });
    }
  }
  const m = options.probeM;
  return chartPanel(
    lineChartOption({
      title: 'Probe m-coherence (α/α⊥)',
      subtitle: m ? `m = ${m} per probe · ceiling m = ${m} · 1 = orthogonal gradients` : undefined,
      xName: 'step',
      yName: M_COHERENCE_AXIS,
      series,
      referenceY: ORTHOGONAL_LINE,
      secondaryYName: options.showAlphaHat ? 'α̂' : undefined,
    }),
  );
}

/** Batch m-coherence (m = batch size) on every training step. */
export function batchCoherencePanel(
  curve: Curve | undefined,
  batchSize: number | null,
): ChartPanel {
  if (!curve || curve.step.length === 0) {
    return emptyPanel(
      'No batch m-coherence yet',
      'It is measured on every training step while coherence.batch is on (the default).',
    );
  }
  return chartPanel(
    lineChartOption({
      title: 'Batch m-coherence (α/α⊥), every step',
      subtitle: batchSize ? `m = batch size = ${batchSize} · ceiling ${batchSize}` : undefined,
      xName: 'step',
      yName: M_COHERENCE_AXIS,
      series: [{ name: 'batch', color: SUBSET_COLORS.batch, points: curvePoints(curve) }],
      referenceY: ORTHOGONAL_LINE,
    }),
  );
}

/** Per-layer m-coherence N_ℓ/Q_ℓ of one probe over steps, one line per layer. */
export function layerCoherencePanel(
  points: readonly CoherencePoint[],
  probe: ProbeName,
  probeM: number | null,
): ChartPanel {
  const curves = layerCoherenceCurves(points, probe);
  if (curves.size === 0) return emptyPanel('No per-layer measurements yet');
  return chartPanel(
    lineChartOption({
      title: `Per-layer m-coherence N_ℓ/Q_ℓ (${probe} probe)`,
      subtitle: probeM ? `m = ${probeM}` : undefined,
      xName: 'step',
      yName: M_COHERENCE_AXIS,
      series: [...curves].map(([layer, layerPoints]) => ({ name: layer, points: layerPoints })),
      referenceY: { value: 1, label: '1' },
    }),
  );
}

/** Each layer's share of Q = Σ‖gᵢ‖² at one probe's latest measurement, as bars. */
export function layerQSharePanel(points: readonly CoherencePoint[], probe: ProbeName): ChartPanel {
  const latest = latestQShares(points, probe);
  if (!latest) return emptyPanel('No per-layer Q yet');
  return chartPanel({
    animation: false,
    title: {
      text: `Share of Q = Σ‖gᵢ‖² by layer (step ${latest.step})`,
      left: 8,
      textStyle: { fontSize: 14 },
    },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(1)} %` },
    grid: { left: 70, right: 24, top: 48, bottom: 40 },
    xAxis: { type: 'category', data: latest.shares.map((s) => s.layer) },
    yAxis: { type: 'value', min: 0, max: 1, name: 'Q share', nameLocation: 'middle', nameGap: 40 },
    series: [{ type: 'bar', data: latest.shares.map((s) => s.share), color: '#64748b' }],
  });
}
