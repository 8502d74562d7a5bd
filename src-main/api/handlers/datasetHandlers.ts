import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImageDataset, ImageSplit } from '../../engine/data/datasetTypes';
import { findIdxLabelsFile } from '../../engine/data/idxFormat';
import { importDataset, type ImportedDatasetSource } from '../../engine/data/importDataset';
import { BUILTIN_DATASET_NAMES } from '../../engine/data/builtinDatasets';
import { SeededRandom } from '../../engine/rng';
import { ApiError } from '../apiError';
import type { ApiContext } from '../apiContext';
import type { ApiParsedInput, ApiResult } from '../contract';
import { BUILTIN_DATASET_SHAPES } from './datasetShapes';

/** Share of a single-file import held out as its test split when no test file is given. */
const HELD_OUT_FRACTION = 1 / 7;
const HOLD_OUT_SEED = 20221;

export function numClassesOf(ctx: ApiContext, name: string): number {
  if (name in BUILTIN_DATASET_SHAPES)
    return BUILTIN_DATASET_SHAPES[name as keyof typeof BUILTIN_DATASET_SHAPES].numClasses;
  return ctx.store.datasets.info(name)?.numClasses ?? 10;
}

export interface DatasetShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  /** Examples in the test split (what a run without dataset.testSize evaluates). */
  readonly testCount: number;
}

export function shapeOf(ctx: ApiContext, name: string): DatasetShape | undefined {
  if (name in BUILTIN_DATASET_SHAPES) {
    const shape = BUILTIN_DATASET_SHAPES[name as keyof typeof BUILTIN_DATASET_SHAPES];
    return { ...shape, testCount: shape.test };
  }
  return ctx.store.datasets.info(name) ?? undefined;
}

export function listDatasets(ctx: ApiContext): ApiResult<'datasets.list'> {
  const builtin = BUILTIN_DATASET_NAMES.map((name) => {
    const shape = BUILTIN_DATASET_SHAPES[name];
    return { name, builtin: true, train: shape.train, test: shape.test };
  });
  const imported = ctx.store.datasets
    .list()
    .map((d) => ({ name: d.name, builtin: false, train: d.trainCount, test: d.testCount }));
  return [...builtin, ...imported];
}

function splitRows(split: ImageSplit, rows: Int32Array, size: number): ImageSplit {
  const pixels = new Uint8Array(rows.length * size);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    pixels.set(split.pixels.subarray(row * size, (row + 1) * size), i * size);
    labels[i] = split.labels[row];
  });
  return { pixels, labels, count: rows.length };
}

/** A deterministic held-out test split for a dataset imported from one file. */
function holdOutTest(dataset: ImageDataset): ImageDataset {
  const size = dataset.height * dataset.width * dataset.channels;
  const order = new SeededRandom(HOLD_OUT_SEED).permutation(dataset.train.count);
  const testCount = Math.max(1, Math.round(dataset.train.count * HELD_OUT_FRACTION));
  const sorted = (a: Int32Array): Int32Array => a.slice().sort();
  return {
    ...dataset,
    train: splitRows(dataset.train, sorted(order.subarray(testCount)), size),
    test: splitRows(dataset.train, sorted(order.subarray(0, testCount)), size),
  };
}

function sourceOf(input: ApiParsedInput<'datasets.import'>): ImportedDatasetSource {
  const test = input.testPath ?? input.path;
  switch (input.format) {
    case 'idx':
      return {
        format: 'idx',
        name: input.name,
        trainImages: input.path,
        trainLabels: input.labelsPath ?? findIdxLabelsFile(input.path),
        testImages: test,
        testLabels:
          input.testLabelsPath ??
          (input.testPath
            ? findIdxLabelsFile(test)
            : (input.labelsPath ?? findIdxLabelsFile(input.path))),
      };
    case 'cifar10':
      return { format: 'cifar10', name: input.name, trainBatches: [input.path], testBatch: test };
    case 'csv':
      return { format: 'csv', name: input.name, trainPath: input.path, testPath: test };
  }
}

/** Every file a source reads (train/test images and labels, CIFAR batches). */
function filesOf(source: ImportedDatasetSource): string[] {
  return Object.entries(source)
    .filter(([key]) => key !== 'format' && key !== 'name')
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === 'string');
}

/**
 * Refuse devices, FIFOs and sockets before reading: they report size 0, so the size limit does
 * not apply, and reading `/dev/zero` or a FIFO never ends. Missing files and folders are left
 * to the format readers, which name them in their own messages.
 */
function refuseSpecialFiles(source: ImportedDatasetSource): void {
  for (const file of filesOf(source)) {
    let kind: string | null = null;
    try {
      const stat = statSync(file);
      if (stat.isFile() || stat.isDirectory()) continue;
      kind = stat.isFIFO()
        ? 'a named pipe'
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? 'a device'
          : stat.isSocket()
            ? 'a socket'
            : 'not a regular file';
    } catch {
      continue;
    }
    throw ApiError.invalidInput('datasets.import', [
      { path: 'path', message: `${basename(file)}: expected a regular file, found ${kind}` },
    ]);
  }
}

/** Parse and validate fully first; register in one statement, so nothing is half-imported. */
export function importDatasetFile(
  ctx: ApiContext,
  input: ApiParsedInput<'datasets.import'>,
): ApiResult<'datasets.import'> {
  if (
    (BUILTIN_DATASET_NAMES as readonly string[]).includes(input.name) ||
    ctx.store.datasets.info(input.name)
  ) {
    throw ApiError.conflict(
      `a dataset named "${input.name}" already exists; choose another --name`,
    );
  }
  let dataset: ImageDataset;
  try {
    const source = sourceOf(input);
    refuseSpecialFiles(source);
    dataset = importDataset(source);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw ApiError.invalidInput('datasets.import', [
      { path: 'path', message: (error as Error).message },
    ]);
  }
  if (!input.testPath) dataset = holdOutTest(dataset);
  ctx.store.datasets.register(dataset, input.format, input.path);
  return {
    name: dataset.name,
    train: dataset.train.count,
    test: dataset.test.count,
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    numClasses: dataset.numClasses,
  };
}
