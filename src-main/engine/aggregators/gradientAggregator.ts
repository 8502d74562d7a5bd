import type * as tf from '@tensorflow/tfjs';
import type { GradientPassExtras, GradientPass } from '../model/modelTypes';
import type { SerializedTensors } from '../records/serializedTensors';

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
   * Asynchronous because per-example reductions read to the host (awaited on GPU backends).
   */
  direction(pass: GradientPass, batchSize: number, step: number): Promise<tf.Tensor[] | null>;
  /** Buffered gradients, so a resumed run continues exactly (empty for stateless ones). */
  exportState(): Promise<SerializedTensors>;
  importState(state: SerializedTensors): void;
  dispose(): void;
}
