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
   * Read only for the runs named in the reader's `learnTimesOf`: per training example (position
   * order) its training-file index and whether it was classified as its training label at the
   * run's last evaluation (stored learn times, "learned since" set).
   */
  readonly learnedAtEnd?: {
    readonly sourceIndex: readonly number[];
    readonly learned: readonly boolean[];
  };
}

export type SuiteReader = (
  runIds: readonly number[],
  learnTimesOf?: readonly number[],
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
