import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findIdxLabelsFile,
  importIdxDataset,
  parseIdx,
  readIdxPair,
} from '../../../src-main/engine/data/idxFormat';
import { fixtureBytes, idxBytes, makeTempDir } from './dataFileFixtures';

const temp = makeTempDir('idx');
afterAll(() => temp.cleanup());

describe('IDX format', () => {
  it('round-trips images and labels exactly, raw and gzip', () => {
    const pixels = fixtureBytes(5 * 3 * 4, 7);
    const labels = Uint8Array.from([3, 0, 9, 1, 3]);
    const images = temp.file('a-images-idx3-ubyte', idxBytes([5, 3, 4], pixels));
    const labelsPath = temp.file('a-labels-idx1-ubyte.gz', gzipSync(idxBytes([5], labels)));
    const pair = readIdxPair(images, labelsPath);
    expect(pair.height).toBe(3);
    expect(pair.width).toBe(4);
    expect(pair.channels).toBe(1);
    expect(pair.numClasses).toBe(10);
    expect(pair.split.count).toBe(5);
    expect(Array.from(pair.split.pixels)).toEqual(Array.from(pixels));
    expect(Array.from(pair.split.labels)).toEqual(Array.from(labels));
  });

  it('accepts 4-D images (N,H,W,C)', () => {
    const parsed = parseIdx(idxBytes([2, 2, 2, 3], fixtureBytes(24)), 'x', 'images');
    expect(parsed.dims).toEqual([2, 2, 2, 3]);
  });

  it('enforces an explicit numClasses and defaults to max label + 1', () => {
    const images = temp.file('n-images-idx3-ubyte', idxBytes([3, 1, 1], fixtureBytes(3)));
    const labels = temp.file('n-labels-idx1-ubyte', idxBytes([3], Uint8Array.from([0, 4, 2])));
    expect(readIdxPair(images, labels).numClasses).toBe(5);
    expect(readIdxPair(images, labels, { numClasses: 8 }).numClasses).toBe(8);
    expect(() => readIdxPair(images, labels, { numClasses: 4 })).toThrow(
      'n-labels-idx1-ubyte: at byte 9: expected a label below numClasses 4, found 4 (example 1)',
    );
  });

  it('finds the labels file by the naming convention', () => {
    const images = temp.file(
      't10k-images-idx3-ubyte.gz',
      gzipSync(idxBytes([1, 1, 1], fixtureBytes(1))),
    );
    const labels = temp.file(
      't10k-labels-idx1-ubyte.gz',
      gzipSync(idxBytes([1], Uint8Array.of(0))),
    );
    expect(findIdxLabelsFile(images)).toBe(labels);
    const dotted = temp.file('emnist-images.idx3-ubyte', idxBytes([1, 1, 1], fixtureBytes(1)));
    const dottedLabels = temp.file('emnist-labels.idx1-ubyte', idxBytes([1], Uint8Array.of(0)));
    expect(findIdxLabelsFile(dotted)).toBe(dottedLabels);
    const lonely = temp.file('lonely-images-idx3-ubyte', idxBytes([1, 1, 1], fixtureBytes(1)));
    expect(() => findIdxLabelsFile(lonely)).toThrow(
      /lonely-images-idx3-ubyte: labels file not found: looked for lonely-labels-idx1-ubyte, lonely-labels-idx1-ubyte\.gz/,
    );
    expect(() => findIdxLabelsFile(temp.file('pictures.bin', 'x'))).toThrow(
      /cannot derive the labels file name/,
    );
  });

  it('imports a train/test dataset', () => {
    const trainImages = temp.file('d-images-idx3-ubyte', idxBytes([4, 2, 2], fixtureBytes(16, 3)));
    temp.file('d-labels-idx1-ubyte', idxBytes([4], Uint8Array.from([0, 1, 2, 1])));
    const testImages = temp.file('dt-images-idx3-ubyte', idxBytes([2, 2, 2], fixtureBytes(8, 4)));
    temp.file('dt-labels-idx1-ubyte', idxBytes([2], Uint8Array.from([3, 0])));
    const dataset = importIdxDataset({ name: 'tiny', trainImages, testImages });
    expect(dataset).toMatchObject({
      name: 'tiny',
      height: 2,
      width: 2,
      channels: 1,
      numClasses: 4,
    });
    expect(dataset.train.count).toBe(4);
    expect(dataset.test.count).toBe(2);
    const wide = temp.file('w-images-idx3-ubyte', idxBytes([2, 2, 3], fixtureBytes(12, 4)));
    temp.file('w-labels-idx1-ubyte', idxBytes([2], Uint8Array.from([3, 0])));
    expect(() => importIdxDataset({ name: 'bad', trainImages, testImages: wide })).toThrow(
      'dataset bad: train images (d-images-idx3-ubyte) are 2×2×1 but test images (w-images-idx3-ubyte) are 2×3×1',
    );
  });
});
