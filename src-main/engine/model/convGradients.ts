import * as tf from '@tensorflow/tfjs';
import { extractPatches } from './convPatches';

/**
 * Convolution gradients written with forward kernels only (convolution, depthwise convolution,
 * matrix product). Each is the same sum as the textbook backward kernel, reordered, so it is
 * exact up to float32 summation order and built from ordinary tfjs ops; it exists because some
 * backends' backward kernels are far slower than their forward ones (tfjs-backend-wasm 4.22:
 * Conv2DBackpropInput is a naive loop, Conv2DBackpropFilter is missing, while Conv2D runs on
 * XNNPACK). Where they are used is decided by the callers: wasmKernels.ts (wasm only) and
 * convStage.ts (every backend: perExampleFilterGradients and the sums, which avoid dilated
 * kernels where a backend is not known to honour them).
 *
 * Shapes are NHWC; filters are [kh, kw, Cin, Cout]; no dilation in the forward convolution.
 */

/** Where a convolution's input window starts, and its output size, along one axis. */
export interface ConvAxisPlacement {
  /** Rows (or columns) of zeros added before the input in the forward pass. */
  readonly padBefore: number;
  /** Output length of the forward convolution. */
  readonly out: number;
}

/**
 * The input rows a filter tap touches, as one tensor: rows −padBefore … (out−1)·stride +
 * kernel − 1 − padBefore of x along height and width (zeros outside x). With it, tap (ky, kx)
 * at output (i, j) reads element (i·stride + ky, j·stride + kx): a dilated correlation. Works on
 * any layout with height and width on axes 1 and 2 (NHWC, or the swapped [C, H, W, B]).
 */
function filterWindow(
  x: tf.Tensor4D,
  kernel: readonly [number, number],
  stride: number,
  rows: ConvAxisPlacement,
  cols: ConvAxisPlacement,
): tf.Tensor4D {
  const [outer, height, width, inner] = x.shape;
  const needH = (rows.out - 1) * stride + kernel[0];
  const needW = (cols.out - 1) * stride + kernel[1];
  const afterH = needH - rows.padBefore - height;
  const afterW = needW - cols.padBefore - width;
  let window = x;
  if (rows.padBefore > 0 || cols.padBefore > 0 || afterH > 0 || afterW > 0) {
    window = tf.pad(x, [
      [0, 0],
      [rows.padBefore, Math.max(0, afterH)],
      [cols.padBefore, Math.max(0, afterW)],
      [0, 0],
    ]);
  }
  if (afterH < 0 || afterW < 0)
    window = tf.slice(window, [0, 0, 0, 0], [outer, needH, needW, inner]);
  return window;
}

/**
 * ∂L/∂x of a stride-1 convolution: the correlation of dy with the filter flipped in space and
 * with in/out channels swapped, padded so the output has the input's size. Returns null where
 * that padding would be negative (cannot happen for 'same'/'valid' at stride 1).
 */
export function convInputGradientStride1(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly [number, number, number, number],
  padTop: number,
  padLeft: number,
): tf.Tensor4D | null {
  const [kh, kw] = filter.shape;
  const [, height, width] = inputShape;
  const [, outH, outW] = dy.shape;
  const top = kh - 1 - padTop;
  const bottom = height - outH + padTop;
  const left = kw - 1 - padLeft;
  const right = width - outW + padLeft;
  if (Math.min(top, bottom, left, right) < 0) return null;
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(dy, flipped, 1, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
  });
}

/**
 * Σ over the batch of ∂L/∂W. Short patches (k·k·Cin < Cout): im2col then one matrix product
 * [D, N]·[N, Cout] with N = B·Ho·Wo. Otherwise one convolution with the roles swapped: the
 * input's channels become the batch and its batch the channels ([Cin, H, W, B]), dy becomes
 * the filter ([Ho, Wo, B, Cout], dilated by the stride), so the output [Cin, kh, kw, Cout] is
 * the filter gradient. (The identity-filter im2col costs D² per position, the product D·Cout.)
 */
