import * as tf from '@tensorflow/tfjs';
import { perExampleLoss, predictedClasses } from '../model/losses';
import type { Model } from '../model/modelTypes';

/** Per-example outcome of a forward pass over a whole set, evaluated in chunks. */
export interface SetOutcome {
  /** Cross-entropy of each example against the given labels (tiny losses keep their precision). */
  readonly loss: Float32Array;
  /** Predicted class of each example. */
  readonly predicted: Int32Array;
}

/** Rows [start, end) of a row-major matrix with `width` columns, as a 2-D tensor. */
export function rowsTensor(x: Float32Array, width: number, rows: ArrayLike<number>): tf.Tensor2D {
  const buffer = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const start = rows[r] * width;
    buffer.set(x.subarray(start, start + width), r * width);
  }
  return tf.tensor2d(buffer, [rows.length, width]);
}

export async function evaluateSet(
  model: Model,
  x: Float32Array,
  labels: Uint8Array,
  count: number,
  chunkSize: number,
): Promise<SetOutcome> {
  const loss = new Float32Array(count);
  const predicted = new Int32Array(count);
  for (let start = 0; start < count; start += chunkSize) {
    const end = Math.min(count, start + chunkSize);
    const [lossChunk, predictedChunk] = tf.tidy(() => {
      const xs = tf.tensor2d(x.subarray(start * model.inputSize, end * model.inputSize), [
        end - start,
        model.inputSize,
      ]);
      const ys = tf.tensor1d(labels.subarray(start, end), 'int32');
      const logits = model.predict(xs);
      return [perExampleLoss(model.loss, logits, ys, model.numClasses), predictedClasses(logits)];
    });
    loss.set(await lossChunk.data(), start);
    predicted.set(await predictedChunk.data(), start);
    lossChunk.dispose();
    predictedChunk.dispose();
  }
  return { loss, predicted };
}

/** Mean loss and accuracy over the examples selected by `include` (all when omitted). */
export function summarize(
  outcome: SetOutcome,
  labels: Uint8Array,
  include?: (i: number) => boolean,
): { loss: number; accuracy: number; count: number } {
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  for (let i = 0; i < outcome.loss.length; i++) {
    if (include && !include(i)) continue;
    lossSum += outcome.loss[i];
    if (outcome.predicted[i] === labels[i]) correct += 1;
    count += 1;
  }
  return { loss: count ? lossSum / count : NaN, accuracy: count ? correct / count : NaN, count };
}
