import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mCoherence } from '../../../src-main/engine/coherence/coherenceMath';
import {
  batchCoherenceFromPass,
  readLayerSums,
} from '../../../src-main/engine/coherence/layerSums';
import { measureProbeCoherence } from '../../../src-main/engine/coherence/probeCoherence';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import type { Model } from '../../../src-main/engine/model/modelTypes';
import { BACKENDS_UNDER_TEST, useBackend, type BackendUnderTest } from '../backendsUnderTest';
import { cpuReferenceGradients, sumSq, tinyData } from '../model/referenceGradients';

// Brute force: per-example gradients from a loop of tf.variableGrads, N and Q in float64.
// float32 gradients of different summation order agree to ~1e-6; 1e-4 relative is the bound.
const TOL = 1e-4;

const configs: ModelConfig[] = [
  { kind: 'mlp', hidden: [6, 4], activation: 'relu', init: 'glorot' },
  {
    kind: 'cnn',
    convs: [{ filters: 3, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' }],
    hidden: [],
    activation: 'relu',
    init: 'he',
  },
];

async function bruteForce(
  build: () => Model,
  x: Float32Array,
  labels: number[],
  backend: BackendUnderTest,
): Promise<Record<string, { N: number; Q: number }>> {
  const model = build();
  const ref = await cpuReferenceGradients(build, x, labels, backend);
  const out: Record<string, { N: number; Q: number }> = {};
  model.layers.forEach((layer, l) => {
    out[layer.name] = {
      N: sumSq(ref.summed[2 * l]) + sumSq(ref.summed[2 * l + 1]),
      Q: ref.sqNorms[l].reduce((a, b) => a + b, 0),
    };
  });
  model.dispose();
  return out;
}

/** Chunk sizes of the probe pass; fewer on webgpu (SwiftShader), still one, several and all. */
const chunkSizesFor = (backend: BackendUnderTest): number[] =>
  backend === 'webgpu' ? [3, 100] : [1, 3, 8, 100];

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(TOL);
}

describe.each(BACKENDS_UNDER_TEST)('coherence sums on %s', (backend) => {
  it.for(configs)(
    '$kind: measureProbeCoherence equals ‖Σg‖²/Σ‖g‖² for any chunkSize',
    async (config, context) => {
      await useBackend(backend, context);
      const build = (): Model => buildModel(config, { height: 4, width: 4, channels: 1 }, 3, 2);
      const model = build();
      const { x, labels: allLabels } = tinyData(12, model.inputSize, 3, 9);
      const positions = [11, 0, 3, 3, 7, 5, 2, 9];
      const labels = positions.map((p) => allLabels[p]);
      const probeRows = new Float32Array(positions.length * model.inputSize);
      positions.forEach((p, j) =>
        probeRows.set(
          x.subarray(p * model.inputSize, (p + 1) * model.inputSize),
          j * model.inputSize,
        ),
      );
      const expected = await bruteForce(build, probeRows, labels, backend);
      const expectedValue = mCoherence(expected).value;
      for (const chunkSize of chunkSizesFor(backend)) {
        const result = await measureProbeCoherence(model, x, labels, positions, chunkSize);
        expect(result.m).toBe(positions.length);
        expectClose(result.value, expectedValue);
        expectClose(result.alphaHat, (expectedValue - 1) / (positions.length - 1));
        for (const [name, sums] of Object.entries(expected)) {
          expectClose(result.layers[name].N, sums.N);
          expectClose(result.layers[name].Q, sums.Q);
        }
      }
      model.dispose();
    },
  );

  it.for(configs)(
    '$kind: readLayerSums and batchCoherenceFromPass match brute force on one batch',
    async (config, context) => {
      await useBackend(backend, context);
      const build = (): Model => buildModel(config, { height: 4, width: 4, channels: 1 }, 3, 4);
      const model = build();
      const { x, labels } = tinyData(6, model.inputSize, 3, 13);
      const expected = await bruteForce(build, x, labels, backend);
      const xs = tf.tensor2d(x, [6, model.inputSize]);
      const ys = tf.tensor1d(labels, 'int32');
      const pass = model.gradientPass(xs, ys);
      for (const sums of [
        await readLayerSums(model, pass),
        await batchCoherenceFromPass(model, pass),
      ]) {
        for (const [name, e] of Object.entries(expected)) {
          expectClose(sums[name].N, e.N);
          expectClose(sums[name].Q, e.Q);
        }
      }
      disposeGradientPass(pass);
      tf.dispose([xs, ys]);
      model.dispose();
    },
  );

  it('rejects mismatched labels and positions', async (context) => {
    await useBackend(backend, context);
    const model = buildModel(configs[0], { height: 4, width: 4, channels: 1 }, 3, 4);
    await expect(
      measureProbeCoherence(model, new Float32Array(32), [0], [0, 1], 4),
    ).rejects.toThrow(/2 positions but 1 labels/);
    model.dispose();
  });
});
