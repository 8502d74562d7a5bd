import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCifar10Batches } from '../../../src-main/engine/data/cifar10Format';
import { readCsvImages } from '../../../src-main/engine/data/csvFormat';
import { readIdxFile, readIdxPair } from '../../../src-main/engine/data/idxFormat';
import { fixtureBytes, idxBytes, makeTempDir } from './dataFileFixtures';

/**
 * One broken file per failure mode; each must fail with its own message naming the file and
 * the spot, so an import error is actionable without a hex editor.
 */
const temp = makeTempDir('malformed');
afterAll(() => temp.cleanup());

const images = (n: number): Uint8Array => idxBytes([n, 2, 2], fixtureBytes(n * 4));
const labels = (values: number[]): Uint8Array => idxBytes([values.length], Uint8Array.from(values));
const csv = (name: string, text: string): string => temp.file(name, text);

const cases: { name: string; run: () => unknown; message: string | RegExp }[] = [
  {
    name: 'truncated IDX file',
    run: () =>
      readIdxFile(temp.file('trunc-images-idx3-ubyte', images(3).subarray(0, 20)), 'images'),
    message:
      'trunc-images-idx3-ubyte: at byte 20: file truncated: dimensions 3×2×2 need 28 bytes (16-byte header + 12 values), found 20 bytes',
  },
  {
    name: 'IDX shorter than its magic',
    run: () => readIdxFile(temp.file('tiny-images-idx3-ubyte', Uint8Array.of(0, 0)), 'images'),
    message:
      /tiny-images-idx3-ubyte: at byte 0: expected IDX magic 0x00000803 .* found only 2 bytes/,
  },
  {
    name: 'wrong magic',
    run: () => {
      const bytes = images(1);
      bytes.set([0x12, 0x34, 0x56, 0x78], 0);
      return readIdxFile(temp.file('train-images-idx3-ubyte', bytes), 'images');
    },
    message:
      'train-images-idx3-ubyte: at byte 0: expected IDX magic 0x00000803 (ubyte, 3 dims) or 0x00000804 (ubyte, 4 dims), found 0x12345678',
  },
  {
    name: 'labels file with image dimensions',
    run: () => readIdxFile(temp.file('x-labels-idx1-ubyte', images(1)), 'labels'),
    message:
      'x-labels-idx1-ubyte: at byte 0: expected IDX magic 0x00000801 (ubyte, 1 dim) for a labels file, found 0x00000803 (3 dims)',
  },
  {
    name: 'float IDX',
    run: () =>
      readIdxFile(
        temp.file('f-images-idx3-ubyte', idxBytes([1, 1, 1], fixtureBytes(1), 0x0d)),
        'images',
      ),
    message:
      'f-images-idx3-ubyte: at byte 2: expected data type 0x08 (unsigned byte), found 0x0d (float32)',
  },
  {
    name: 'zero-sized dimension',
    run: () =>
      readIdxFile(
        temp.file('z-images-idx3-ubyte', idxBytes([1, 0, 2], new Uint8Array(0))),
        'images',
      ),
    message: 'z-images-idx3-ubyte: at byte 8: expected a positive size for dimension 1, found 0',
  },
  {
    name: 'dims product vs file size (trailing data)',
    run: () =>
      readIdxFile(
        temp.file('long-images-idx3-ubyte', idxBytes([2, 2, 2], fixtureBytes(9))),
        'images',
      ),
    message:
      'long-images-idx3-ubyte: at byte 24: trailing data after the values: dimensions 2×2×2 need 24 bytes (16-byte header + 8 values), found 25 bytes',
  },
  {
    name: 'dims product over the size limit (no overflow)',
    run: () =>
      readIdxFile(
        temp.file('huge-images-idx3-ubyte', idxBytes([65536, 65536, 65536], new Uint8Array(0))),
        'images',
      ),
    message:
      'huge-images-idx3-ubyte: at byte 8: dimensions 65536×65536… need more than the limit of 536,870,912 bytes',
  },
  {
    name: 'images vs labels count',
    run: () =>
      readIdxPair(
        temp.file('c-images-idx3-ubyte', images(3)),
        temp.file('c-labels-idx1-ubyte', labels([1, 2])),
      ),
    message:
      'c-labels-idx1-ubyte: at byte 4: expected 3 labels to match the 3 images of c-images-idx3-ubyte, found 2',
  },
  {
    name: 'gzip truncated',
    run: () => {
      const gz = gzipSync(images(50));
      return readIdxFile(
        temp.file('g-images-idx3-ubyte.gz', gz.subarray(0, gz.length - 12)),
        'images',
      );
    },
    message: 'g-images-idx3-ubyte.gz: gzip data is truncated or corrupt (unexpected end of file)',
  },
  {
    name: 'gzip over size limit',
    run: () =>
      readIdxFile(
        temp.file(
          'bomb-images-idx3-ubyte.gz',
          gzipSync(idxBytes([1000, 10, 10], new Uint8Array(100_000))),
        ),
        'images',
        {
          maxBytes: 10_000,
        },
      ),
    message:
      'bomb-images-idx3-ubyte.gz: gzip data decompresses to more than the limit of 10,000 bytes',
  },
  {
    name: 'a directory instead of a file',
    run: () => {
      const dir = join(temp.dir, 'folder-images-idx3-ubyte');
      mkdirSync(dir);
      return readIdxFile(dir, 'images');
    },
    message: 'folder-images-idx3-ubyte: expected a file, found a directory',
  },
  {
    name: 'missing file',
    run: () => readIdxFile(join(temp.dir, 'nothing-here'), 'images'),
    message: 'nothing-here: file not found',
  },
  {
    name: 'CIFAR wrong length',
    run: () => readCifar10Batches([temp.file('data_batch_1.bin', new Uint8Array(3073 * 2 + 5))]),
    message:
      'data_batch_1.bin: length 6,151 bytes is not a positive multiple of 3073 (1 label byte + 3072 pixel bytes per CIFAR-10 record)',
  },
  {
    name: 'CIFAR label out of range',
    run: () => {
      const bytes = new Uint8Array(3073 * 2);
      bytes[3073] = 10;
      return readCifar10Batches([temp.file('data_batch_2.bin', bytes)]);
    },
    message: 'data_batch_2.bin: at byte 3073: expected a label 0–9 for record 1, found 10',
  },
  {
    name: 'CSV NaN pixel',
    run: () => readCsvImages(csv('nan.csv', '1,0,0,0,0\n2,0,NaN,0,0\n')),
    message: "nan.csv: row 2, column 3: expected a finite pixel value 0–255, found 'NaN'",
  },
  {
    name: 'CSV NaN in the first row (not taken for a header)',
    run: () => readCsvImages(csv('nan1.csv', '1,nan,0,0,0\n2,0,0,0,0\n')),
    message: "nan1.csv: row 1, column 2: expected a finite pixel value 0–255, found 'nan'",
  },
  {
    name: 'CSV Infinity pixel',
    run: () => readCsvImages(csv('inf.csv', 'label,a,b,c,d\n1,0,0,0,Infinity\n')),
    message: "inf.csv: row 2, column 5 (d): expected a finite pixel value 0–255, found 'Infinity'",
  },
  {
    name: 'CSV empty pixel cell',
    run: () => readCsvImages(csv('hole.csv', '1,0,,0,0\n1,0,0,0,0\n')),
    message: "hole.csv: row 1, column 3: expected a finite pixel value 0–255, found ''",
  },
  {
    name: 'CSV ragged row',
    run: () => readCsvImages(csv('ragged.csv', '1,0,0,0,0\n2,0,0,0,0\n3,0,0,0\n')),
    message: 'ragged.csv: row 3: expected 5 columns (as in row 1), found 4',
  },
  {
    name: 'CSV non-numeric label',
    run: () => readCsvImages(csv('label.csv', 'label,a,b,c,d\n1,0,0,0,0\ncat,0,0,0,0\n')),
    message: "label.csv: row 3, column 1 (label): expected an integer class label, found 'cat'",
  },
  {
    name: 'CSV label out of range',
    run: () => readCsvImages(csv('big-label.csv', '256,0,0,0,0\n')),
    message: 'big-label.csv: row 1, column 1: label 256 is out of range, expected an integer 0–255',
  },
  {
    name: 'CSV label beyond numClasses',
    run: () => readCsvImages(csv('ten.csv', '9,0,0,0,0\n10,0,0,0,0\n'), { numClasses: 10 }),
    message: 'ten.csv: row 2, column 1: label 10 is out of range, expected an integer 0–9',
  },
  {
    name: 'CSV pixel out of range',
    run: () => readCsvImages(csv('range.csv', '1,0,0,0,0\n1,0,0,-1,0\n')),
    message: 'range.csv: row 2, column 4: pixel value -1 is out of range 0–255',
  },
  {
    name: 'CSV empty file',
    run: () => readCsvImages(csv('empty.csv', '\n  \n')),
    message: 'empty.csv: file is empty: expected rows of a label and pixel values',
  },
  {
    name: 'CSV header only',
    run: () => readCsvImages(csv('header.csv', 'label,a,b,c,d\n')),
    message: 'header.csv: no data rows after the header row',
  },
];

describe('malformed dataset files', () => {
  it.each(cases)('$name', ({ run, message }) => {
    expect(run).toThrow(message);
  });

  it('gives every case a different message', () => {
    const messages = cases.map(({ run }) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    });
    expect(new Set(messages).size).toBe(cases.length);
  });
});
