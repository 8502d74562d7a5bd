import type { ModelConfig } from '../config/configSchemas';
import type { SpatialShape } from './convGeometry';
import { denseStage } from './denseStage';
import { createLayers } from './layerVariables';
import type { LossKind } from './losses';
import type { Model } from './modelTypes';
import { planLayers } from './parameterCount';
import { StagedModel } from './stagedModel';

type MlpConfig = Extract<ModelConfig, { kind: 'mlp' }>;

/** Multi-layer perceptron: dense1 … denseN (the last is the linear output layer). */
export function createMlp(
  config: MlpConfig,
  input: SpatialShape,
  numClasses: number,
  seed: number,
  loss: LossKind = 'crossEntropy',
): Model {
  const plans = planLayers(config, input, numClasses);
  const layers = createLayers(plans, config.init, seed);
  const stages = layers.map((layer, i) =>
    denseStage(layer, i === layers.length - 1 ? null : config.activation),
  );
  return new StagedModel(stages, input, numClasses, undefined, loss);
}
