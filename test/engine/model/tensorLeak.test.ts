import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import {
  batchCoherenceFromPass,
  readLayerSums,
} from '../../../src-main/engine/coherence/layerSums';
import { measureProbeCoherence } from '../../../src-main/engine/coherence/probeCoherence';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import { tinyData } from './referenceGradients';

const configs: ModelConfig[] = [
  { kind: 'mlp', hidden: [5], activation: 'relu', init: 'he' },
  {
    kind: 'cnn',
    convs: [{ filters: 2, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' }],
    hidden: [4],
    activation: 'relu',
    init: 'he',
  },
];

describe.each(['cpu', 'wasm'] as const)('no tensor leaks on %s', (backend) => {
  it.each(configs)(
    '$kind: repeated passes keep tf.memory().numTensors constant',
    async (config) => {
      await selectBackend(backend);
      const model = buildModel(config, { height: 4, width: 4, channels: 1 }, 3, 1);
      const { x, labels } = tinyData(5, model.inputSize, 3);
      const xs = tf.tensor2d(x, [5, model.inputSize]);
      const ys = tf.tensor1d(labels, 'int32');
      const run = async (): Promise<void> => {
        const pass = model.gradientPass(xs, ys);
        await batchCoherenceFromPass(model, pass);
        await readLayerSums(model, pass);
        disposeGradientPass(pass);
        await measureProbeCoherence(model, x, labels, [0, 1, 2, 3, 4], 2);
        // Inside a caller's tidy the returned tensors must be collectable like any other.
        tf.tidy(() => {
          model.gradientPass(xs, ys);
        });
      };
      await run();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await run();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([xs, ys]);
      model.dispose();
    },
  );
});
