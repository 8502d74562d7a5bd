import type { ModelConfig } from '../config/configSchemas';
import { blockOutputShape, type SpatialShape } from './convGeometry';
import type { ConvNormStrategy } from './convNormStrategy';
import { convStage } from './convStage';
import { denseStage } from './denseStage';
import { createLayers } from './layerVariables';
import type { LossKind } from './losses';
import type { Model } from './modelTypes';
import { planLayers } from './parameterCount';
import type { ProbedStage } from './probedStage';
import { StagedModel } from './stagedModel';

type CnnConfig = Extract<ModelConfig, { kind: 'cnn' }>;

/**
 * Convolutional net: conv1 … convK (conv → activation → optional 2×2 pooling), then a dense
 * head dense1 … denseN on the flattened map. Input rows are flattened NHWC images.
 */
export function createCnn(
  config: CnnConfig,
  input: SpatialShape,
  numClasses: number,
  seed: number,
  convNorm: ConvNormStrategy | 'auto' = 'auto',
  loss: LossKind = 'crossEntropy',
): Model {
  const plans = planLayers(config, input, numClasses);
  const layers = createLayers(plans, config.init, seed);
  const stages: ProbedStage[] = [];
  let shape = input;
  config.convs.forEach((spec, i) => {
    stages.push(convStage(layers[i], shape, spec, config.activation, convNorm));
    shape = blockOutputShape(shape, spec);
  });
  for (let i = config.convs.length; i < layers.length; i++) {
    stages.push(denseStage(layers[i], i === layers.length - 1 ? null : config.activation));
  }
  return new StagedModel(stages, input, numClasses, undefined, loss);
}
