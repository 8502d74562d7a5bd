import type { RunConfigInput } from '../engine/config/configSchemas';
import type { StepSeries } from './stepSeries';

/**
 * The seam between the suite and whatever trains it. `SuiteExecutor` turns run requests into
 * finished run ids (today: the CLI's run queue through the API; later a sweep executor, local
 * or Slurm, can take its place); `SuiteReader` reads back what the claims need.
 */
export interface SuiteRunRequest {
  readonly armKey: string;
  readonly seed: number;
  readonly name: string;
  /** The arm's config with the seed set (a second-stage request's link already merged in). */
  readonly config: RunConfigInput;
  /** 1, or 2 for an arm trained from a first-stage run of the same seed (SuiteArm.after). */
  readonly stage: number;
}

export interface FinishedRun {
  /** null when the run could not be created (e.g. its first-stage run gave no usable split). */
  readonly runId: number | null;
  /** 'completed' for a run that trained all its steps; anything else is read as far as it got. */
  readonly status: string;
}

/**
 * Trains every request (in any order, any parallelism) and answers one entry per request, in
 * order. Called once per stage: a second stage's configs name runs of the first.
 */
export type SuiteExecutor = (requests: readonly SuiteRunRequest[]) => Promise<FinishedRun[]>;

/** The recorded series of one run that the verdict rules and figures read. */
export interface RunRecord {
  readonly coherence: {
    readonly train: StepSeries;
    readonly pristine: StepSeries;
    readonly corrupt: StepSeries;
  };
  readonly accuracy: {
    /** Train accuracy against the training (possibly corrupted) labels. */
    readonly train: StepSeries;
    readonly test: StepSeries;
    readonly pristine: StepSeries;
    /** Corrupt examples against their training labels: the memorized fraction. */
    readonly corrupt: StepSeries;
  };
  /**
   * Read only for runs whose extras include 'learnTimes': per training example (position
   * order) its training-file index and whether it was classified as its training label at the
   * run's last evaluation (stored learn times, "learned since" set).
   */
  readonly learnedAtEnd?: {
    readonly sourceIndex: readonly number[];
    readonly learned: readonly boolean[];
  };
  /** Mean per-example loss on the test split (the model's loss, e.g. ½(z − t)² for mse). */
  readonly loss?: { readonly test: StepSeries };
  /** The train probe's per-layer sums at every measurement (extra 'layers'). */
  readonly trainLayers?: readonly LayerSumsAtStep[];
  /** Final weights, "<layer>/<param>" → values in tfjs layout (extra 'finalWeights'). */
  readonly finalWeights?: Readonly<Record<string, readonly number[]>>;
}

/** What a claim reads beyond the series every record has (only for the runs that need it). */
export type RecordExtra = 'layers' | 'finalWeights' | 'learnTimes';

/** One probe measurement's per-layer sums N_ℓ = ‖S_ℓ‖², Q_ℓ = Σ_i ‖g_ℓ,i‖² (SPEC 1.1). */
export interface LayerSumsAtStep {
  readonly step: number;
  readonly layers: Readonly<Record<string, { readonly N: number; readonly Q: number }>>;
}

/**
 * Reads the records of finished runs; `extras` (run id → what else to read) names the runs
 * whose per-layer sums, final weights or learn times a claim needs, so the rest are not read.
 */
export type SuiteReader = (
  runIds: readonly number[],
  extras?: ReadonlyMap<number, readonly RecordExtra[]>,
) => Promise<Map<number, RunRecord>>;

/** One arm's run of one seed, with what it recorded. */
export interface SeedRun {
  readonly seed: number;
  readonly runId: number;
  readonly status: string;
  readonly record: RunRecord;
}

/** arm key → its runs, one per seed. */
export type SuiteData = ReadonlyMap<string, readonly SeedRun[]>;
