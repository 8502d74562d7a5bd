import * as tf from '@tensorflow/tfjs';
import { convAxis, type ConvPadding } from './convGeometry';

// Above this patch length the identity-filter convolution's (k·k·Cin)² multiply-adds per
// position cost more than k² slices and a concat (measured on wasm: at D = 144 the convolution
// is ~1.5× faster, at D = 9 ~10×, because concat along a narrow last axis copies tiny runs).
const IDENTITY_CONV_MAX_PATCH = 256;

/**
 * im2col: the receptive field of every output position, laid out in the order of a flattened
 * [k, k, Cin] filter, as [B, Ho, Wo, k·k·Cin]. Short patches use a convolution with an identity
 * filter (one fast backend kernel, exact since every output is 1·x + 0s); long ones use k²
 * strided slices of the padded input, which cost a copy instead of (k·k·Cin)² work.
 */
export function extractPatches(
  a: tf.Tensor4D,
  kernel: number,
  stride: number,
  padding: ConvPadding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = a.shape;
    const patchSize = kernel * kernel * channels;
    if (patchSize <= IDENTITY_CONV_MAX_PATCH && !(kernel === 1 && stride === 1)) {
      const identity = tf.reshape(tf.eye(patchSize), [
        kernel,
        kernel,
        channels,
        patchSize,
      ]) as tf.Tensor4D;
      return tf.conv2d(a, identity, stride, padding);
    }
    const rows = convAxis(height, kernel, stride, padding);
    const cols = convAxis(width, kernel, stride, padding);
    const padded =
      rows.padBefore + rows.padAfter + cols.padBefore + cols.padAfter > 0
        ? tf.pad<tf.Tensor4D>(a, [
            [0, 0],
            [rows.padBefore, rows.padAfter],
            [cols.padBefore, cols.padAfter],
            [0, 0],
          ])
        : a;
    if (kernel === 1 && stride === 1) return padded;
    const pieces: tf.Tensor4D[] = [];
    for (let dy = 0; dy < kernel; dy++) {
      for (let dx = 0; dx < kernel; dx++) {
        pieces.push(
          stride === 1
            ? tf.slice(padded, [0, dy, dx, 0], [batch, rows.out, cols.out, channels])
            : (tf.stridedSlice(
                padded,
                [0, dy, dx, 0],
                [
                  batch,
                  dy + (rows.out - 1) * stride + 1,
                  dx + (cols.out - 1) * stride + 1,
                  channels,
                ],
                [1, stride, stride, 1],
              ) as tf.Tensor4D),
        );
      }
    }
    return pieces.length === 1 ? pieces[0] : tf.concat(pieces, 3);
  });
}
