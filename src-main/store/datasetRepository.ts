import type Database from 'better-sqlite3';
import type { ImageDataset } from '../engine/data/datasetTypes';
import { ProjectStoreError } from './storeErrors';

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

/**
 * Imported datasets are stored inside the project (raw 8-bit pixels and labels as BLOBs), so a
 * project file is self-contained and its runs stay reproducible after the source files move.
 */
export class DatasetRepository {
  constructor(private readonly db: Database.Database) {}

  register(dataset: ImageDataset, format: string, sourcePath: string): void {
    if (this.info(dataset.name)) {
      throw new ProjectStoreError(
        'invalid-state',
        `a dataset named "${dataset.name}" is already imported in this project`,
      );
    }
    this.db
      .prepare(
        `INSERT INTO datasets (name, format, source_path, height, width, channels, num_classes, train_count, test_count,
           train_pixels, train_labels, test_pixels, test_labels, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        dataset.name,
        format,
        sourcePath,
        dataset.height,
        dataset.width,
        dataset.channels,
        dataset.numClasses,
        dataset.train.count,
        dataset.test.count,
        Buffer.from(
          dataset.train.pixels.buffer,
          dataset.train.pixels.byteOffset,
          dataset.train.pixels.byteLength,
        ),
        Buffer.from(
          dataset.train.labels.buffer,
          dataset.train.labels.byteOffset,
          dataset.train.labels.byteLength,
        ),
        Buffer.from(
          dataset.test.pixels.buffer,
          dataset.test.pixels.byteOffset,
          dataset.test.pixels.byteLength,
        ),
        Buffer.from(
          dataset.test.labels.buffer,
          dataset.test.labels.byteOffset,
          dataset.test.labels.byteLength,
        ),
        new Date().toISOString(),
      );
  }

  list(): StoredDatasetInfo[] {
    return (
      this.db
        .prepare(
          'SELECT name, format, source_path, height, width, channels, num_classes, train_count, test_count FROM datasets ORDER BY name',
        )
        .all() as Array<Record<string, string | number>>
    ).map(toInfo);
  }

  info(name: string): StoredDatasetInfo | null {
    const row = this.db
      .prepare(
        'SELECT name, format, source_path, height, width, channels, num_classes, train_count, test_count FROM datasets WHERE name = ?',
      )
      .get(name) as Record<string, string | number> | undefined;
    return row ? toInfo(row) : null;
  }

  load(name: string): ImageDataset | null {
    const row = this.db.prepare('SELECT * FROM datasets WHERE name = ?').get(name) as
      | (Record<string, number | string> & {
          train_pixels: Buffer;
          train_labels: Buffer;
          test_pixels: Buffer;
          test_labels: Buffer;
        })
      | undefined;
    if (!row) return null;
    const bytes = (b: Buffer): Uint8Array =>
      new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return {
      name: String(row.name),
      height: Number(row.height),
      width: Number(row.width),
      channels: Number(row.channels),
      numClasses: Number(row.num_classes),
      train: {
        pixels: bytes(row.train_pixels),
        labels: bytes(row.train_labels),
        count: Number(row.train_count),
      },
      test: {
        pixels: bytes(row.test_pixels),
        labels: bytes(row.test_labels),
        count: Number(row.test_count),
      },
    };
  }
}

function toInfo(row: Record<string, string | number>): StoredDatasetInfo {
  return {
    name: String(row.name),
    format: String(row.format),
    sourcePath: String(row.source_path),
    height: Number(row.height),
    width: Number(row.width),
    channels: Number(row.channels),
    numClasses: Number(row.num_classes),
    trainCount: Number(row.train_count),
    testCount: Number(row.test_count),
  };
}
