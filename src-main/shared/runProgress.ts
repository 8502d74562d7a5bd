/**
 * The one progress shape of long work (ARCHITECTURE example 11): the engine measures it, the
 * store keeps the latest one per run, the API pushes it as `run.progress`, and the CLI bar and
 * the UI show it.
 */
export interface RunProgress {
  /** Optimizer steps done. */
  readonly done: number;
  readonly total: number;
  /** Steps per second over a recent window. */
  readonly rate: number;
  /** Seconds to completion at that rate; null until a rate is known. */
  readonly etaSec: number | null;
}
