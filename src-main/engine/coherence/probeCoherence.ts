import * as tf from '@tensorflow/tfjs';
import type { Model } from '../model/modelTypes';
import type { LayerSums } from '../records/engineRecords';
import { alphaHat as alphaHatOf, mCoherence } from './coherenceMath';
import { sumOfSquares } from './layerSums';
import { disposeGradientPass } from '../model/disposeGradientPass';

export interface ProbeCoherence {
  readonly m: number;
  /** ΣN_ℓ / ΣQ_ℓ */
  readonly value: number;
  readonly alphaHat: number;
  readonly layers: Record<string, LayerSums>;
  /** S = Σ_i g_i per variable (Model.variables order), in float64, e.g. for cross-coherence. */
  readonly summed: readonly Float64Array[];
}

/**
 * Cross-coherence of two probes, ⟨S_A, S_B⟩/(‖S_A‖·‖S_B‖) over all parameters: +1 when the two
 * groups' summed gradients point the same way, −1 when opposite. Null when either sum is 0.
 */
export function crossCoherence(
  a: readonly Float64Array[],
  b: readonly Float64Array[],
): number | null {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((sa, v) => {
    const sb = b[v];
    for (let i = 0; i < sa.length; i++) {
      ab += sa[i] * sb[i];
      aa += sa[i] * sa[i];
      bb += sb[i] * sb[i];
    }
  });
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : null;
}

/**
 * m-coherence of a fixed probe set (SPEC 1.3), evaluated in chunks so memory stays bounded.
 * The result does not depend on chunkSize: the summed gradient S_ℓ is accumulated across chunks
 * in float64 per coordinate and N_ℓ = ‖S_ℓ‖² is taken only at the end (‖S‖² is not additive over
 * chunks), while Q_ℓ simply adds up. No parameter is updated.
 *
 * x holds row-major examples of model.inputSize values; labels[j] is the training label of
 * example positions[j].
 */
export async function measureProbeCoherence(
  model: Model,
  x: Float32Array,
  labels: readonly number[] | Int32Array,
  positions: readonly number[],
  chunkSize: number,
): Promise<ProbeCoherence> {
  if (labels.length !== positions.length) {
    throw new Error(`probe has ${positions.length} positions but ${labels.length} labels`);
  }
  if (!(chunkSize >= 1)) throw new Error(`chunkSize must be at least 1, got ${chunkSize}`);
  const width = model.inputSize;
  const sums = model.variables.map((v) => new Float64Array(v.size));
  const q = new Float64Array(model.layers.length);
  for (let start = 0; start < positions.length; start += chunkSize) {
    const end = Math.min(positions.length, start + chunkSize);
    const rows = new Float32Array((end - start) * width);
    const chunkLabels = new Int32Array(end - start);
    for (let j = start; j < end; j++) {
      const offset = positions[j] * width;
      if (offset < 0 || offset + width > x.length)
        throw new RangeError(`probe position ${positions[j]} is outside the data`);
      rows.set(x.subarray(offset, offset + width), (j - start) * width);
      chunkLabels[j - start] = labels[j];
    }
    const xs = tf.tensor2d(rows, [end - start, width]);
    const ys = tf.tensor1d(chunkLabels, 'int32');
    const pass = model.gradientPass(xs, ys);
    try {
      for (let v = 0; v < sums.length; v++) {
        const values = await pass.summedGradients[v].data();
        const acc = sums[v];
        for (let i = 0; i < acc.length; i++) acc[i] += values[i];
      }
      for (let l = 0; l < q.length; l++) {
        const norms = await pass.perExampleSqNorms[l].data();
        for (let i = 0; i < norms.length; i++) q[l] += norms[i];
      }
    } finally {
      tf.dispose([xs, ys]);
      disposeGradientPass(pass);
    }
  }
  const layers: Record<string, LayerSums> = {};
  model.layers.forEach((layer, l) => {
    layers[layer.name] = { N: sumOfSquares(sums[2 * l]) + sumOfSquares(sums[2 * l + 1]), Q: q[l] };
  });
  const m = positions.length;
  const { value } = mCoherence(layers);
  return { m, value, alphaHat: alphaHatOf(value, m), layers, summed: sums };
}
