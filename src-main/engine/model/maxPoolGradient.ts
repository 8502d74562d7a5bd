import * as tf from '@tensorflow/tfjs';

/**
 * Gradient of 2×2 max pooling with stride 2 and 'valid' padding (odd trailing rows/columns
 * dropped), routed to the first maximum of each window in row-major order, as tfjs-backend-cpu
 * and TensorFlow do. Only arithmetic that broadcasts over a [B·h, 2, w, 2, C] view of the input
 * (one row of windows per leading index), a step and a max pool: no gather/scatter, no
 * comparisons (slow generic kernels on wasm), and exact, since every intermediate is a small
 * integer. Each position scores 4, 3, 2, 1 by its place in the window if it holds the maximum
 * (0 otherwise); the window's best score marks the first maximum.
 */
export function maxPool2Gradient(
  x: tf.Tensor4D,
  pooled: tf.Tensor4D,
  dy: tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = x.shape;
    const [, rows, cols] = pooled.shape;
    const evenH = 2 * rows;
    const evenW = 2 * cols;
    const even =
      evenH === height && evenW === width
        ? x
        : tf.slice(x, [0, 0, 0, 0], [batch, evenH, evenW, channels]);
    const windows = tf.reshape(even, [batch * rows, 2, cols, 2, channels]);
    const perWindow = (t: tf.Tensor): tf.Tensor =>
      tf.reshape(t, [batch * rows, 1, cols, 1, channels]);
    // step(M − x) is 1 below the window maximum M and 0 at it.
    const belowMax = tf.step(tf.sub(perWindow(pooled), windows));
    const placeRank = tf.tensor([4, 3, 2, 1], [1, 2, 1, 2, 1]);
    const score = tf.mul(tf.sub(1, belowMax), placeRank);
    const best = tf.maxPool(
      tf.reshape(score, [batch, evenH, evenW, channels]) as tf.Tensor4D,
      2,
      2,
      'valid',
    );
    // Scores are integers: score − (best − ½) > 0 only where score = best.
    const first = tf.step(tf.sub(score, perWindow(tf.sub(best, 0.5))));
    const grad = tf.reshape(tf.mul(first, perWindow(dy)), [
      batch,
      evenH,
      evenW,
      channels,
    ]) as tf.Tensor4D;
    if (evenH === height && evenW === width) return grad;
    return tf.pad(grad, [
      [0, 0],
      [0, height - evenH],
      [0, width - evenW],
      [0, 0],
    ]);
  });
}
