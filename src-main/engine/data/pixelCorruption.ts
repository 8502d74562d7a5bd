import { SeededRandom } from '../rng';
import type { ChannelStatistics } from './pixelScaling';

export type RandomPixelsMode = 'gaussian' | 'shuffled';

export interface PixelLayout {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * Random-pixel corruption (SPEC 1.4, after Zhang et al. 2017), applied in place to the chosen
 * examples of scaled ([0,1]) NHWC data:
 * - `gaussian`: every value is replaced by a draw from N(mean_c, std_c²) with the channel
 *   statistics of the pristine training subset, so the noise matches the data's first two
 *   moments. Draws are not clipped (clipping would change both moments), so these examples
 *   can leave [0,1].
 * - `shuffled`: each example gets its own random permutation of pixel positions, fixed by the
 *   seed; a position's channels move together, so colours stay intact and only structure is
 *   destroyed.
 * Examples are processed in the given order; pass them ascending for a stable result.
 */
export function corruptPixels(
  x: Float32Array,
  layout: PixelLayout,
  examples: Int32Array,
  mode: RandomPixelsMode,
  seed: number,
  stats: ChannelStatistics,
): void {
  const positions = layout.height * layout.width;
  const { channels } = layout;
  const featureSize = positions * channels;
  const rng = SeededRandom.forPurpose(seed, `random-pixels-${mode}`);
  if (mode === 'gaussian') {
    for (const e of examples) {
      const base = e * featureSize;
      for (let f = 0; f < featureSize; f++) {
        const c = f % channels;
        x[base + f] = stats.mean[c] + stats.std[c] * rng.normal();
      }
    }
    return;
  }
  const original = new Float32Array(featureSize);
  for (const e of examples) {
    const base = e * featureSize;
    original.set(x.subarray(base, base + featureSize));
    const perm = rng.permutation(positions);
    for (let p = 0; p < positions; p++) {
      const from = perm[p] * channels;
      for (let c = 0; c < channels; c++) x[base + p * channels + c] = original[from + c];
    }
  }
}
