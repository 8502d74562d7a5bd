import type { ModelConfig } from '../config/configSchemas';
import type { SpatialShape } from './convGeometry';
import { denseStage } from './denseStage';
import { createLayers } from './layerVariables';
import type { LossKind } from './losses';
import type { Model } from './modelTypes';
import { planLayers } from './parameterCount';
import { StagedModel } from './stagedModel';

type LinearConfig = Extract<ModelConfig, { kind: 'linear' }>;

/**
 * One dense layer from the input to the output (dense1): the paper's linear-regression model
 * when bias-free with a signed output (losses.ts) and zero init. A signed output needs exactly
 * two classes and the squared-error loss; both are refused here with the reason otherwise.
 */
export function createLinear(
  config: LinearConfig,
  input: SpatialShape,
  numClasses: number,
  seed: number,
  loss: LossKind = 'crossEntropy',
): Model {
  if (config.output === 'signed') {
    if (numClasses !== 2) {
      throw new Error(
        `model.output "signed" needs a two-class dataset (targets −1/+1); this one has ${numClasses} classes`,
      );
    }
    if (loss !== 'mse') {
      throw new Error('model.output "signed" needs loss "mse" (a regression on targets −1/+1)');
    }
  }
  const plans = planLayers(config, input, numClasses);
  const layers = createLayers(plans, config.init, seed);
  const stages = layers.map((layer) => denseStage(layer, null, { bias: config.bias }));
  return new StagedModel(stages, input, numClasses, undefined, loss);
}
