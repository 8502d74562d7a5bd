import { assembleDataset } from './assembleDataset';
import { DataFileError, fileLabel, formatBytes } from './dataFileError';
import type { ImageDataset, ImageSplit } from './datasetTypes';
import { readDataFile, type ReadDataFileOptions } from './readDataFile';

/**
 * The CIFAR-10 "binary version" (cs.toronto.edu/~kriz/cifar.html): each record is one label
 * byte then 3072 pixel bytes, channel-planar (1024 R, 1024 G, 1024 B, each 32×32 row-major).
 * We store NHWC like every other source, so records are interleaved on the way in.
 */
export const CIFAR10_SIDE = 32;
export const CIFAR10_CHANNELS = 3;
const PLANE = CIFAR10_SIDE * CIFAR10_SIDE;
const IMAGE_BYTES = PLANE * CIFAR10_CHANNELS;
export const CIFAR10_RECORD_BYTES = 1 + IMAGE_BYTES;
export const CIFAR10_CLASS_NAMES: readonly string[] = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

export interface NamedBytes {
  /** Used in error messages. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Parse one or more batch files (in order) into a single split. */
export function parseCifar10Batches(files: readonly NamedBytes[]): ImageSplit {
  let count = 0;
  for (const { name, bytes } of files) {
    if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
      throw new DataFileError(
        name,
        `length ${formatBytes(bytes.length)} is not a positive multiple of ${CIFAR10_RECORD_BYTES} (1 label byte + ${IMAGE_BYTES} pixel bytes per CIFAR-10 record)`,
      );
    }
    count += bytes.length / CIFAR10_RECORD_BYTES;
  }
  const pixels = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const { name, bytes } of files) {
    for (let offset = 0; offset < bytes.length; offset += CIFAR10_RECORD_BYTES, n++) {
      const label = bytes[offset];
      if (label >= CIFAR10_CLASS_NAMES.length) {
        throw new DataFileError(
          name,
          `at byte ${offset}: expected a label 0–9 for record ${offset / CIFAR10_RECORD_BYTES}, found ${label}`,
        );
      }
      labels[n] = label;
      const src = offset + 1;
      const dst = n * IMAGE_BYTES;
      for (let p = 0; p < PLANE; p++) {
        pixels[dst + 3 * p] = bytes[src + p];
        pixels[dst + 3 * p + 1] = bytes[src + PLANE + p];
        pixels[dst + 3 * p + 2] = bytes[src + 2 * PLANE + p];
      }
    }
  }
  return { pixels, labels, count };
}

/** Read batch files from disk (raw or gzip) into one split. */
export function readCifar10Batches(
  paths: readonly string[],
  options: ReadDataFileOptions = {},
): ImageSplit {
  if (paths.length === 0) throw new Error('CIFAR-10: no batch files given');
  return parseCifar10Batches(
    paths.map((path) => ({ name: fileLabel(path), bytes: readDataFile(path, options) })),
  );
}

export interface Cifar10ImportOptions extends ReadDataFileOptions {
  readonly name: string;
  /** data_batch_1.bin … data_batch_5.bin (or any subset), concatenated in the given order. */
  readonly trainBatches: readonly string[];
  /** test_batch.bin */
  readonly testBatch: string;
}

export function importCifar10Dataset(options: Cifar10ImportOptions): ImageDataset {
  const shape = {
    height: CIFAR10_SIDE,
    width: CIFAR10_SIDE,
    channels: CIFAR10_CHANNELS,
    numClasses: 10,
  };
  return assembleDataset({
    name: options.name,
    train: {
      ...shape,
      split: readCifar10Batches(options.trainBatches, options),
      source: 'train batches',
    },
    test: {
      ...shape,
      split: readCifar10Batches([options.testBatch], options),
      source: fileLabel(options.testBatch),
    },
    numClasses: 10,
    classNames: CIFAR10_CLASS_NAMES,
  });
}
