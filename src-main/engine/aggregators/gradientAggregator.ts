import type * as tf from '@tensorflow/tfjs';
import type { GradientPassExtras, GradientPass } from '../model/modelTypes';
import type { SerializedTensors } from '../records/serializedTensors';

/**
 * The batch rows the gradient pass summed on their own (GradientPassExtras.groupRows) and which
 * group they are: the smaller of the pristine and corrupt examples of the minibatch.
 */
export interface CorruptionSplit {
  readonly rows: Int32Array;
  readonly group: 'pristine' | 'corrupt';
}

/** An update direction and the part of it that the corrupt (changed-label) examples contribute. */
export interface AggregatedUpdate {
  readonly direction: tf.Tensor[];
  /**
   * direction = pristine part + corruptPart, coordinate by coordinate, for the direction
   * actually produced (clipped sums for winsorized, the median's chosen batch for M3/RM3).
   * Null when the run has no corrupted examples (or a resumed buffer predates this split).
   */
  readonly corruptPart: tf.Tensor[] | null;
}

/**
 * Turns one minibatch's gradient pass into the update direction the optimizer applies (on the
 * scale of the minibatch mean), or null when this step makes no update (M3 while it collects,
 * RM3 before its buffer is full). Steps always count minibatches, whatever the aggregator.
 */
export interface GradientAggregator {
  readonly name: string;
  /** Extra reductions the gradient pass must make for this aggregator (per-example ones). */
  readonly passExtras: GradientPassExtras;
  /**
   * The caller disposes the returned tensors; buffered state stays owned by the aggregator.
   * `split` is how the pass was asked to sum the corrupt/pristine rows (null without
   * corruption). Asynchronous because per-example reductions read to the host (awaited on GPU
   * backends).
   */
  direction(
    pass: GradientPass,
    batchSize: number,
    step: number,
    split: CorruptionSplit | null,
  ): Promise<AggregatedUpdate | null>;
  /** Buffered gradients, so a resumed run continues exactly (empty for stateless ones). */
  exportState(): Promise<SerializedTensors>;
  importState(state: SerializedTensors): void;
  dispose(): void;
}
