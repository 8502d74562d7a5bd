/**
 * Output shapes of convolution and pooling, without tfjs, so the parameter count (UI cost
 * estimate) and the tensor code agree by construction. Conventions follow tfjs/TensorFlow:
 * 'same' gives ceil(n/stride) and pads the extra row/column at the bottom/right; pooling
 * windows are 2×2 with stride 2 and 'valid' padding (odd sizes drop the last row/column).
 */

export type ConvPadding = 'same' | 'valid';
export type Pooling = 'none' | 'max2' | 'avg2';

export interface SpatialShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export interface ConvSpec {
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: ConvPadding;
  readonly pooling: Pooling;
}

/** Output length along one axis and the padding added before it. */
export function convAxis(
  size: number,
  kernel: number,
  stride: number,
  padding: ConvPadding,
): { out: number; padBefore: number; padAfter: number } {
  if (padding === 'valid') {
    return {
      out: Math.max(0, Math.floor((size - kernel) / stride) + 1),
      padBefore: 0,
      padAfter: 0,
    };
  }
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const padBefore = Math.floor(total / 2);
  return { out, padBefore, padAfter: total - padBefore };
}

/** Shape right after the convolution (the pre-activation z). */
export function convOutputShape(input: SpatialShape, spec: ConvSpec): SpatialShape {
  return {
    height: convAxis(input.height, spec.kernel, spec.stride, spec.padding).out,
    width: convAxis(input.width, spec.kernel, spec.stride, spec.padding).out,
    channels: spec.filters,
  };
}

/** Shape after activation and pooling: the input of the next block. */
export function blockOutputShape(input: SpatialShape, spec: ConvSpec): SpatialShape {
  const conv = convOutputShape(input, spec);
  if (spec.pooling === 'none') return conv;
  return {
    height: Math.floor(conv.height / 2),
    width: Math.floor(conv.width / 2),
    channels: conv.channels,
  };
}
