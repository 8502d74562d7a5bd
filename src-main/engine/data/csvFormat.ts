import {
  assembleDataset,
  checkNumClassesOption,
  type ImageShape,
  type ParsedSplit,
} from './assembleDataset';
import { bareExcerpt, contentExcerpt } from '../../shared/contentExcerpt';
import { DataFileError, fileLabel } from './dataFileError';
import type { ImageDataset } from './datasetTypes';
import { readDataFile, type ReadDataFileOptions } from './readDataFile';

/**
 * Images as CSV: one row per image, a label column and one column per pixel value (0–255),
 * pixels in NHWC row-major order (the layout of the popular "mnist_train.csv" files).
 * Parsing is a simple split on commas: these files hold numbers only, so quoting is needed at
 * most around header names, which we strip.
 */
export interface CsvImageOptions {
  /**
   * The label column: a 0-based index (negative counts from the end, -1 = last) or a header
   * name. Default: the first column.
   */
  readonly labelColumn?: number | string;
  /** Default: auto — the first row is a header when any of its cells is not a number. */
  readonly hasHeader?: boolean;
  /** Default: a square single-channel image, so the pixel count must be a perfect square. */
  readonly shape?: ImageShape;
  /** Enforced when given (1–256); otherwise max label + 1. */
  readonly numClasses?: number;
}

const unquote = (cell: string): string => {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
};

/**
 * Header auto-detection: a row is a header when some cell is a name. Empty cells and spellings
 * of non-finite numbers do not count, so a first data row with a hole or a NaN is reported as
 * bad data instead of being silently swallowed as a header.
 */
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const looksLikeName = (cell: string): boolean =>
  cell !== '' && !NON_FINITE.test(cell) && !Number.isFinite(Number(cell));

/** Number(''), Number(' ') are 0 in JavaScript; an empty cell must not silently become a pixel. */
const toNumber = (cell: string): number => (cell.trim() === '' ? Number.NaN : Number(cell));

function resolveLabelColumn(
  option: number | string,
  header: readonly string[] | undefined,
  columns: number,
  name: string,
): number {
  if (typeof option === 'string') {
    if (!header)
      throw new DataFileError(
        name,
        `labelColumn '${option}' names a column, but the file has no header row`,
      );
    const index = header.indexOf(option);
    if (index < 0) {
      throw new DataFileError(
        name,
        `row 1: no column named '${option}' among the ${header.length} header columns`,
      );
    }
    return index;
  }
  const index = option < 0 ? columns + option : option;
  if (!Number.isInteger(option) || index < 0 || index >= columns) {
    throw new DataFileError(
      name,
      `labelColumn ${option} is outside the ${columns} columns of the file`,
    );
  }
  return index;
}

function resolveShape(pixelCount: number, shape: ImageShape | undefined, name: string): ImageShape {
  if (shape) {
    const need = shape.height * shape.width * shape.channels;
    if (need !== pixelCount) {
      throw new DataFileError(
        name,
        `rows have ${pixelCount} pixel columns, but shape ${shape.height}×${shape.width}×${shape.channels} needs ${need}`,
      );
    }
    return shape;
  }
  const side = Math.round(Math.sqrt(pixelCount));
  if (pixelCount < 1 || side * side !== pixelCount) {
    throw new DataFileError(
      name,
      `rows have ${pixelCount} pixel columns, which is not a square single-channel image; give the image shape (height, width, channels)`,
    );
  }
  return { height: side, width: side, channels: 1 };
}

/** Parse CSV text. `name` is used in error messages; rows and columns there are 1-based. */
export function parseCsvImages(
  text: string,
  name: string,
  options: CsvImageOptions = {},
): ParsedSplit {
  checkNumClassesOption(options.numClasses);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  // Line numbers of the non-blank rows, so messages point at the line an editor shows.
  const rows: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].trim() !== '') rows.push(i);
  if (rows.length === 0)
    throw new DataFileError(name, 'file is empty: expected rows of a label and pixel values');

  const first = lines[rows[0]].split(',').map(unquote);
  const columns = first.length;
  const hasHeader = options.hasHeader ?? first.some(looksLikeName);
  const dataRows = hasHeader ? rows.slice(1) : rows;
  if (dataRows.length === 0) throw new DataFileError(name, 'no data rows after the header row');
  if (columns < 2) {
    throw new DataFileError(
      name,
      `row ${rows[0] + 1}: expected a label column and pixel columns, found ${columns} column`,
    );
  }
  const labelColumn = resolveLabelColumn(
    options.labelColumn ?? 0,
    hasHeader ? first : undefined,
    columns,
    name,
  );
  const pixelCount = columns - 1;
  const shape = resolveShape(pixelCount, options.shape, name);
  const columnName = (c: number): string => (hasHeader ? ` (${bareExcerpt(first[c])})` : '');

  const count = dataRows.length;
  const pixels = new Uint8Array(count * pixelCount);
  const labels = new Uint8Array(count);
  let maxLabel = 0;
  for (let n = 0; n < count; n++) {
    const line = dataRows[n];
    const at = `row ${line + 1}`;
    const cells = lines[line].split(',');
    if (cells.length !== columns) {
      throw new DataFileError(
        name,
        `${at}: expected ${columns} columns (as in row ${rows[0] + 1}), found ${cells.length}`,
      );
    }
    let p = n * pixelCount;
    for (let c = 0; c < columns; c++) {
      const cell = cells[c];
      const value = toNumber(cell);
      const where = `${at}, column ${c + 1}${columnName(c)}`;
      if (c === labelColumn) {
        if (!Number.isFinite(value)) {
          throw new DataFileError(
            name,
            `${where}: expected an integer class label, found ${contentExcerpt(cell.trim())}`,
          );
        }
        const limit = options.numClasses ?? 256;
        if (!Number.isInteger(value) || value < 0 || value >= limit) {
          throw new DataFileError(
            name,
            `${where}: label ${value} is out of range, expected an integer 0–${limit - 1}`,
          );
        }
        labels[n] = value;
        if (value > maxLabel) maxLabel = value;
        continue;
      }
      if (!Number.isFinite(value)) {
        throw new DataFileError(
          name,
          `${where}: expected a finite pixel value 0–255, found ${contentExcerpt(cell.trim())}`,
        );
      }
      if (value < 0 || value > 255) {
        throw new DataFileError(name, `${where}: pixel value ${value} is out of range 0–255`);
      }
      // Storage is 8-bit like every other source; fractional values are rounded, not rejected.
      pixels[p++] = Math.round(value);
    }
  }
  return {
    split: { pixels, labels, count },
    ...shape,
    numClasses: options.numClasses ?? maxLabel + 1,
  };
}

/** Read a CSV file (raw or gzip). */
export function readCsvImages(
  path: string,
  options: CsvImageOptions & ReadDataFileOptions = {},
): ParsedSplit {
  return parseCsvImages(readDataFile(path, options).toString('utf8'), fileLabel(path), options);
}

export interface CsvImportOptions extends CsvImageOptions, ReadDataFileOptions {
  readonly name: string;
  readonly trainPath: string;
  readonly testPath: string;
  readonly classNames?: readonly string[];
}

export function importCsvDataset(options: CsvImportOptions): ImageDataset {
  return assembleDataset({
    name: options.name,
    train: { ...readCsvImages(options.trainPath, options), source: fileLabel(options.trainPath) },
    test: { ...readCsvImages(options.testPath, options), source: fileLabel(options.testPath) },
    ...(options.numClasses !== undefined ? { numClasses: options.numClasses } : {}),
    ...(options.classNames ? { classNames: options.classNames } : {}),
  });
}
