import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  batchCoherenceFromPass,
  readLayerSums,
} from '../../../src-main/engine/coherence/layerSums';
import { measureProbeCoherence } from '../../../src-main/engine/coherence/probeCoherence';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import type { PerExampleReducer } from '../../../src-main/engine/model/modelTypes';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import { winsorizedAggregator } from '../../../src-main/engine/aggregators/winsorizedAggregator';
import { BACKENDS_UNDER_TEST, useBackend } from '../backendsUnderTest';
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

// Winsorized's reducer: the deferred per-example reduction must release the layer inputs and δ
// it retains, and every chunk. Tiny chunks (20 values) make many; on webgpu each chunk is a
// slow SwiftShader read, so there a layer fits in one or two.
const reducerFor = (backend: string): PerExampleReducer | undefined =>
  winsorizedAggregator(10, (backend === 'webgpu' ? 512 : 20) * 4).passExtras.perExampleReducer;

describe.each(BACKENDS_UNDER_TEST)('no tensor leaks on %s', (backend) => {
  it.for(configs)(
    '$kind: repeated passes keep tf.memory().numTensors constant',
    async (config, context) => {
      await useBackend(backend, context);
      const reducer = reducerFor(backend);
      const model = buildModel(config, { height: 4, width: 4, channels: 1 }, 3, 1);
      const { x, labels } = tinyData(5, model.inputSize, 3);
      const xs = tf.tensor2d(x, [5, model.inputSize]);
      const ys = tf.tensor1d(labels, 'int32');
      const run = async (): Promise<void> => {
        const pass = model.gradientPass(xs, ys);
        await batchCoherenceFromPass(model, pass);
        await readLayerSums(model, pass);
        disposeGradientPass(pass);
        const reducing = model.gradientPass(xs, ys, {
          perExampleReducer: reducer,
          groupRows: Int32Array.from([1, 3]),
        });
        const reduced = await reducing.reduceGradients?.();
        tf.dispose([...(reduced?.sums ?? []), ...(reduced?.groupSums ?? [])]);
        disposeGradientPass(reducing);
        // Several chunks where passes are cheap; on webgpu one (the chunk loop is the same code).
        await measureProbeCoherence(
          model,
          x,
          labels,
          [0, 1, 2, 3, 4],
          backend === 'webgpu' ? 5 : 2,
        );
        // Inside a caller's tidy the returned tensors must be collectable like any other.
        tf.tidy(() => {
          model.gradientPass(xs, ys);
          model.gradientPass(xs, ys, { perExampleReducer: reducer });
        });
      };
      await run();
      const before = tf.memory().numTensors;
      // Each pass is slow on SwiftShader; one repeat still shows a per-pass leak.
      const repeats = backend === 'webgpu' ? 1 : 3;
      for (let i = 0; i < repeats; i++) await run();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([xs, ys]);
      model.dispose();
    },
  );
});
