import type { ModelConfig } from '../config/configSchemas';
import { createCnn } from './cnn';
import type { SpatialShape } from './convGeometry';
import type { ConvNormStrategy } from './convNormStrategy';
import { createMlp } from './mlp';
import { createResnet } from './resnet';
import type { Model } from './modelTypes';

export { parameterCount } from './parameterCount';

export interface BuildOptions {
  /** Per-example norm method for conv layers; 'auto' picks the cheaper by shape (tests force one). */
  readonly convNorm?: ConvNormStrategy | 'auto';
}

/** Build the configured model with weights drawn on the host from the run seed. */
export function buildModel(
  config: ModelConfig,
  input: SpatialShape,
  numClasses: number,
  seed: number,
  options: BuildOptions = {},
): Model {
  switch (config.kind) {
    case 'mlp':
      return createMlp(config, input, numClasses, seed);
    case 'cnn':
      return createCnn(config, input, numClasses, seed, options.convNorm ?? 'auto');
    case 'resnet':
      return createResnet(config, input, numClasses, seed, options.convNorm ?? 'auto');
  }
}
