import * as tf from '@tensorflow/tfjs';
import { PARAMETER_NAMES } from '../model/layerParameters';
import type { Model, TrainableLayer } from '../model/modelTypes';
import type { SerializedTensors } from '../records/serializedTensors';

/** A layer's two tensors with their export names (kernel/bias, or gamma/beta of a normalization). */
function layerParameters(layer: TrainableLayer): Array<[string, tf.Variable]> {
  const [kernel, bias] = PARAMETER_NAMES[layer.kind];
  return [
    [kernel, layer.kernel],
    [bias, layer.bias],
  ];
}

/** Weights in export form: "<layer>/<param>" → tfjs-layout shape and values. */
export async function exportWeights(model: Model): Promise<SerializedTensors> {
  const out: SerializedTensors = {};
  for (const layer of model.layers) {
    for (const [param, variable] of layerParameters(layer)) {
      out[`${layer.name}/${param}`] = {
        shape: variable.shape.slice(),
        values: (await variable.data()) as Float32Array,
      };
    }
  }
  return out;
}

export function importWeights(model: Model, weights: SerializedTensors): void {
  for (const layer of model.layers) {
    for (const [param, variable] of layerParameters(layer)) {
      const entry = weights[`${layer.name}/${param}`];
      if (!entry) throw new Error(`checkpoint has no weights for ${layer.name}/${param}`);
      if (entry.shape.join('x') !== variable.shape.join('x')) {
        throw new Error(
          `checkpoint ${layer.name}/${param} has shape [${entry.shape}], model expects [${variable.shape}]`,
        );
      }
      variable.assign(tf.tensor(entry.values, entry.shape));
    }
  }
}
