import * as tf from '@tensorflow/tfjs';
import type { GradientPass, Model } from '../model/modelTypes';
import type { LayerSums } from '../records/engineRecords';

/**
 * Per-layer N_ℓ = ‖S_ℓ‖² and Q_ℓ = Σ_i ‖g_ℓ,i‖² of one gradient pass, exact to float64 on the
 * host: the summed gradients and per-example norms are downloaded and squared/summed in
 * float64, so N and Q do not lose digits (or underflow) in float32 reductions.
 */
export async function readLayerSums(
  model: Model,
  pass: GradientPass,
): Promise<Record<string, LayerSums>> {
  const out: Record<string, LayerSums> = {};
  for (let l = 0; l < model.layers.length; l++) {
    const kernel = await pass.summedGradients[2 * l].data();
    const bias = await pass.summedGradients[2 * l + 1].data();
    const norms = await pass.perExampleSqNorms[l].data();
    out[model.layers[l].name] = { N: sumOfSquares(kernel) + sumOfSquares(bias), Q: sum(norms) };
  }
  return out;
}

/**
 * Batch m-coherence sums for every training step: N_ℓ and Q_ℓ reduced on the device and read
 * back as one small vector (2 numbers per layer), so the per-step cost is a few reductions and
 * one sync. Float32 sums are accurate enough for this dense, noisy series.
 */
export async function batchCoherenceFromPass(
  model: Model,
  pass: GradientPass,
): Promise<Record<string, LayerSums>> {
  const packed = tf.tidy(() =>
    tf.stack(
      model.layers.flatMap((_, l) => [
        tf.add(
          tf.sum(tf.square(pass.summedGradients[2 * l])),
          tf.sum(tf.square(pass.summedGradients[2 * l + 1])),
        ),
        tf.sum(pass.perExampleSqNorms[l]),
      ]),
    ),
  );
  try {
    const values = await packed.data();
    const out: Record<string, LayerSums> = {};
    model.layers.forEach((layer, l) => {
      out[layer.name] = { N: values[2 * l], Q: values[2 * l + 1] };
    });
    return out;
  } finally {
    packed.dispose();
  }
}

export function sumOfSquares(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return s;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
