import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import {
  lossReductionShare,
  splitRows,
} from '../../../src-main/engine/analytics/lossReductionShare';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import { referenceGradients, tinyData } from '../model/referenceGradients';

describe('loss-reduction share', () => {
  it('splitRows picks the smaller group as batch rows', () => {
    const corrupt = [0, 1, 1, 0, 1, 0, 0];
    expect(splitRows([6, 1, 2, 0], corrupt)).toEqual({
      rows: Int32Array.from([1, 2]),
      group: 'corrupt',
    });
    expect(splitRows([1, 2, 4, 0], corrupt)).toEqual({
      rows: Int32Array.from([3]),
      group: 'pristine',
    });
  });

  it('f_p + f_c = 1 and f_p matches a brute-force per-example computation', async () => {
    await selectBackend('cpu');
    const model = buildModel(
      { kind: 'mlp', hidden: [6], activation: 'tanh', init: 'glorot' },
      { height: 2, width: 3, channels: 1 },
      4,
      9,
    );
    const batch = 10;
    const { x, labels } = tinyData(batch, model.inputSize, 4, 21);
    const corrupt = [1, 0, 0, 1, 0, 1, 0, 0, 0, 0];
    const ref = referenceGradients(model, x, labels);
    // Brute force in float64: g = Σ g_i, g_p = Σ_{pristine} g_i, f_p = ⟨g, g_p⟩/⟨g, g⟩.
    let gg = 0;
    let gp = 0;
    ref.summed.forEach((g, v) => {
      for (let k = 0; k < g.length; k++) {
        let pristine = 0;
        for (let i = 0; i < batch; i++) if (!corrupt[i]) pristine += ref.perExample[i][v][k];
        gg += g[k] * g[k];
        gp += g[k] * pristine;
      }
    });
    const xs = tf.tensor2d(x, [batch, model.inputSize]);
    const ys = tf.tensor1d(labels, 'int32');
    const positions = Array.from({ length: batch }, (_, i) => i);
    const split = splitRows(positions, corrupt);
    expect(split.group).toBe('corrupt');
    const pass = model.gradientPass(xs, ys, { groupRows: split.rows });
    const share = await lossReductionShare(
      pass.summedGradients,
      pass.groupSummedGradients ?? [],
      split.group,
    );
    expect(share).not.toBeNull();
    expect(Math.abs((share?.pristine ?? 0) - gp / gg)).toBeLessThan(1e-4);
    expect((share?.pristine ?? 0) + (share?.corrupt ?? 0)).toBeCloseTo(1, 12);
    // Passing the pristine group instead gives the same answer.
    const pristineRows = Int32Array.from(positions.filter((i) => !corrupt[i]));
    const other = model.gradientPass(xs, ys, { groupRows: pristineRows });
    const again = await lossReductionShare(
      other.summedGradients,
      other.groupSummedGradients ?? [],
      'pristine',
    );
    expect(Math.abs((again?.pristine ?? 0) - gp / gg)).toBeLessThan(1e-4);
    disposeGradientPass(pass);
    disposeGradientPass(other);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
