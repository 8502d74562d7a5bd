import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinDataset } from '../../../src-main/engine/data/builtinDatasets';
import {
  fashionMnistCachePath,
  loadFashionMnist,
  readFashionMnistCache,
} from '../../../src-main/engine/data/fashionMnistCache';
import type { ImageDataset } from '../../../src-main/engine/data/datasetTypes';
import { makeTempDir } from './dataFileFixtures';

const temp = makeTempDir('fashion');
afterAll(() => temp.cleanup());

// Never hand whole datasets to expect(): a failing (or negated) match would walk and print
// tens of millions of bytes.
const shapeOf = (d: ImageDataset): unknown[] => [
  d.name,
  d.height,
  d.width,
  d.channels,
  d.numClasses,
];
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

// One conversion from the package JSON (a few seconds); the rest reads the binary cache.
describe('Fashion-MNIST cache', () => {
  it('builds a 60000/10000 stratified split, caches it atomically, and reloads identical bytes', () => {
    const cacheDir = join(temp.dir, 'cache');
    const built = loadBuiltinDataset('fashion-mnist', cacheDir);
    expect(shapeOf(built)).toEqual(['fashion-mnist', 28, 28, 1, 10]);
    expect(built.classNames?.[9]).toBe('Ankle boot');
    expect(built.train.count).toBe(60000);
    expect(built.test.count).toBe(10000);
    const perClass = (labels: Uint8Array): number[] => {
      const counts = new Array<number>(10).fill(0);
      for (const label of labels) counts[label]++;
      return counts;
    };
    expect(perClass(built.train.labels)).toEqual(new Array(10).fill(6000));
    expect(perClass(built.test.labels)).toEqual(new Array(10).fill(1000));
    // Only the final file is left: the temp file was renamed, not copied.
    expect(readdirSync(cacheDir)).toEqual(['fashion-mnist-v1.bin']);

    const reloaded = loadFashionMnist(cacheDir);
    expect(reloaded === built).toBe(false);
    expect(sameBytes(reloaded.train.pixels, built.train.pixels)).toBe(true);
    expect(sameBytes(reloaded.train.labels, built.train.labels)).toBe(true);
    expect(sameBytes(reloaded.test.pixels, built.test.pixels)).toBe(true);
    expect(sameBytes(reloaded.test.labels, built.test.labels)).toBe(true);
    expect(loadBuiltinDataset('fashion-mnist', cacheDir) === built).toBe(true);

    // Damaged caches are detected (loadFashionMnist then rebuilds them).
    const path = fashionMnistCachePath(cacheDir);
    const damaged = (name: string, edit: (bytes: Buffer) => Buffer): string => {
      const copy = join(temp.dir, name);
      copyFileSync(path, copy);
      writeFileSync(copy, edit(readFileSync(copy)));
      return copy;
    };
    const flipped = damaged('flipped.bin', (b) => {
      b[b.length - 100] ^= 0xff;
      return b;
    });
    expect(readFashionMnistCache(flipped)).toEqual({ problem: 'payload checksum mismatch' });
    const cut = damaged('cut.bin', (b) => b.subarray(0, b.length - 1));
    expect(readFashionMnistCache(cut)).toMatchObject({
      problem: expect.stringMatching(/^length .* does not match/),
    });
    const old = damaged('old.bin', (b) => {
      b.writeUInt32LE(0, 4);
      return b;
    });
    expect(readFashionMnistCache(old)).toEqual({ problem: 'header version is 0, expected 1' });
    expect(readFashionMnistCache(join(temp.dir, 'missing.bin'))).toMatchObject({
      problem: expect.stringMatching(/^cannot read/),
    });
  });
});
