import * as tf from '@tensorflow/tfjs';
import type { GradientPass } from './modelTypes';

/** Release every tensor a gradientPass returned (the caller owns them). */
export function disposeGradientPass(pass: GradientPass): void {
  tf.dispose([
    pass.logits,
    pass.perExampleLoss,
    ...pass.summedGradients,
    ...pass.perExampleSqNorms,
    ...(pass.groupSummedGradients ?? []),
    ...(pass.retained ?? []),
  ]);
}
