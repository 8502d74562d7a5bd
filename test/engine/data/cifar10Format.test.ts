import { afterAll, describe, expect, it } from 'vitest';
import {
  CIFAR10_RECORD_BYTES,
  importCifar10Dataset,
  parseCifar10Batches,
} from '../../../src-main/engine/data/cifar10Format';
import { fixtureBytes, makeTempDir } from './dataFileFixtures';

const temp = makeTempDir('cifar');
afterAll(() => temp.cleanup());

/** A batch of `labels.length` records with pseudo-random planar pixels. */
function batch(labels: readonly number[], salt: number): Uint8Array {
  const bytes = fixtureBytes(labels.length * CIFAR10_RECORD_BYTES, salt);
  labels.forEach((label, i) => (bytes[i * CIFAR10_RECORD_BYTES] = label));
  return bytes;
}

describe('CIFAR-10 binary format', () => {
  it('converts channel-planar records to NHWC exactly', () => {
    const bytes = batch([6, 9], 5);
    const split = parseCifar10Batches([{ name: 'b', bytes }]);
    expect(split.count).toBe(2);
    expect(Array.from(split.labels)).toEqual([6, 9]);
    for (const [n, y, x, c] of [
      [0, 0, 0, 0],
      [0, 31, 31, 2],
      [1, 5, 17, 1],
      [1, 12, 0, 2],
    ]) {
      const planar = bytes[n * CIFAR10_RECORD_BYTES + 1 + c * 1024 + y * 32 + x];
      expect(split.pixels[n * 3072 + (y * 32 + x) * 3 + c]).toBe(planar);
    }
  });

  it('imports train batches (concatenated in order) and a test batch', () => {
    const b1 = temp.file('data_batch_1.bin', batch([1, 2], 1));
    const b2 = temp.file('data_batch_2.bin', batch([3], 2));
    const t = temp.file('test_batch.bin', batch([0, 9], 3));
    const dataset = importCifar10Dataset({
      name: 'cifar-mini',
      trainBatches: [b1, b2],
      testBatch: t,
    });
    expect(dataset).toMatchObject({ height: 32, width: 32, channels: 3, numClasses: 10 });
    expect(dataset.classNames?.[0]).toBe('airplane');
    expect(Array.from(dataset.train.labels)).toEqual([1, 2, 3]);
    expect(Array.from(dataset.test.labels)).toEqual([0, 9]);
    expect(dataset.train.pixels.length).toBe(3 * 3072);
  });
});
