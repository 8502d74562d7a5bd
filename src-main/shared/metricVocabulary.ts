import { z } from 'zod';

/**
 * The names of everything a run records, shared by the engine (which computes the values), the
 * store (which keys points by series and subset), the API contract (which validates what can be
 * asked for) and the views (which label and plot them). A new quantity is declared here once;
 * the engine's metric table and the contract then have to follow, or the build fails.
 */

/** What a metric point measures. */
export const SERIES_NAMES = [
  'loss',
  'accuracy',
  /** Accuracy against the original (uncorrupted) labels. */
  'accuracyOriginal',
  /** m-coherence of the minibatch itself (m = batch size), from the training step's own pass. */
  'batchCoherence',
  'lr',
  /**
   * Share of the applied update from one subset (SPEC 1.6, on the update actually applied):
   * subset 'pristine' is f_p = ⟨u, u_p⟩/⟨u, u⟩, 'corrupt' is f_c; per training step that makes
   * an update, with corruption.
   */
  'lossReductionShare',
  /**
   * ‖(1/B)·Σ_i ∇ℓ_i‖: the norm of the minibatch's mean gradient of the per-example losses,
   * before the aggregator and weight decay; per training step.
   */
  'gradNorm',
  /**
   * Cross-coherence of the pristine and corrupt probes, ⟨S_p, S_c⟩/(‖S_p‖·‖S_c‖) with S the
   * summed gradient of each probe: do the two groups pull the same way? In [−1, 1]; at each
   * probe measurement, with label noise.
   */
  'crossCoherence',
] as const;
export const seriesSchema = z.enum(SERIES_NAMES);
export type SeriesName = (typeof SERIES_NAMES)[number];

/** Which examples a metric point is measured on. */
export const SUBSETS = ['batch', 'train', 'test', 'pristine', 'corrupt'] as const;
export const subsetSchema = z.enum(SUBSETS);
export type Subset = (typeof SUBSETS)[number];

/** The fixed probe sets probe m-coherence is measured on (SPEC 1.3). */
export const PROBE_KINDS = ['train', 'pristine', 'corrupt', 'test'] as const;
/**
 * Every probe name: the kinds above; `class<k>` — up to m training examples whose training
 * label is k (coherence.perClass); `train@<n>` — the first n examples of the train probe's draw
 * order (coherence.nested), so train@10 ⊂ train@100 ⊂ … and m-coherence can be read against m.
 */
export const probeSchema = z.union([
  z.enum(PROBE_KINDS),
  // Template literals type the names; the patterns pin the digits (no sign, point or exponent).
  z.templateLiteral(['class', z.number()]).refine((name) => /^class\d{1,3}$/.test(name)),
  z.templateLiteral(['train@', z.number()]).refine((name) => /^train@[1-9]\d{0,6}$/.test(name)),
]);
export type ProbeKind = z.infer<typeof probeSchema>;

export const classProbeName = (label: number): ProbeKind => `class${label}`;
/** The class label of a `class<k>` probe name; null for any other probe. */
export function classProbeLabel(name: string): number | null {
  const match = /^class(\d+)$/.exec(name);
  return match ? Number(match[1]) : null;
}
export const nestedProbeName = (size: number): ProbeKind => `train@${size}`;

/** One recorded quantity: which series on which subset, when it is recorded, how it reads. */
export interface MetricDeclaration {
  readonly series: SeriesName;
  readonly subset: Subset;
  /** 'step': every training step, from the step's own pass; 'evaluation': at scheduled steps. */
  readonly recordedAt: 'step' | 'evaluation';
  /** Recorded only for runs that corrupt some training examples (labels or pixels). */
  readonly needsCorruption: boolean;
  /** How a person reads it in a legend or a picker. */
  readonly label: string;
}

/**
 * Every metric a run records, in the order the engine emits them. Probe m-coherence is not a
 * metric point: it is a measurement per probe (PROBE_KINDS) with its per-layer sums.
 */
