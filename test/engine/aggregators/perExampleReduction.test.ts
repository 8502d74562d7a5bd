import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { winsorizedAggregator } from '../../../src-main/engine/aggregators/winsorizedAggregator';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { ModelConfig } from '../../../src-main/engine/config/configSchemas';
import type { Model } from '../../../src-main/engine/model/modelTypes';
import { BACKENDS_UNDER_TEST, useBackend, type BackendUnderTest } from '../backendsUnderTest';
import { cpuReferenceGradients, relativeError, tinyData } from '../model/referenceGradients';

const configs: ModelConfig[] = [
  { kind: 'mlp', hidden: [5], activation: 'relu', init: 'he' },
  {
    kind: 'cnn',
    convs: [
      { filters: 2, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
      // Two input channels, so the (tap, channel) order of the flattened kernel is checked.
      { filters: 3, kernel: 2, stride: 1, padding: 'valid', pooling: 'none' },
    ],
    hidden: [4],
    activation: 'relu',
    init: 'he',
  },
];

/**
 * Sort-based winsorized sum of column k over examples (nearest rank, as in winsorizedSums);
 * with `rows`, only those examples' clipped values are summed (bounds still from all).
 */
function referenceWinsorized(
  perExample: Float32Array[],
  c: number,
  rows?: readonly number[],
): Float64Array {
  const batch = perExample.length;
  const lo = Math.round((c / 100) * (batch - 1));
  const out = new Float64Array(perExample[0].length);
  const summed = rows ?? perExample.map((_, i) => i);
  for (let k = 0; k < out.length; k++) {
    const column = Float64Array.from(perExample, (g) => g[k]).sort();
    const [lower, upper] = [column[lo], column[batch - 1 - lo]];
    for (const i of summed) out[k] += Math.min(upper, Math.max(lower, perExample[i][k]));
  }
  return out;
}

/** Rows of the group part (e.g. the corrupt examples), including one with zero pixels. */
const GROUP_ROWS = [0, 3, 4, 8];

/**
 * (c, rank-one fast path, memory budget in values) variants. On webgpu every chunk is a slow
 * SwiftShader read, so it runs one variant per path with chunks of ≤ 120 values (still several
 * per parameter); elsewhere chunks of ≤ 20 values force many, and a budget that holds a whole
 * layer takes the conv layers' one-convolution path.
 */
function variantsFor(backend: BackendUnderTest): ReadonlyArray<readonly [number, boolean, number]> {
  if (backend === 'webgpu') {
    return [
      [10, true, 120],
      [30, false, 120],
    ];
  }
  return [
    [10, true, 20],
    [30, true, 20],
    [10, false, 20],
    [30, false, 20],
    [10, false, 1e6],
  ];
}

describe.each(BACKENDS_UNDER_TEST)('per-example materialization on %s', (backend) => {
  it.for(configs)(
    '$kind: chunked winsorized sums match brute-force per-example gradients',
    async (config, context) => {
      await useBackend(backend, context);
      const build = (): Model => buildModel(config, { height: 4, width: 4, channels: 1 }, 3, 2);
      const model = build();
      const batch = 9;
      const { x, labels } = tinyData(batch, model.inputSize, 3, 11);
      // Zero pixels as in MNIST, so the rank-one path's zero skipping is exercised.
      for (let k = 0; k < x.length; k += 3) x[k] = 0;
      const ref = await cpuReferenceGradients(build, x, labels, backend);
      const xs = tf.tensor2d(x, [batch, model.inputSize]);
      const ys = tf.tensor1d(labels, 'int32');
      for (const [c, rankOne, budgetValues] of variantsFor(backend)) {
        // Small budgets (≤ 20 values on cpu/wasm) force many chunks per parameter.
        const reducer = winsorizedAggregator(c, budgetValues * 4).passExtras.perExampleReducer;
        if (!reducer) throw new Error('winsorized must ask for a per-example reduction');
        // Without reduceOuter, dense layers go through the generic materialized chunks too.
        const { reduceOuter: _outer, ...generic } = reducer;
        const before = tf.memory().numTensors;
        const pass = model.gradientPass(xs, ys, {
          perExampleReducer: rankOne ? reducer : generic,
          groupRows: Int32Array.from(GROUP_ROWS),
        });
        if (!pass.reduceGradients) throw new Error('the pass must offer the reduction');
        const { sums, groupSums } = await pass.reduceGradients();
        expect(sums).toHaveLength(model.variables.length);
        expect(groupSums).toHaveLength(model.variables.length);
        for (const [v, g] of sums.entries()) {
          expect(g.shape).toEqual(model.variables[v].shape);
          const perExample = ref.perExample.map((perVar) => perVar[v]);
          expect(relativeError(await g.data(), referenceWinsorized(perExample, c))).toBeLessThan(
            1e-4,
          );
          // The group's part: its clipped terms, with the bounds of the whole batch.
          const part = await (groupSums?.[v] as tf.Tensor).data();
          expect(relativeError(part, referenceWinsorized(perExample, c, GROUP_ROWS))).toBeLessThan(
            1e-4,
          );
        }
        tf.dispose([...sums, ...(groupSums ?? [])]);
        disposeGradientPass(pass);
        expect(tf.memory().numTensors).toBe(before);
      }
      tf.dispose([xs, ys]);
      model.dispose();
    },
  );

  it('group sums equal the summed gradients of just those rows', async (context) => {
    await useBackend(backend, context);
    const build = (): Model => buildModel(configs[1], { height: 4, width: 4, channels: 1 }, 3, 2);
    const model = build();
    const { x, labels } = tinyData(6, model.inputSize, 3, 5);
    const rows = Int32Array.from([1, 4, 5]);
    const ref = await cpuReferenceGradients(build, x, labels, backend);
    const xs = tf.tensor2d(x, [6, model.inputSize]);
    const ys = tf.tensor1d(labels, 'int32');
    const pass = model.gradientPass(xs, ys, { groupRows: rows });
    expect(pass.groupSummedGradients).toHaveLength(model.variables.length);
    for (const [v, g] of (pass.groupSummedGradients ?? []).entries()) {
      const expected = new Float64Array(g.size);
      for (const r of rows) ref.perExample[r][v].forEach((value, k) => (expected[k] += value));
      expect(relativeError(await g.data(), expected)).toBeLessThan(1e-4);
    }
    disposeGradientPass(pass);
    const empty = model.gradientPass(xs, ys, { groupRows: new Int32Array(0) });
    for (const g of empty.groupSummedGradients ?? []) expect(Math.max(...(await g.data()))).toBe(0);
    disposeGradientPass(empty);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
