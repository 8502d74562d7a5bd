import * as tf from '@tensorflow/tfjs';
import { corruptPartOfSums } from './corruptPart';
import type { GradientAggregator } from './gradientAggregator';

/** Plain SGD: (Σ_i g_i)/B. Also winsorized c = 0, so that case is plain SGD bit for bit. */
export function meanAggregator(): GradientAggregator {
  return {
    name: 'mean',
    passExtras: {},
    direction: (pass, batchSize, _step, split) =>
      Promise.resolve({
        direction: tf.tidy(() => pass.summedGradients.map((g) => g.div(batchSize))),
        corruptPart: corruptPartOfSums(
          pass.summedGradients,
          pass.groupSummedGradients,
          split,
          batchSize,
        ),
      }),
    exportState: () => Promise.resolve({}),
    importState: () => undefined,
    dispose: () => undefined,
  };
}
