import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  assembleDataset,
  checkNumClassesOption,
  type ParsedSplit,
  type SplitWithShape,
} from './assembleDataset';
import { DataFileError, fileLabel, formatBytes } from './dataFileError';
import type { ImageDataset } from './datasetTypes';
import { DEFAULT_MAX_FILE_BYTES, readDataFile, type ReadDataFileOptions } from './readDataFile';

/**
 * The IDX format of the MNIST distribution (yann.lecun.com/exdb/mnist): a 4-byte magic
 * 0x00 0x00 <type> <ndims>, ndims big-endian uint32 sizes, then the values row-major.
 * Only type 0x08 (unsigned byte) is accepted: every image dataset we handle is 8-bit, and a
 * float IDX file would need a different scaling story.
 */
const UBYTE = 0x08;
const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** What the file must hold: images are N×H×W (grey) or N×H×W×C; labels are N. */
export type IdxKind = 'images' | 'labels';
const ALLOWED_DIMS: Readonly<Record<IdxKind, readonly number[]>> = { images: [3, 4], labels: [1] };

export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

function expectedMagic(kind: IdxKind): string {
  return ALLOWED_DIMS[kind]
    .map((nd) => `${hex32((UBYTE << 8) | nd)} (ubyte, ${nd} dim${nd === 1 ? '' : 's'})`)
    .join(' or ');
}

