import * as tf from '@tensorflow/tfjs';
import {
  convFilterGradient,
  convInputGradientStride1,
  type ConvAxisPlacement,
} from './convGradients';
import { maxPool2Gradient } from './maxPoolGradient';

/**
 * Kernel replacements for tfjs-backend-wasm 4.22, registered for the 'wasm' backend only (every
 * other backend keeps its own kernels). Each one is exact and rewrites a slow or missing kernel
 * with the backend's fast ones (XNNPACK convolution and matrix product):
 *
 * - BatchMatMul: the wasm kernel sends any product with transposeA/transposeB to a naive
 *   triple loop (≈30× slower than XNNPACK at 784×128×2048), and tfjs's matMul gradient always
 *   asks for transposes. Unbatched transposed products are rewritten as an explicit Transpose
 *   then a plain product. Batched products (batch > 1) keep the original kernel.
 * - Conv2DBackpropInput: a naive loop on wasm; stride 1 becomes a forward convolution with the
 *   flipped filter (convInputGradientStride1). Other strides keep the original kernel.
 * - Conv2DBackpropFilter: missing on wasm (any tf.grads through a conv2d filter threw);
 *   implemented as convFilterGradient.
 * - MaxPoolGrad: the wasm kernel starts each window's maximum at the smallest positive float,
 *   so a window whose values are all ≤ 0 (tanh activations) loses its gradient, and ties go to
 *   the last maximum. 2×2 stride-2 'valid' pooling (the models' only kind) becomes
 *   maxPool2Gradient, which matches tfjs-backend-cpu. Other pooling keeps the original kernel.
 *
 * A replacement that calls the original keeps the original's setupFunc, so the kernel works
 * whether it is registered before or after the backend initializes.
 */

type KernelArgs = Parameters<tf.KernelFunc>[0];
type KernelResult = ReturnType<tf.KernelFunc>;

let registered = false;

/** Register the replacements once per process (before or after tf.setBackend('wasm')). */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  replaceKernel('BatchMatMul', batchMatMulWithoutTransposeFlags);
  replaceKernel('Conv2DBackpropInput', conv2dBackpropInputByConvolution);
  replaceKernel('Conv2DBackpropFilter', conv2dBackpropFilterByConvolution);
  replaceKernel('MaxPoolGrad', maxPoolGradFirstMaximum);
}

type Replacement = (args: KernelArgs, original: tf.KernelFunc | null) => KernelResult;

function replaceKernel(kernelName: string, replacement: Replacement): void {
  const existing = tf.getKernel(kernelName, 'wasm');
  if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  const original = existing?.kernelFunc ?? null;
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    ...(existing?.setupFunc ? { setupFunc: existing.setupFunc } : {}),
    ...(existing?.disposeFunc ? { disposeFunc: existing.disposeFunc } : {}),
    // Called by the engine with tensors as inputs; a tensor made by ops is accepted as the
    // kernel's output (the engine does not wrap it a second time).
    kernelFunc: (args) => replacement(args, original),
  });
}

function callOriginal(
  original: tf.KernelFunc | null,
  args: KernelArgs,
  kernel: string,
): KernelResult {
  if (original === null) throw new Error(`${kernel} on wasm: no kernel for these arguments`);
  return original(args);
}

function asTensor(info: tf.TensorInfo | undefined): tf.Tensor | null {
  return info instanceof tf.Tensor ? info : null;
}

function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const r = t.rank;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(t, perm);
}

function batchMatMulWithoutTransposeFlags(
  args: KernelArgs,
  original: tf.KernelFunc | null,
): KernelResult {
  const a = asTensor(args.inputs.a);
  const b = asTensor(args.inputs.b);
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const unbatched = (t: tf.Tensor): boolean => t.shape.slice(0, -2).every((d) => d === 1);
  if (a === null || b === null || (!transposeA && !transposeB) || !unbatched(a) || !unbatched(b))
    return callOriginal(original, args, 'BatchMatMul');
  const temporaries: tf.Tensor[] = [];
  const plain = (t: tf.Tensor, transposed: boolean): tf.Tensor => {
    if (!transposed) return t;
    const out = swapLastTwo(t);
    temporaries.push(out);
    return out;
  };
  try {
    return callOriginal(
      original,
      {
        ...args,
        inputs: { a: plain(a, transposeA), b: plain(b, transposeB) },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      },
      'BatchMatMul',
    );
  } finally {
    tf.dispose(temporaries);
  }
}

function strideOf(strides: number | [number, number]): number | null {
  const [h, w] = typeof strides === 'number' ? [strides, strides] : strides;
  return h === w ? h : null;
}

function conv2dBackpropInputByConvolution(
  args: KernelArgs,
  original: tf.KernelFunc | null,
): KernelResult {
  const dy = asTensor(args.inputs.dy);
  const filter = asTensor(args.inputs.filter);
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (
    dy === null ||
    filter === null ||
    attrs.dataFormat !== 'NHWC' ||
    strideOf(attrs.strides) !== 1
  )
    return callOriginal(original, args, 'Conv2DBackpropInput');
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const dx = convInputGradientStride1(
    dy as tf.Tensor4D,
    filter as tf.Tensor4D,
    attrs.inputShape,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dx ?? callOriginal(original, args, 'Conv2DBackpropInput');
}

function conv2dBackpropFilterByConvolution(
  args: KernelArgs,
  original: tf.KernelFunc | null,
): KernelResult {
  const x = asTensor(args.inputs.x);
  const dy = asTensor(args.inputs.dy);
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const stride = strideOf(attrs.strides);
  if (x === null || dy === null || attrs.dataFormat !== 'NHWC' || stride === null)
    return callOriginal(original, args, 'Conv2DBackpropFilter');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const rows: ConvAxisPlacement = { padBefore: info.padInfo.top, out: info.outHeight };
  const cols: ConvAxisPlacement = { padBefore: info.padInfo.left, out: info.outWidth };
  return convFilterGradient(
    x as tf.Tensor4D,
    dy as tf.Tensor4D,
    [attrs.filterShape[0], attrs.filterShape[1]],
    stride,
    rows,
    cols,
  );
}

function maxPoolGradFirstMaximum(args: KernelArgs, original: tf.KernelFunc | null): KernelResult {
  const dy = asTensor(args.inputs.dy);
  const input = asTensor(args.inputs.input);
  const output = asTensor(args.inputs.output);
  const { filterSize, strides, pad } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const twoByTwo = (v: number | [number, number]): boolean =>
    typeof v === 'number' ? v === 2 : v[0] === 2 && v[1] === 2;
  if (
    dy === null ||
    input === null ||
    output === null ||
    input.rank !== 4 ||
    !twoByTwo(filterSize) ||
    !twoByTwo(strides) ||
    pad !== 'valid'
  )
    return callOriginal(original, args, 'MaxPoolGrad');
  return maxPool2Gradient(input as tf.Tensor4D, output as tf.Tensor4D, dy as tf.Tensor4D);
}
