import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { activationSchema } from '../config/configSchemas';

export type ActivationName = z.infer<typeof activationSchema>;

export function applyActivation(name: ActivationName, z: tf.Tensor): tf.Tensor {
  return name === 'relu' ? tf.relu(z) : tf.tanh(z);
}
