import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import { tinyData } from './referenceGradients';

const CNN: ModelConfig = {
  kind: 'cnn',
  convs: [
    { filters: 8, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
    { filters: 8, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
  ],
  hidden: [16],
  activation: 'relu',
  init: 'he',
};

/** One gradient pass of a small CNN on fixed data: summed gradients and per-example norms. */
export function gradientPassSummary(): { summed: number[][]; sqNorms: number[][] } {
  const model = buildModel(CNN, { height: 12, width: 12, channels: 1 }, 4, 5);
  const batch = 16;
  const { x, labels } = tinyData(batch, model.inputSize, 4, 9);
  const xs = tf.tensor2d(x, [batch, model.inputSize]);
  const ys = tf.tensor1d(labels, 'int32');
  const pass = model.gradientPass(xs, ys);
  const summary = {
    summed: pass.summedGradients.map((g) => Array.from(g.dataSync())),
    sqNorms: pass.perExampleSqNorms.map((n) => Array.from(n.dataSync())),
  };
  disposeGradientPass(pass);
  tf.dispose([xs, ys]);
  model.dispose();
  return summary;
}
