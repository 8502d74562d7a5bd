import type { ModelConfig } from '../config/configSchemas';
import type { SpatialShape } from './convGeometry';
import { planLayers } from './parameterCount';

/**
 * A dimension of a weight tensor: a number the config fixes, or the name of a dimension the
 * dataset decides: 'channels' (image channels, a CNN's first convolution), 'input' (the first
 * dense layer's inputs: pixels of an MLP, the flattened feature map of a CNN), 'classes'. The
 * same name must take the same value in every tensor it appears in.
 */
export type WeightDimension = number | 'input' | 'channels' | 'classes';

/** Tensor name ("dense1/kernel", "conv2/bias") → its shape, in model order. */
export type WeightShapes = Record<string, WeightDimension[]>;

/**
 * The final-weight tensors a model config builds, named as exportWeights names them. With the
 * dataset's image shape and class count every dimension is a number (from planLayers, the plan
 * the model builders use). Without them — a run trained on a dataset this project does not
 * have — the dimensions only the dataset decides are left named: the first layer's inputs
 * (features of an MLP, channels of a CNN's first convolution and the flattened width of its
 * first dense layer) and the classes of the last layer.
 */
export function expectedWeightShapes(
  model: ModelConfig,
  data: { readonly input: SpatialShape; readonly numClasses: number } | null,
): WeightShapes {
  const shapes: WeightShapes = {};
  if (data) {
    for (const plan of planLayers(model, data.input, data.numClasses)) {
      shapes[`${plan.name}/kernel`] = [...plan.kernelShape];
      shapes[`${plan.name}/bias`] = [plan.kernelShape[plan.kernelShape.length - 1]];
    }
    return shapes;
  }
  if (model.kind === 'cnn') {
    model.convs.forEach((conv, i) => {
      const inChannels: WeightDimension = i === 0 ? 'channels' : model.convs[i - 1].filters;
      shapes[`conv${i + 1}/kernel`] = [conv.kernel, conv.kernel, inChannels, conv.filters];
      shapes[`conv${i + 1}/bias`] = [conv.filters];
    });
  }
  const units: WeightDimension[] = [...model.hidden, 'classes'];
  units.forEach((out, j) => {
    const inWidth: WeightDimension = j === 0 ? 'input' : units[j - 1];
    shapes[`dense${j + 1}/kernel`] = [inWidth, out];
    shapes[`dense${j + 1}/bias`] = [out];
  });
  return shapes;
}
