import type { ModelConfig } from '../config/configSchemas';
import type { SpatialShape } from './convGeometry';
import { PARAMETER_NAMES } from './layerParameters';
import { planLayers } from './parameterCount';

/**
 * A dimension of a weight tensor: a number the config fixes, or the name of a dimension the
 * dataset decides: 'channels' (image channels, a CNN's first convolution), 'input' (the first
 * dense layer's inputs: pixels of an MLP, the flattened feature map of a CNN), 'classes'. The
 * same name must take the same value in every tensor it appears in.
 */
export type WeightDimension = number | 'input' | 'channels' | 'classes';

/** Tensor name ("dense1/kernel", "conv2/bias", "stem.norm/gamma") → its shape, in model order. */
export type WeightShapes = Record<string, WeightDimension[]>;

/**
 * The final-weight tensors a model config builds, named as exportWeights names them. With the
 * dataset's image shape and class count every dimension is a number (from planLayers, the plan
 * the model builders use). Without them — a run trained on a dataset this project does not
 * have — the dimensions only the dataset decides are left named: the first layer's inputs
 * (features of an MLP, channels of a CNN's or residual network's first convolution and the
 * flattened width of a CNN's first dense layer) and the classes of the last layer.
 */
export function expectedWeightShapes(
  model: ModelConfig,
  data: { readonly input: SpatialShape; readonly numClasses: number } | null,
): WeightShapes {
  const shapes: WeightShapes = {};
  if (data) {
    for (const plan of planLayers(model, data.input, data.numClasses)) {
      const [kernel, bias] = PARAMETER_NAMES[plan.kind];
      shapes[`${plan.name}/${kernel}`] = [...plan.kernelShape];
      shapes[`${plan.name}/${bias}`] = [plan.kernelShape[plan.kernelShape.length - 1]];
    }
    return shapes;
  }
  if (model.kind === 'resnet') {
    // Global average pooling makes every shape independent of the image size: plan for any
    // input, then free the two dimensions the dataset decides.
    const plans = planLayers(model, { height: 8, width: 8, channels: 1 }, 1);
    plans.forEach((plan, i) => {
      const [kernel, bias] = PARAMETER_NAMES[plan.kind];
      const shape: WeightDimension[] = [...plan.kernelShape];
      if (i === 0) shape[2] = 'channels';
      const isHead = i === plans.length - 1;
      if (isHead) shape[1] = 'classes';
      shapes[`${plan.name}/${kernel}`] = shape;
      shapes[`${plan.name}/${bias}`] = [isHead ? 'classes' : shape[shape.length - 1]];
    });
    return shapes;
  }
  if (model.kind === 'cnn') {
    model.convs.forEach((conv, i) => {
      const inChannels: WeightDimension = i === 0 ? 'channels' : model.convs[i - 1].filters;
      shapes[`conv${i + 1}/kernel`] = [conv.kernel, conv.kernel, inChannels, conv.filters];
      shapes[`conv${i + 1}/bias`] = [conv.filters];
    });
  }
  if (model.kind === 'linear') {
    const out: WeightDimension = model.output === 'signed' ? 1 : 'classes';
    shapes['dense1/kernel'] = ['input', out];
    shapes['dense1/bias'] = [out];
    return shapes;
  }
  const units: WeightDimension[] = [...model.hidden, 'classes'];
  units.forEach((out, j) => {
    const inWidth: WeightDimension = j === 0 ? 'input' : units[j - 1];
    shapes[`dense${j + 1}/kernel`] = [inWidth, out];
    shapes[`dense${j + 1}/bias`] = [out];
  });
  return shapes;
}

/**
 * Why a set of weights cannot be loaded into a model with these tensor shapes (a missing or
 * extra tensor, or a different shape), or null when it can. Dimensions left named match any size.
 */
export function weightShapeMismatch(
  expected: WeightShapes,
  weights: Readonly<Record<string, { readonly shape: readonly number[] }>>,
): string | null {
  for (const [name, want] of Object.entries(expected)) {
    const found = weights[name];
    if (!found) return `it has no tensor ${name}`;
    const differs =
      found.shape.length !== want.length ||
      want.some((d, k) => typeof d === 'number' && d !== found.shape[k]);
    if (differs) {
      const shown = want.map((d) => (typeof d === 'number' ? String(d) : '*')).join(', ');
      return `${name} is [${found.shape.join(', ')}], this model's is [${shown}]`;
    }
  }
  const extra = Object.keys(weights).find((name) => !Object.hasOwn(expected, name));
  return extra ? `it has a tensor ${extra} this model does not` : null;
}
