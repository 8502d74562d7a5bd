import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../rng';
import type { ModelConfig } from '../config/configSchemas';
import { initialKernel } from './initializers';
import type { TrainableLayer } from './modelTypes';
import { PARAMETER_NAMES, type LayerPlan } from './layerParameters';

// tfjs variable names are process-global; a per-model suffix lets several models coexist.
let modelCounter = 0;

/**
 * Variables of every planned layer. Each layer draws from its own stream
 * SeededRandom.forPurpose(seed, 'init', layerIndex), so resizing one layer leaves the initial
 * weights of the others unchanged. A normalization starts as the identity map of the
 * normalized values (γ = 1, β = 0) and draws nothing.
 */
export function createLayers(
  plans: readonly LayerPlan[],
  init: ModelConfig['init'],
  seed: number,
): TrainableLayer[] {
  const suffix = ++modelCounter;
  return plans.map((plan, index) => {
    const size = plan.kernelShape.reduce((a, b) => a * b, 1);
    const values =
      plan.kind === 'norm'
        ? new Float32Array(size).fill(1)
        : initialKernel(
            init,
            size,
            plan.fanIn,
            plan.fanOut,
            SeededRandom.forPurpose(seed, 'init', index),
          );
    const units = plan.kernelShape[plan.kernelShape.length - 1];
    const [kernelName, biasName] = PARAMETER_NAMES[plan.kind];
    const kernelValue = tf.tensor(values, plan.kernelShape);
    const biasValue = tf.zeros([units]);
    const layer: TrainableLayer = {
      name: plan.name,
      kind: plan.kind,
      kernel: tf.variable(kernelValue, true, `m${suffix}/${plan.name}/${kernelName}`),
      bias: tf.variable(biasValue, true, `m${suffix}/${plan.name}/${biasName}`),
    };
    tf.dispose([kernelValue, biasValue]);
    return layer;
  });
}
