import type { ModelConfig } from '../config/configSchemas';
import { blockOutputShape, type SpatialShape } from './convGeometry';

/** Fan-in/fan-out and shapes of every trainable layer, in model order, computed without tfjs. */
export interface LayerPlan {
  readonly name: string;
  readonly kind: 'dense' | 'conv';
  readonly kernelShape: number[];
  readonly fanIn: number;
  readonly fanOut: number;
}

/** The layer plan both the model builders and the cost estimate use (one source of shapes). */
export function planLayers(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
): LayerPlan[] {
  const plans: LayerPlan[] = [];
  let width = input.height * input.width * input.channels;
  if (config.kind === 'cnn') {
    let shape = input;
    config.convs.forEach((conv, i) => {
      const k = conv.kernel;
      plans.push({
        name: `conv${i + 1}`,
        kind: 'conv',
        kernelShape: [k, k, shape.channels, conv.filters],
        // Keras convention for convolutions: receptive field × channels.
        fanIn: k * k * shape.channels,
        fanOut: k * k * conv.filters,
      });
      shape = blockOutputShape(shape, conv);
      if (shape.height < 1 || shape.width < 1) {
        throw new Error(`conv${i + 1} leaves no spatial extent (input too small for this stack)`);
      }
    });
    width = shape.height * shape.width * shape.channels;
  }
  const units = [...config.hidden, numClasses];
  units.forEach((u, i) => {
    plans.push({
      name: `dense${i + 1}`,
      kind: 'dense',
      kernelShape: [width, u],
      fanIn: width,
      fanOut: u,
    });
    width = u;
  });
  return plans;
}

/** Trainable parameters (weights + biases) of a model configuration. */
export function parameterCount(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
): number {
  return planLayers(config, input, numClasses).reduce(
    (sum, p) =>
      sum + p.kernelShape.reduce((a, b) => a * b, 1) + p.kernelShape[p.kernelShape.length - 1],
    0,
  );
}
