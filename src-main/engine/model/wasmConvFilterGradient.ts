import * as tf from '@tensorflow/tfjs';
import { extractPatches } from './convPatches';

/**
 * tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter kernel, so any tf.grads / optimizer
 * step that needs a convolution's filter gradient throws on wasm. Our gradientPass never
 * needs it (it forms filter gradients from patches itself), but ordinary training steps,
 * reference loops and other per-example code do. This registers the kernel for wasm as
 * patches ᵀ · dy built from ops the backend has (slice, concat, batched matMul).
 * Supports NHWC, dilation 1, 'same'/'valid' padding: what the built-in models use.
 */
export function registerWasmConvFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const x = inputs.x as tf.Tensor4D;
      const dy = inputs.dy as tf.Tensor4D;
      const { strides, pad, dataFormat, filterShape } =
        attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const [strideH, strideW] = typeof strides === 'number' ? [strides, strides] : strides;
      const [kh, kw] = filterShape;
      if (
        dataFormat !== 'NHWC' ||
        strideH !== strideW ||
        kh !== kw ||
        (pad !== 'same' && pad !== 'valid')
      ) {
        throw new Error(
          'Conv2DBackpropFilter on wasm supports only NHWC, square kernels and strides, same/valid padding',
        );
      }
      // Called from the engine with tensors as inputs; returning a tensor made by ops is
      // accepted by the engine as the kernel output (it is not wrapped a second time).
      return tf.tidy(() => {
        const patches = extractPatches(x, kh, strideH, pad);
        const rows = dy.shape[0] * dy.shape[1] * dy.shape[2];
        const flatPatches = tf.reshape(patches, [rows, patches.shape[3]]);
        const flatDy = tf.reshape(dy, [rows, dy.shape[3]]);
        return tf.reshape(tf.matMul(tf.transpose(flatPatches), flatDy), filterShape);
      });
    },
  });
}
