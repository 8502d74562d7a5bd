import type { CurveSource, LabClient, XAxis } from '../../../src-main/api/contract';
import type { ProbeName, SeriesName, SubsetName } from '../runData/seriesNames';

/** A run's line as drawn: a downsampled subset of its stored points (`runs.* maxPoints`). */
export interface DrawnLine {
  readonly x: number[];
  readonly y: number[];
  readonly step: number[];
}

/** One run's points of one quantity, on the chosen x-axis. */
export interface RunCurve {
  readonly runId: number;
  /** The stored points held: every one, or only the drawn ones until the others are read. */
  readonly x: number[];
  readonly y: number[];
  readonly step: number[];
  /** Points the run has stored (more than x.length while only the drawn points are held). */
  readonly storedPoints?: number;
  /** The downsampled line to draw, when the series was read downsampled. */
  readonly drawn?: DrawnLine;
}

/** The curves of a series read, downsampled when the answer holds fewer points than stored. */
function runCurves(
  read: ReadonlyArray<{
    runId: number;
    x: number[];
    y: number[];
    step: number[];
    storedPoints: number;
    returnedPoints: number;
  }>,
): RunCurve[] {
  return read.map((s) => {
    const curve = { runId: s.runId, x: s.x, y: s.y, step: s.step, storedPoints: s.storedPoints };
    return s.returnedPoints < s.storedPoints ? { ...curve, drawn: curve } : curve;
  });
}

/** Every held point is a stored point and none is missing. */
export const holdsEveryStoredPoint = (curve: RunCurve): boolean =>
  curve.storedPoints === undefined || curve.x.length >= curve.storedPoints;

export interface CompareQuantity {
  readonly id: string;
  readonly label: string;
  /** A horizontal reference line, for m-coherence quantities. */
  readonly referenceAtOne: boolean;
  /**
   * Probe m-coherence scales with the probe size m (its ceiling is m), so legends name each
   * run's m; α̂ is comparable across m and batch m-coherence has m = batch size.
   */
  readonly namesProbeM: boolean;
  /** Where the back end reads the quantity, to summarize a cell of runs (`runs.cellSeries`). */
  readonly source: CurveSource;
  /**
   * The runs' curves; with `maxPoints`, each downsampled to at most that many points (the
   * store's LTTB keeping first, last, lowest and highest), else every stored point.
   */
  read(lab: LabClient, runIds: number[], xAxis: XAxis, maxPoints?: number): Promise<RunCurve[]>;
}

const stored = (
  id: string,
  label: string,
  series: SeriesName,
  subset: SubsetName,
): CompareQuantity => ({
  id,
  label,
  referenceAtOne: series === 'batchCoherence',
  namesProbeM: false,
  source: { kind: 'series', series, subset },
  read: async (lab, runIds, xAxis, maxPoints) =>
    runCurves(await lab['runs.series']({ runIds, series, subset, xAxis, maxPoints })),
});

const probe = (which: ProbeName, alphaHat: boolean): CompareQuantity => ({
  id: `${alphaHat ? 'alphaHat' : 'coherence'}/${which}`,
  label: alphaHat
    ? `α̂ = (m-coherence − 1)/(m − 1), ${which} probe`
    : `probe m-coherence (α/α⊥), ${which} probe`,
  referenceAtOne: !alphaHat,
  namesProbeM: !alphaHat,
  source: { kind: 'coherence', probe: which, quantity: alphaHat ? 'alphaHat' : 'value' },
  read: async (lab, runIds, xAxis, maxPoints) =>
    runCurves(
      await lab['runs.coherenceSeries']({
        runIds,
        probe: which,
        xAxis,
        quantity: alphaHat ? 'alphaHat' : 'value',
        maxPoints,
      }),
    ),
});

/** Every quantity the compare view can overlay. */
export const COMPARE_QUANTITIES: readonly CompareQuantity[] = [
  probe('train', false),
  probe('pristine', false),
  probe('corrupt', false),
  probe('test', false),
  probe('train', true),
  stored(
    'batchCoherence/batch',
    'batch m-coherence (α/α⊥), m = batch size',
    'batchCoherence',
    'batch',
  ),
  stored('accuracy/test', 'accuracy, test', 'accuracy', 'test'),
  stored('accuracy/train', 'accuracy, train (training labels)', 'accuracy', 'train'),
  stored('accuracy/pristine', 'accuracy, pristine train examples', 'accuracy', 'pristine'),
  stored('accuracy/corrupt', 'accuracy, corrupt train examples (memorized)', 'accuracy', 'corrupt'),
  stored(
    'accuracyOriginal/train',
    'accuracy, train (original labels)',
    'accuracyOriginal',
    'train',
  ),
  stored('loss/train', 'loss, train', 'loss', 'train'),
  stored('loss/test', 'loss, test', 'loss', 'test'),
  stored('loss/batch', 'loss, minibatch', 'loss', 'batch'),
  stored('loss/pristine', 'loss, pristine', 'loss', 'pristine'),
  stored('loss/corrupt', 'loss, corrupt', 'loss', 'corrupt'),
  stored('lr/batch', 'learning rate', 'lr', 'batch'),
  stored('gradNorm/batch', 'gradient norm ‖mean minibatch gradient‖', 'gradNorm', 'batch'),
  stored(
    'lossReductionShare/pristine',
    'f_p: pristine examples’ share of the applied update',
    'lossReductionShare',
    'pristine',
  ),
  stored(
    'lossReductionShare/corrupt',
    'f_c: corrupt examples’ share of the applied update',
    'lossReductionShare',
    'corrupt',
  ),
  stored(
    'crossCoherence/train',
    'cross-coherence of the pristine and corrupt probes',
    'crossCoherence',
    'train',
  ),
];

export const X_AXIS_LABELS: Record<XAxis, string> = {
  step: 'step',
  epoch: 'epoch',
  examplesSeen: 'examples seen',
  wallMs: 'wall time (ms)',
};

/** The quantity with this id, or the first (probe m-coherence, train probe) for an unknown id. */
export function compareQuantity(id: string): CompareQuantity {
  return COMPARE_QUANTITIES.find((q) => q.id === id) ?? COMPARE_QUANTITIES[0];
}