export const METRICS = [
  {
    series: 'loss',
    subset: 'batch',
    recordedAt: 'step',
    needsCorruption: false,
    label: 'loss, minibatch',
  },
  {
    series: 'accuracy',
    subset: 'batch',
    recordedAt: 'step',
    needsCorruption: false,
    label: 'accuracy, minibatch',
  },
  {
    series: 'lr',
    subset: 'batch',
    recordedAt: 'step',
    needsCorruption: false,
    label: 'learning rate',
  },
  {
    series: 'batchCoherence',
    subset: 'batch',
    recordedAt: 'step',
    needsCorruption: false,
    label: 'batch m-coherence (α/α⊥), m = batch size',
  },
  {
    series: 'gradNorm',
    subset: 'batch',
    recordedAt: 'step',
    needsCorruption: false,
    label: 'gradient norm ‖mean minibatch gradient‖',
  },
  {
    series: 'lossReductionShare',
    subset: 'pristine',
    recordedAt: 'step',
    needsCorruption: true,
    label: 'f_p: pristine examples’ share of the applied update',
  },
  {
    series: 'lossReductionShare',
    subset: 'corrupt',
    recordedAt: 'step',
    needsCorruption: true,
    label: 'f_c: corrupt examples’ share of the applied update',
  },
  {
    series: 'loss',
    subset: 'train',
    recordedAt: 'evaluation',
    needsCorruption: false,
    label: 'loss, train',
  },
  {
    series: 'accuracy',
    subset: 'train',
    recordedAt: 'evaluation',
    needsCorruption: false,
    label: 'accuracy, train (training labels)',
  },
  {
    series: 'loss',
    subset: 'test',
    recordedAt: 'evaluation',
    needsCorruption: false,
    label: 'loss, test',
  },
  {
    series: 'accuracy',
    subset: 'test',
    recordedAt: 'evaluation',
    needsCorruption: false,
    label: 'accuracy, test',
  },
  {
    series: 'loss',
    subset: 'pristine',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'loss, pristine',
  },
  {
    series: 'accuracy',
    subset: 'pristine',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'accuracy, pristine train examples',
  },
  {
    series: 'loss',
    subset: 'corrupt',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'loss, corrupt',
  },
  {
    series: 'accuracy',
    subset: 'corrupt',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'accuracy, corrupt train examples (memorized)',
  },
  {
    series: 'accuracyOriginal',
    subset: 'train',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'accuracy, train (original labels)',
  },
  {
    series: 'accuracyOriginal',
    subset: 'corrupt',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'accuracy, corrupt train examples (original labels)',
  },
  {
    series: 'crossCoherence',
    subset: 'train',
    recordedAt: 'evaluation',
    needsCorruption: true,
    label: 'cross-coherence of the pristine and corrupt probes, ⟨S_p, S_c⟩/(‖S_p‖‖S_c‖)',
  },
] as const satisfies readonly MetricDeclaration[];

/** One entry of METRICS, with its literal series, subset and schedule. */
export type DeclaredMetric = (typeof METRICS)[number];
export type StepMetric = Extract<DeclaredMetric, { recordedAt: 'step' }>;
export type EvaluationMetric = Extract<DeclaredMetric, { recordedAt: 'evaluation' }>;

type KeyOf<M> = M extends { series: infer S extends string; subset: infer U extends string }
  ? `${S}/${U}`
  : never;

/** "series/subset" of every declared metric, e.g. "accuracy/test". */
export type MetricKey = KeyOf<DeclaredMetric>;
export type StepMetricKey = KeyOf<StepMetric>;
export type EvaluationMetricKey = KeyOf<EvaluationMetric>;

/** The metrics recorded from every training step's own pass. */
export const STEP_METRICS: readonly StepMetric[] = METRICS.filter(
  (m): m is StepMetric => m.recordedAt === 'step',
);
/** The metrics recorded at the scheduled evaluations, over whole sets or the probes. */
export const EVALUATION_METRICS: readonly EvaluationMetric[] = METRICS.filter(
  (m): m is EvaluationMetric => m.recordedAt === 'evaluation',
);

/** The "series/subset" key of a metric: its name in latest values, exports and pickers. */
export function metricKey<S extends SeriesName, U extends Subset>(
  series: S,
  subset: U,
): `${S}/${U}` {
  return `${series}/${subset}`;
}

/** The key of a declared metric, typed as exactly the keys its declaration allows. */
export function keyOfMetric<M extends DeclaredMetric>(metric: M): KeyOf<M> {
  return metricKey(metric.series, metric.subset) as KeyOf<M>;
}
