import * as tf from '@tensorflow/tfjs';
import type { Model } from '../model/modelTypes';
import type { SerializedTensors } from '../records/serializedTensors';

/** Weights in export form: "<layer>/<param>" → tfjs-layout shape and values. */
export async function exportWeights(model: Model): Promise<SerializedTensors> {
  const out: SerializedTensors = {};
  for (const layer of model.layers) {
    for (const [param, variable] of [
      ['kernel', layer.kernel],
      ['bias', layer.bias],
    ] as const) {
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
    for (const [param, variable] of [
      ['kernel', layer.kernel],
      ['bias', layer.bias],
    ] as const) {
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