/** Parse IDX bytes (already gunzipped). `name` is used in error messages only. */
export function parseIdx(
  bytes: Uint8Array,
  name: string,
  kind: IdxKind,
  maxBytes: number = DEFAULT_MAX_FILE_BYTES,
): IdxArray {
  const fail = (offset: number, detail: string): never => {
    throw new DataFileError(name, `at byte ${offset}: ${detail}`);
  };
  if (bytes.length < 4) {
    fail(0, `expected IDX magic ${expectedMagic(kind)}, found only ${formatBytes(bytes.length)}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2];
  const ndims = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(type in TYPE_NAMES)) {
    fail(0, `expected IDX magic ${expectedMagic(kind)}, found ${hex32(magic)}`);
  }
  if (type !== UBYTE) {
    fail(
      2,
      `expected data type 0x08 (unsigned byte), found 0x${type.toString(16).padStart(2, '0')} (${TYPE_NAMES[type]}); only 8-bit IDX files are supported`,
    );
  }
  if (!ALLOWED_DIMS[kind].includes(ndims)) {
    fail(
      0,
      `expected IDX magic ${expectedMagic(kind)} for a ${kind} file, found ${hex32(magic)} (${ndims} dims)`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    fail(
      bytes.length,
      `file truncated: expected ${ndims} dimension sizes (a ${headerBytes}-byte header), found only ${formatBytes(bytes.length)}`,
    );
  }
  const dims: number[] = [];
  // Number arithmetic is exact up to 2^53; stopping as soon as the product passes the byte
  // limit keeps it far below that, so a hostile header cannot overflow the check.
  let product = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d);
    if (size === 0) fail(4 + 4 * d, `expected a positive size for dimension ${d}, found 0`);
    dims.push(size);
    product *= size;
    if (product > maxBytes) {
      fail(
        4 + 4 * d,
        `dimensions ${dims.join('×')}… need more than the limit of ${formatBytes(maxBytes)}`,
      );
    }
  }
  const expectedLength = headerBytes + product;
  if (bytes.length !== expectedLength) {
    const what =
      bytes.length < expectedLength ? 'file truncated' : 'trailing data after the values';
    fail(
      Math.min(bytes.length, expectedLength),
      `${what}: dimensions ${dims.join('×')} need ${formatBytes(expectedLength)} (${headerBytes}-byte header + ${product.toLocaleString('en-US')} values), found ${formatBytes(bytes.length)}`,
    );
  }
  // A copy, not a view: the split must not pin (or alias) the whole file buffer.
  return { dims, data: bytes.slice(headerBytes) };
}

/** Read and parse one IDX file, raw or gzip. */
export function readIdxFile(
  path: string,
  kind: IdxKind,
  options: ReadDataFileOptions = {},
): IdxArray {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  return parseIdx(readDataFile(path, { maxBytes }), fileLabel(path), kind, maxBytes);
}

export interface IdxPairOptions extends ReadDataFileOptions {
  /** Enforced when given (1–256); otherwise max label + 1. */
  readonly numClasses?: number;
}

/** One split read from an images file and its labels file. */
export type IdxPair = ParsedSplit;

/** Read an images/labels pair and check they describe the same examples. */
export function readIdxPair(
  imagesPath: string,
  labelsPath: string,
  options: IdxPairOptions = {},
): IdxPair {
  checkNumClassesOption(options.numClasses);
  const images = readIdxFile(imagesPath, 'images', options);
  const labels = readIdxFile(labelsPath, 'labels', options);
  const count = images.dims[0];
  if (labels.dims[0] !== count) {
    throw new DataFileError(
      fileLabel(labelsPath),
      `at byte 4: expected ${count} labels to match the ${count} images of ${fileLabel(imagesPath)}, found ${labels.dims[0]}`,
    );
  }
  let maxLabel = 0;
  for (let i = 0; i < count; i++) {
    const label = labels.data[i];
    if (options.numClasses !== undefined && label >= options.numClasses) {
      throw new DataFileError(
        fileLabel(labelsPath),
        `at byte ${8 + i}: expected a label below numClasses ${options.numClasses}, found ${label} (example ${i})`,
      );
    }
    if (label > maxLabel) maxLabel = label;
  }
  return {
    split: { pixels: images.data, labels: labels.data, count },
    height: images.dims[1],
    width: images.dims[2],
    channels: images.dims.length === 4 ? images.dims[3] : 1,
    numClasses: options.numClasses ?? maxLabel + 1,
  };
}

const IMAGES_NAME = /^(.*)-images([-.])idx([34])-ubyte(\.gz)?$/;

/**
 * The labels file that belongs to an images file, by the MNIST naming convention:
 * `…-images-idx3-ubyte[.gz]` ↔ `…-labels-idx1-ubyte[.gz]` (also the `…-images.idx3-ubyte`
 * spelling of some mirrors). The same compression is tried first, then the other one, because
 * people often gunzip one file of a pair and not the other.
 */
export function findIdxLabelsFile(imagesPath: string): string {
  const name = basename(imagesPath);
  const match = IMAGES_NAME.exec(name);
  if (!match) {
    throw new DataFileError(
      name,
      'cannot derive the labels file name: expected an images file named like train-images-idx3-ubyte[.gz] or train-images.idx3-ubyte; give the labels file explicitly',
    );
  }
  const [, prefix, separator, , gz] = match;
  const stems = [`${prefix}-labels${separator}idx1-ubyte`];
  if (separator === '.') stems.push(`${prefix}-labels-idx1-ubyte`);
  else stems.push(`${prefix}-labels.idx1-ubyte`);
  const suffixes = gz ? ['.gz', ''] : ['', '.gz'];
  const candidates = stems.flatMap((stem) => suffixes.map((suffix) => stem + suffix));
  const dir = dirname(imagesPath);
  for (const candidate of candidates) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  throw new DataFileError(
    name,
    `labels file not found: looked for ${candidates.join(', ')} in ${dir}`,
  );
}

export interface IdxImportOptions extends IdxPairOptions {
  readonly name: string;
  readonly trainImages: string;
  /** Defaults to the file found by the naming convention next to the images file. */
  readonly trainLabels?: string;
  readonly testImages: string;
  readonly testLabels?: string;
  readonly classNames?: readonly string[];
}

/** Import a dataset from two IDX pairs (train and test), e.g. a downloaded MNIST variant. */
export function importIdxDataset(options: IdxImportOptions): ImageDataset {
  const read = (images: string, labels: string | undefined): SplitWithShape => ({
    ...readIdxPair(images, labels ?? findIdxLabelsFile(images), options),
    source: fileLabel(images),
  });
  return assembleDataset({
    name: options.name,
    train: read(options.trainImages, options.trainLabels),
    test: read(options.testImages, options.testLabels),
    ...(options.numClasses !== undefined ? { numClasses: options.numClasses } : {}),
    ...(options.classNames ? { classNames: options.classNames } : {}),
  });
}
