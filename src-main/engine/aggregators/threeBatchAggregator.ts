import * as tf from '@tensorflow/tfjs';
import type { SerializedTensors } from '../records/serializedTensors';
import { mean3, median3 } from './coordinateStats';
import type { GradientAggregator } from './gradientAggregator';

type Combine = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor;

/**
 * M3/A3 ('block') and RM3/RA3 ('rolling') of SPEC 1.5. Every step's minibatch mean gradient
 * goes into slot step mod 3. Block mode updates on every third minibatch (steps 2, 5, 8, …)
 * with the median/mean of the three slots and then empties them: one update per 3 minibatches,
 * while steps (and epochs) keep counting minibatches as the papers do. Rolling mode overwrites
 * the oldest slot and updates on every step once all three are filled, i.e. from the third
 * step on, so its first two steps make no update.
 *
 * The slots are the only state; they are checkpointed as "slot<k>/<variable index>", and since
 * slot positions follow the step number a resumed run continues exactly.
 */
function threeBatchAggregator(
  name: string,
  mode: 'block' | 'rolling',
  combine: Combine,
): GradientAggregator {
  const slots = new Map<number, tf.Tensor[]>();
  const clear = (slot: number): void => {
    const held = slots.get(slot);
    if (held) tf.dispose(held);
    slots.delete(slot);
  };
  return {
    name,
    passExtras: {},
    direction: async (pass, batchSize, step) => {
      const slot = step % 3;
      clear(slot);
      slots.set(
        slot,
        tf.tidy(() => pass.summedGradients.map((g) => g.div(batchSize))),
      );
      if (slots.size < 3) return null;
      const [a, b, c] = [0, 1, 2].map((k) => slots.get(k) as tf.Tensor[]);
      const out = a.map((_, v) => combine(a[v], b[v], c[v]));
      if (mode === 'block') [0, 1, 2].forEach(clear);
      return out;
    },
    exportState: async () => {
      const state: SerializedTensors = {};
      for (const [slot, tensors] of slots) {
        for (const [v, t] of tensors.entries()) {
          state[`slot${slot}/${v}`] = {
            shape: t.shape.slice(),
            values: (await t.data()) as Float32Array,
          };
        }
      }
      return state;
    },
    importState: (state) => {
      [0, 1, 2].forEach(clear);
      for (let slot = 0; slot < 3; slot++) {
        const tensors: tf.Tensor[] = [];
        for (let v = 0; state[`slot${slot}/${v}`]; v++) {
          const entry = state[`slot${slot}/${v}`];
          tensors.push(tf.tensor(entry.values, entry.shape));
        }
        if (tensors.length > 0) slots.set(slot, tensors);
      }
    },
    dispose: () => [0, 1, 2].forEach(clear),
  };
}

export const m3Aggregator = (): GradientAggregator => threeBatchAggregator('m3', 'block', median3);
export const a3Aggregator = (): GradientAggregator => threeBatchAggregator('a3', 'block', mean3);
export const rm3Aggregator = (): GradientAggregator =>
  threeBatchAggregator('rm3', 'rolling', median3);
export const ra3Aggregator = (): GradientAggregator =>
  threeBatchAggregator('ra3', 'rolling', mean3);
