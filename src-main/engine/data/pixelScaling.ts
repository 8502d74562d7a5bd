/**
 * Bytes to network inputs. Scaling to [0,1] is fixed; standardization is optional and uses one
 * mean and standard deviation per channel, computed over the training subset (all examples and
 * all positions). Per-channel rather than per-pixel: many MNIST border pixels are 0 in every
 * training image, so per-pixel std is 0 there and dividing would blow up or need an arbitrary
 * floor; per-channel keeps the image's relative contrast and is the usual CIFAR practice.
 */
export interface ChannelStatistics {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Below this a channel is treated as constant, so standardizing it cannot divide by ~0. */
export const STD_FLOOR = 1e-6;

/** The chosen examples' network inputs: given inputs as they are, else pixels scaled to [0,1]. */
export function gatherInputs(
  split: { readonly pixels: Uint8Array; readonly inputs?: Float32Array },
  indices: Int32Array,
  featureSize: number,
): Float32Array {
  const inputs = split.inputs;
  if (!inputs) return gatherScaled(split.pixels, indices, featureSize);
  const out = new Float32Array(indices.length * featureSize);
  indices.forEach((source, i) => {
    out.set(inputs.subarray(source * featureSize, (source + 1) * featureSize), i * featureSize);
  });
  return out;
}

/** Gather the chosen examples' bytes and scale them to [0,1]. */
export function gatherScaled(
  pixels: Uint8Array,
  indices: Int32Array,
  featureSize: number,
): Float32Array {
  const out = new Float32Array(indices.length * featureSize);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * featureSize;
    const dst = i * featureSize;
    for (let f = 0; f < featureSize; f++) out[dst + f] = pixels[src + f] / 255;
  }
  return out;
}

/** Population mean and std of each channel of NHWC data (the last axis is the channel). */
export function channelStatistics(x: Float32Array, channels: number): ChannelStatistics {
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    sum[c] += x[i];
    sumSq[c] += x[i] * x[i];
  }
  const perChannel = x.length / channels;
  const mean = new Float64Array(channels);
  const std = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    mean[c] = perChannel > 0 ? sum[c] / perChannel : 0;
    const variance = perChannel > 0 ? sumSq[c] / perChannel - mean[c] * mean[c] : 0;
    std[c] = Math.max(Math.sqrt(Math.max(variance, 0)), STD_FLOOR);
  }
  return { mean, std };
}

/** (x − mean) / std per channel, in place. */
export function standardizeInPlace(x: Float32Array, stats: ChannelStatistics): void {
  const channels = stats.mean.length;
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    x[i] = (x[i] - stats.mean[c]) / stats.std[c];
  }
}