export function convFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernel: readonly [number, number],
  stride: number,
  rows: ConvAxisPlacement,
  cols: ConvAxisPlacement,
): tf.Tensor4D {
  const [, , , inChannels] = x.shape;
  const outChannels = dy.shape[3];
  return tf.tidy(() => {
    const patchSize = kernel[0] * kernel[1] * inChannels;
    if (patchSize < outChannels && kernel[0] === kernel[1]) {
      const window = filterWindow(x, kernel, stride, rows, cols);
      const patches = tf.reshape(extractPatches(window, kernel[0], stride, 'valid'), [
        -1,
        patchSize,
      ]) as tf.Tensor2D;
      const product = tf.matMul(
        tf.transpose(patches),
        tf.reshape(dy, [-1, outChannels]) as tf.Tensor2D,
      );
      return tf.reshape(product, [kernel[0], kernel[1], inChannels, outChannels]) as tf.Tensor4D;
    }
    // Transposed before padding: padding then runs along rows of B contiguous values.
    const swapped = filterWindow(tf.transpose(x, [3, 1, 2, 0]), kernel, stride, rows, cols);
    const dyFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const gradient = tf.conv2d(swapped, dyFilter, 1, 'valid', 'NHWC', [stride, stride]);
    return tf.transpose(gradient, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * Every example's own filter gradient G_i = Σ_t patch_{i,t} ⊗ δ_{i,t}, from one depthwise
 * convolution: the input as [Cin, H, W, B] (batch as channels), dy as a depthwise filter
 * [Ho, Wo, B, Cout] (channel multiplier Cout). Output channel b·Cout + o at spatial (ky, kx) of
 * "image" ci is exactly G_b[ky, kx, ci, o]. Returned as [Cin·kh·kw, B, Cout]: coordinates in
 * (ci, ky, kx) order, which per-example norms and batch sums do not care about.
 */
export function perExampleFilterGradients(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernel: readonly [number, number],
  stride: number,
  rows: ConvAxisPlacement,
  cols: ConvAxisPlacement,
  dilation: StrideAsDilation = strideAsDilationFor(tf.getBackend()),
): tf.Tensor3D {
  const [batch, , , inChannels] = x.shape;
  const outChannels = dy.shape[3];
  return tf.tidy(() => {
    const swapped = filterWindow(tf.transpose(x, [3, 1, 2, 0]), kernel, stride, rows, cols);
    let dyFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    let rate = stride;
    if (stride > 1 && dilation === 'zeros') {
      dyFilter = insertZeros(dyFilter, stride);
      rate = 1;
    }
    const perExample = tf.depthwiseConv2d(swapped, dyFilter, 1, 'valid', 'NHWC', [rate, rate]);
    return tf.reshape(perExample, [
      inChannels * kernel[0] * kernel[1],
      batch,
      outChannels,
    ]) as tf.Tensor3D;
  });
}

/**
 * Σ over non-overlapping [h, w] windows of axes 1 and 2 (NHWC), as an average pool × h·w: one
 * pooling pass on every backend, where a sum over non-trailing axes transposes first on wasm
 * (about 6× slower there). Equal to the sum up to float32 rounding.
 */
export function windowSum(t: tf.Tensor4D, window: readonly [number, number]): tf.Tensor4D {
  return tf.tidy(() =>
    tf.mul(
      tf.avgPool(t, [window[0], window[1]], [window[0], window[1]], 'valid'),
      window[0] * window[1],
    ),
  );
}

/**
 * How a strided convolution's dy acts as a filter: dilated by the stride ('native': the
 * depthwise kernel's dilation, checked on cpu and wasm), or with stride − 1 zeros written
 * between its taps and no dilation ('zeros': stride² more multiply-adds). TensorFlow's
 * DepthwiseConv2dNative, behind tfjs-node, ignores dilations (tensorflow/tensorflow#56498), so
 * every backend not checked here takes the zeros.
 */
export type StrideAsDilation = 'native' | 'zeros';

export function strideAsDilationFor(backend: string): StrideAsDilation {
  return backend === 'wasm' || backend === 'cpu' ? 'native' : 'zeros';
}

/** [H, W, …] → [(H−1)·s+1, (W−1)·s+1, …] with s − 1 zeros between neighbours along H and W. */
function insertZeros(t: tf.Tensor4D, s: number): tf.Tensor4D {
  const [h, w, c1, c2] = t.shape;
  const spread = tf.pad(tf.reshape(t, [h, 1, w, 1, c1 * c2]), [
    [0, 0],
    [0, s - 1],
    [0, 0],
    [0, s - 1],
    [0, 0],
  ]);
  const spaced = tf.reshape(spread, [h * s, w * s, c1, c2]) as tf.Tensor4D;
  return tf.slice(spaced, [0, 0, 0, 0], [(h - 1) * s + 1, (w - 1) * s + 1, c1, c2]);
}

/** [Cin·kh·kw, B, Cout] per-example gradients (as above) summed over the batch, as [kh, kw, Cin, Cout]. */
export function sumPerExampleFilterGradients(
  perExample: tf.Tensor3D,
  kernelShape: readonly [number, number, number, number],
): tf.Tensor4D {
  const [kh, kw, inChannels, outChannels] = kernelShape;
  const [coords, batch] = perExample.shape;
  return tf.tidy(() => {
    const summed = windowSum(tf.reshape(perExample, [1, coords, batch, outChannels]), [1, batch]);
    return tf.transpose(
      tf.reshape(summed, [inChannels, kh, kw, outChannels]),
      [1, 2, 0, 3],
    ) as tf.Tensor4D;
  });
}

/** ‖G_i‖² of [Cin·kh·kw, B, Cout] per-example gradients (as above), shape [B]. */
export function perExampleSquaredNorms(perExample: tf.Tensor3D): tf.Tensor1D {
  const [coords, batch, outChannels] = perExample.shape;
  return tf.tidy(() => {
    const squares = tf.reshape(tf.square(perExample), [1, coords, batch, outChannels]);
    return tf.sum(
      tf.reshape(windowSum(squares as tf.Tensor4D, [coords, 1]), [batch, outChannels]),
      1,
    );
  });
}
