import { SeededRandom } from '../rng';

/** The image layout of the network input (flattened NHWC rows). */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export interface AugmentationConfig {
  /** Random crop with this much zero padding on every side (0 = none). */
  readonly cropPadding: number;
  readonly horizontalFlip: boolean;
}

/**
 * One image shifted by (dy, dx) and optionally mirrored left-right: output pixel (r, c) is input
 * pixel (r + dy, c' + dx), with c' = width − 1 − c when flipped, and 0 outside the input. A
 * shift of up to p in each direction is exactly a random crop of the image zero-padded by p
 * (PyTorch's RandomCrop(size, padding=p)).
 */
export function shiftAndFlip(
  image: Float32Array,
  shape: ImageShape,
  dy: number,
  dx: number,
  flip: boolean,
  out: Float32Array = new Float32Array(image.length),
): Float32Array {
  const { height, width, channels } = shape;
  out.fill(0);
  for (let r = 0; r < height; r++) {
    const sr = r + dy;
    if (sr < 0 || sr >= height) continue;
    for (let c = 0; c < width; c++) {
      const sc = (flip ? width - 1 - c : c) + dx;
      if (sc < 0 || sc >= width) continue;
      const to = (r * width + c) * channels;
      const from = (sr * width + sc) * channels;
      for (let k = 0; k < channels; k++) out[to + k] = image[from + k];
    }
  }
  return out;
}

/**
 * The training rows of one step, augmented in place: each example gets its own shift in
 * [−p, p]² and, if enabled, a coin-flip mirror, drawn from SeededRandom.forPurpose(seed,
 * 'augment', step) so a resumed run draws the same. Only training steps are augmented; probes
 * and evaluations always see the examples as they are.
 */
export function augmentRows(
  rows: Float32Array,
  count: number,
  shape: ImageShape,
  config: AugmentationConfig,
  seed: number,
  step: number,
): void {
  const p = config.cropPadding;
  if (p === 0 && !config.horizontalFlip) return;
  const size = shape.height * shape.width * shape.channels;
  const rng = SeededRandom.forPurpose(seed, 'augment', step);
  const scratch = new Float32Array(size);
  for (let i = 0; i < count; i++) {
    const dy = p > 0 ? rng.int(2 * p + 1) - p : 0;
    const dx = p > 0 ? rng.int(2 * p + 1) - p : 0;
    const flip = config.horizontalFlip && rng.next() < 0.5;
    const image = rows.subarray(i * size, (i + 1) * size);
    shiftAndFlip(image, shape, dy, dx, flip, scratch);
    image.set(scratch);
  }
}
