import type { ImageDataset } from '../engine/data/datasetTypes';
import { ProjectStore } from './projectStore';

/**
 * Imported datasets live inside the project file. A trainer process reads one through this:
 * the file is opened read-only (with the store's lock wait) only when a dataset is asked for,
 * and closed again at once, so the trainer holds no connection while it trains.
 */
export function readImportedDataset(projectPath: string, name: string): ImageDataset | undefined {
  const store = ProjectStore.open(projectPath, { readonly: true });
  try {
    return store.datasets.load(name) ?? undefined;
  } finally {
    store.close();
  }
}
