import type { ModelConfig } from '../config/configSchemas';
import { blockOutputShape, convOutputShape, type SpatialShape } from './convGeometry';
import type { LayerPlan } from './layerParameters';
import { resnetLayout } from './resnetLayout';

export type { LayerPlan } from './layerParameters';

/** The layer plan both the model builders and the cost estimate use (one source of shapes). */
export function planLayers(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
): LayerPlan[] {
  if (config.kind === 'resnet') return resnetLayout(config, input, numClasses).plans;
  const plans: LayerPlan[] = [];
  let width = input.height * input.width * input.channels;
  if (config.kind === 'cnn') {
    let shape = input;
    config.convs.forEach((conv, i) => {
      const k = conv.kernel;
      const out = convOutputShape(shape, conv);
      plans.push({
        name: `conv${i + 1}`,
        kind: 'conv',
        kernelShape: [k, k, shape.channels, conv.filters],
        // Keras convention for convolutions: receptive field × channels.
        fanIn: k * k * shape.channels,
        fanOut: k * k * conv.filters,
        outputPositions: out.height * out.width,
      });
      shape = blockOutputShape(shape, conv);
      if (shape.height < 1 || shape.width < 1) {
        throw new Error(`conv${i + 1} leaves no spatial extent (input too small for this stack)`);
      }
    });
    width = shape.height * shape.width * shape.channels;
  }
  const units =
    config.kind === 'linear'
      ? [config.output === 'signed' ? 1 : numClasses]
      : [...config.hidden, numClasses];
  units.forEach((u, i) => {
    plans.push({
      name: `dense${i + 1}`,
      kind: 'dense',
      kernelShape: [width, u],
      fanIn: width,
      fanOut: u,
      outputPositions: 1,
    });
    width = u;
  });
  return plans;
}

/** Trainable parameters (weights + biases, or γ + β) of a model configuration. */
export function parameterCount(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
): number {
  // A bias-free linear model's zero bias tensor is not a parameter (it is never trained).
  const biases = !(config.kind === 'linear' && !config.bias);
  return planLayers(config, input, numClasses).reduce(
    (sum, p) =>
      sum +
      p.kernelShape.reduce((a, b) => a * b, 1) +
      (biases ? p.kernelShape[p.kernelShape.length - 1] : 0),
    0,
  );
}

/**
 * Arithmetic a forward pass costs per example, in multiply-adds: every weight of a dense or
 * convolution layer once per output position; a normalization about 5 per value (statistics,
 * normalizing, scale and shift). Activations and pooling are left out (a few percent). The
 * basis of the run-time estimate: unlike the parameter count it grows with the image size for
 * convolutions.
 */
export function forwardMultiplyAdds(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
): number {
  return planLayers(config, input, numClasses).reduce((sum, p) => {
    const weights = p.kernelShape.reduce((a, b) => a * b, 1);
    return sum + (p.kind === 'norm' ? 5 * weights : weights) * p.outputPositions;
  }, 0);
}
