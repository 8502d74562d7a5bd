import * as tf from '@tensorflow/tfjs';
import type { GradientAggregator } from './gradientAggregator';

/** Plain SGD: (Σ_i g_i)/B. Also winsorized c = 0, so that case is plain SGD bit for bit. */
export function meanAggregator(): GradientAggregator {
  return {
    name: 'mean',
    passExtras: {},
    direction: (pass, batchSize) =>
      Promise.resolve(tf.tidy(() => pass.summedGradients.map((g) => g.div(batchSize)))),
    exportState: () => Promise.resolve({}),
    importState: () => undefined,
    dispose: () => undefined,
  };
}
