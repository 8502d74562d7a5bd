import { importCifar10Dataset, type Cifar10ImportOptions } from './cifar10Format';
import { importCsvDataset, type CsvImportOptions } from './csvFormat';
import type { ImageDataset } from './datasetTypes';
import { importIdxDataset, type IdxImportOptions } from './idxFormat';

/**
 * Where an imported dataset's files are and how to read them, as plain data. Being
 * serializable, it can travel to the trainer process (which cannot call back into the store)
 * and be re-read there.
 */
export type ImportedDatasetSource =
  | ({ readonly format: 'idx' } & IdxImportOptions)
  | ({ readonly format: 'cifar10' } & Cifar10ImportOptions)
  | ({ readonly format: 'csv' } & CsvImportOptions);

export function importDataset(source: ImportedDatasetSource): ImageDataset {
  switch (source.format) {
    case 'idx':
      return importIdxDataset(source);
    case 'cifar10':
      return importCifar10Dataset(source);
    case 'csv':
      return importCsvDataset(source);
  }
}
