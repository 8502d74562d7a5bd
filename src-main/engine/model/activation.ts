import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../config/configSchemas';

export type ActivationName = ModelConfig['activation'];

export function applyActivation(name: ActivationName, z: tf.Tensor): tf.Tensor {
  return name === 'relu' ? tf.relu(z) : tf.tanh(z);
}
