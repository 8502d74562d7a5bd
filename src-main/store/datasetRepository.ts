import type Database from 'better-sqlite3';
import type { ImageDataset } from '../engine/data/datasetTypes';
import { cachedStatement } from './statementCache';
import { ProjectStoreError, guardStore, writeTransaction } from './storeErrors';

export interface StoredDatasetInfo {
  readonly name: string;
  readonly format: string;
  readonly sourcePath: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly trainCount: number;
  readonly testCount: number;
}

interface RawDatasetInfo {
  name: string;
  format: string;
  source_path: string;
  height: number;
  width: number;
  channels: number;
  num_classes: number;
  train_count: number;
  test_count: number;
}

const INFO_COLUMNS =
  'name, format, source_path, height, width, channels, num_classes, train_count, test_count';

const asBlob = (a: Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** A private copy: the row buffer belongs to better-sqlite3 and may be shared. */
const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b);

/**
 * Imported datasets are stored inside the project (raw 8-bit pixels and labels as BLOBs, about
 * 47 MB for MNIST), so a project file is self-contained and its runs stay reproducible after
 * the source files move.
 */
export class DatasetRepository {
  constructor(private readonly db: Database.Database) {}

  /**
   * Register an imported dataset. Sizes are checked first and the check-and-insert is one
   * transaction: on any error nothing of the dataset is left behind.
   */
  register(dataset: ImageDataset, format: string, sourcePath: string): void {
    const imageBytes = dataset.height * dataset.width * dataset.channels;
    for (const [split, data] of [
      ['train', dataset.train],
      ['test', dataset.test],
    ] as const) {
      if (data.pixels.length !== data.count * imageBytes || data.labels.length !== data.count) {
        throw new ProjectStoreError(
          'invalid-state',
          `dataset "${dataset.name}": the ${split} split has ${data.pixels.length} pixel bytes and ${data.labels.length} labels for ${data.count} images of ${imageBytes} bytes`,
        );
      }
    }
    writeTransaction(this.db, () => {
      if (this.info(dataset.name)) {
        throw new ProjectStoreError(
          'invalid-state',
          `a dataset named "${dataset.name}" is already imported in this project`,
        );
      }
      cachedStatement(
        this.db,
        `INSERT INTO datasets (${INFO_COLUMNS}, train_pixels, train_labels, test_pixels, test_labels,
           class_names, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        dataset.name,
        format,
        sourcePath,
        dataset.height,
        dataset.width,
        dataset.channels,
        dataset.numClasses,
        dataset.train.count,
        dataset.test.count,
        asBlob(dataset.train.pixels),
        asBlob(dataset.train.labels),
        asBlob(dataset.test.pixels),
        asBlob(dataset.test.labels),
        dataset.classNames ? JSON.stringify(dataset.classNames) : null,
        new Date().toISOString(),
      );
    });
  }

  list(): StoredDatasetInfo[] {
    return guardStore(this.db, () =>
      (
        cachedStatement(
          this.db,
          `SELECT ${INFO_COLUMNS} FROM datasets ORDER BY name`,
        ).all() as RawDatasetInfo[]
      ).map(toInfo),
    );
  }

  /** The class names an imported dataset was given, or null (none given, or no such dataset). */
  classNames(name: string): string[] | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(this.db, 'SELECT class_names FROM datasets WHERE name = ?').get(
        name,
      ) as { class_names: string | null } | undefined;
      return row?.class_names ? (JSON.parse(row.class_names) as string[]) : null;
    });
  }

  info(name: string): StoredDatasetInfo | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(
        this.db,
        `SELECT ${INFO_COLUMNS} FROM datasets WHERE name = ?`,
      ).get(name) as RawDatasetInfo | undefined;
      return row ? toInfo(row) : null;
    });
  }

  load(name: string): ImageDataset | null {
    return guardStore(this.db, () => {
      const row = cachedStatement(this.db, 'SELECT * FROM datasets WHERE name = ?').get(name) as
        | (RawDatasetInfo & {
            train_pixels: Buffer;
            train_labels: Buffer;
            test_pixels: Buffer;
            test_labels: Buffer;
            class_names?: string | null;
          })
        | undefined;
      if (!row) return null;
      return {
        name: row.name,
        height: row.height,
        width: row.width,
        channels: row.channels,
        numClasses: row.num_classes,
        ...(row.class_names ? { classNames: JSON.parse(row.class_names) as string[] } : {}),
        train: {
          pixels: asBytes(row.train_pixels),
          labels: asBytes(row.train_labels),
          count: row.train_count,
        },
        test: {
          pixels: asBytes(row.test_pixels),
          labels: asBytes(row.test_labels),
          count: row.test_count,
        },
      };
    });
  }

  /** Remove an imported dataset; returns whether it existed. */
  remove(name: string): boolean {
    return writeTransaction(
      this.db,
      () => cachedStatement(this.db, 'DELETE FROM datasets WHERE name = ?').run(name).changes > 0,
    );
  }
}

function toInfo(row: RawDatasetInfo): StoredDatasetInfo {
  return {
    name: row.name,
    format: row.format,
    sourcePath: row.source_path,
    height: row.height,
    width: row.width,
    channels: row.channels,
    numClasses: row.num_classes,
    trainCount: row.train_count,
    testCount: row.test_count,
  };
}
