import { modelSchema } from '../../engine/config/configSchemas';
import { expectedWeightShapes } from '../../engine/model/weightShapes';
import type { DatasetShape } from './datasetHandlers';

/**
 * Kernel shape of each trainable layer of a stored config (what the per-layer charts name a
 * layer by): the plan the model builders use when the dataset is known, else the config's own
 * dimensions with the dataset's left named. A config that no longer parses (written by another
 * version) has no shapes to show rather than failing the whole run detail.
 */
export function layerShapesOf(
  config: Record<string, unknown>,
  dataset: DatasetShape | undefined,
): Record<string, Array<number | string>> {
  const model = modelSchema.safeParse(config.model);
  if (!model.success) return {};
  const data = dataset
    ? {
        input: { height: dataset.height, width: dataset.width, channels: dataset.channels },
        numClasses: dataset.numClasses,
      }
    : null;
  let shapes;
  try {
    shapes = expectedWeightShapes(model.data, data);
  } catch {
    // A stack the dataset's images are too small for: show the config's own dimensions.
    shapes = expectedWeightShapes(model.data, null);
  }
  const layers: Record<string, Array<number | string>> = {};
  for (const [tensor, shape] of Object.entries(shapes)) {
    if (tensor.endsWith('/kernel')) layers[tensor.slice(0, -'/kernel'.length)] = shape;
  }
  return layers;
}
