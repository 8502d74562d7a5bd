import type { ModelConfig } from '../config/configSchemas';
import { createCnn } from './cnn';
import type { SpatialShape } from './convGeometry';
import type { ConvNormStrategy } from './convNormStrategy';
import { createLinear } from './linear';
import { createMlp } from './mlp';
import { createResnet } from './resnet';
import type { LossKind } from './losses';
import type { Model } from './modelTypes';

export { parameterCount } from './parameterCount';

export interface BuildOptions {
  /** Per-example norm method for conv layers; 'auto' picks the cheaper by shape (tests force one). */
  readonly convNorm?: ConvNormStrategy | 'auto';
  /** The per-example loss (losses.ts); cross-entropy unless the run config says otherwise. */
  readonly loss?: LossKind;
}

/** Build the configured model with weights drawn on the host from the run seed. */
export function buildModel(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
  seed: number,
  options: BuildOptions = {},
): Model {
  const convNorm = options.convNorm ?? 'auto';
  const loss = options.loss ?? 'crossEntropy';
  switch (config.kind) {
    case 'mlp':
      return createMlp(config, input, numClasses, seed, loss);
    case 'cnn':
      return createCnn(config, input, numClasses, seed, convNorm, loss);
    case 'resnet':
      return createResnet(config, input, numClasses, seed, convNorm, loss);
    case 'linear':
      return createLinear(config, input, numClasses, seed, loss);
  }
}
