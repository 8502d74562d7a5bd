import type { ProbeKind, SeriesName, Subset } from '../../shared/metricVocabulary';
import type { RunProgress } from '../../shared/runProgress';
import type { TrainingEndStatus } from '../../shared/runStatus';
import type { SerializedTensors } from './serializedTensors';

/**
 * What the engine reports while it trains. The engine knows nothing about SQLite, IPC or the
 * UI: consumers (the trainer process, tests, the benchmark) receive these plain,
 * structured-clone-safe objects and decide what to do with them.
 */

/** The GPU adapter a WebGPU run used, as Dawn reported it (engine/webgpuAdapter.ts finds it). */
export interface WebGpuAdapterInfo {
  /** e.g. "nvidia", "apple", "google" (as reported by the driver; may be empty). */
  readonly vendor: string;
  /** e.g. "ampere", "metal-3", "swiftshader" (may be empty). */
  readonly architecture: string;
  /** Human-readable driver description, e.g. "SwiftShader driver 5.0.0". */
  readonly description: string;
  /**
   * A CPU implementation of the GPU API (SwiftShader, Mesa llvmpipe/lavapipe, Microsoft WARP)
   * or Dawn's fallback adapter: correct but slower than the wasm backend, so never chosen
   * automatically.
   */
  readonly software: boolean;
}

/** Where a point sits on every possible x-axis (ARCHITECTURE example 9). */
export interface PointPosition {
  readonly step: number;
  readonly epoch: number;
  readonly examplesSeen: number;
  /** Milliseconds of training wall time since the run (or its first segment) started. */
  readonly wallMs: number;
}

/** One value of one metric (src-main/shared/metricVocabulary: METRICS) at one position. */
export interface MetricPoint extends PointPosition {
  readonly series: SeriesName;
  readonly subset: Subset;
  readonly value: number;
}

export interface LayerSums {
  /** N_ℓ = ‖Σ_i g_ℓ,i‖² */
  readonly N: number;
  /** Q_ℓ = Σ_i ‖g_ℓ,i‖² */
  readonly Q: number;
}

export interface CoherenceMeasurement extends PointPosition {
  readonly probe: ProbeKind;
  readonly m: number;
  /** ΣN_ℓ / ΣQ_ℓ, in [0, m]. */
  readonly value: number;
  /** (value − 1)/(m − 1): comparable across m (SPEC 1.1). */
  readonly alphaHat: number;
  readonly layers: Readonly<Record<string, LayerSums>>;
}

export interface ProbeSet {
  readonly name: ProbeKind;
  /** Positions in the prepared training (or test) subset. */
  readonly positions: number[];
  /** Indices into the dataset's original file order. */
  readonly sourceIndices: number[];
  /** The labels used for the gradients (training labels; test labels for the test probe). */
  readonly labels: number[];
}

export interface BackendInfo {
  readonly name: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  /**
   * e.g. "tfjs-backend-wasm 4.22.0", "tfjs-node-gpu 4.22.0 (GPU)" or, for WebGPU, with the
   * adapter: "tfjs-backend-webgpu 4.22.0 on nvidia ampere — NVIDIA GeForce RTX 3060".
   */
  readonly version: string;
  /** WebGPU only: the adapter the run used. */
  readonly adapter?: WebGpuAdapterInfo;
}

export interface StartRecord {
  readonly kind: 'start';
  readonly backend: BackendInfo;
  readonly paramCount: number;
  readonly layerNames: readonly string[];
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  readonly startStep: number;
  readonly probes: readonly ProbeSet[];
  /** Examples in the training subset and in the evaluated test set (the full split by default). */
  readonly trainCount: number;
  readonly testCount: number;
  /** METRICS_DEFINITION_VERSION of the engine that recorded this run (src-main/shared). */
  readonly metricsVersion: number;
  /**
   * Per training example: source index, original label, training label, whether it was
   * selected for noise, and whether it is corrupt (label changed, or pixels replaced).
   */
  readonly examples: {
    readonly sourceIndex: number[];
    readonly originalLabel: number[];
    readonly trainingLabel: number[];
    readonly selected: number[];
    readonly corrupt: number[];
  };
}

export interface MetricsRecord {
  readonly kind: 'metrics';
  readonly points: readonly MetricPoint[];
}

/** Class-pair cross-coherences at one measurement (engine/coherence/classCrossCoherence). */
export interface ClassCrossMeasurement extends PointPosition {
  /** Class labels ascending: the rows and columns of the matrix. */
  readonly classes: readonly number[];
  /** Upper triangle row by row, (c0,c1), (c0,c2), …, (c1,c2), …; null for a zero class sum. */
  readonly values: ReadonlyArray<number | null>;
}

export interface CoherenceRecord {
  readonly kind: 'coherence';
  readonly measurements: readonly CoherenceMeasurement[];
  /**
   * With per-class probes (coherence.perClass) and two or more classes: every class pair's
   * cross-coherence at this measurement. It rides with the probe measurements it is computed
   * from (the class probes' summed gradients), so it is stored in the same transaction.
   */
  readonly classCross?: ClassCrossMeasurement;
}

export interface ProgressRecord extends RunProgress {
  readonly kind: 'progress';
}

/** Everything needed to continue a run exactly where it stopped. */
export interface EngineCheckpoint {
  readonly step: number;
  readonly wallMs: number;
  /** Variable name → values (float32) and shape. */
  readonly weights: Readonly<SerializedTensors>;
  /** Optimizer slot name → values and shape (momentum/Adam moments), plus scalar state. */
  readonly optimizerState: Readonly<SerializedTensors>;
  /** Data-order RNG position: the batch order is a pure function of (seed, epoch). */
  readonly rngState: {
    readonly seed: number;
    readonly epoch: number;
    readonly positionInEpoch: number;
  };
  /**
   * Gradients an aggregator has buffered (M3/RM3 slots: "slot<k>/<variable index>"). Absent in
   * checkpoints from before aggregators, and empty for stateless ones.
   */
  readonly aggregatorState?: Readonly<SerializedTensors>;
  /** Learn-time tracker state at this step (absent in older checkpoints: restart from −1). */
  readonly learnTimes?: {
    readonly firstLearnedStep: Int32Array;
    readonly learnedSinceStep: Int32Array;
  };
}

export interface CheckpointRecord {
  readonly kind: 'checkpoint';
  readonly checkpoint: EngineCheckpoint;
}

export interface EndRecord {
  readonly kind: 'end';
  readonly status: TrainingEndStatus;
  readonly step: number;
  readonly message?: string;
  /** Final weights in export form: "<layer>/<param>" → tfjs-layout shape and values. */
  readonly finalWeights: Readonly<SerializedTensors>;
}

/**
 * Per training example (prepared-subset order, as in StartRecord.examples), emitted at every
 * evaluation: the first evaluated step at which it was classified as its training label, and
 * the step since which it has stayed so; −1 = never / not now. Each record supersedes the last.
 */
export interface LearnTimesRecord {
  readonly kind: 'learnTimes';
  readonly step: number;
  readonly firstLearnedStep: Int32Array;
  readonly learnedSinceStep: Int32Array;
}

export type EngineRecord =
  | StartRecord
  | MetricsRecord
  | CoherenceRecord
  | ProgressRecord
  | CheckpointRecord
  | LearnTimesRecord
  | EndRecord;
