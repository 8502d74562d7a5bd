import * as tf from '@tensorflow/tfjs';
import type { SerializedTensors } from '../records/serializedTensors';
import { mean3, mean3Part, median3, median3Part } from './coordinateStats';
import { corruptPartOfSums } from './corruptPart';
import type { GradientAggregator } from './gradientAggregator';

type Combine = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor;
type Triple = readonly [tf.Tensor, tf.Tensor, tf.Tensor];
/** The corrupt part of a combined value, from the three values and their corrupt parts. */
type CombinePart = (combined: tf.Tensor, values: Triple, parts: Triple) => tf.Tensor;

/** One minibatch's mean gradient and the part its corrupt examples contribute (if split). */
interface Slot {
  readonly mean: tf.Tensor[];
  readonly corrupt: tf.Tensor[] | null;
}

/**
 * M3/A3 ('block') and RM3/RA3 ('rolling') of SPEC 1.5. Every step's minibatch mean gradient
 * goes into slot step mod 3. Block mode updates on every third minibatch (steps 2, 5, 8, …)
 * with the median/mean of the three slots and then empties them: one update per 3 minibatches,
 * while steps (and epochs) keep counting minibatches as the papers do. Rolling mode overwrites
 * the oldest slot and updates on every step once all three are filled, i.e. from the third
 * step on, so its first two steps make no update.
 *
 * The slots are the only state; they are checkpointed as "slot<k>/<variable index>" (and the
 * corrupt parts as "slot<k>-corrupt/<variable index>"), and since slot positions follow the
 * step number a resumed run continues exactly.
 */
function threeBatchAggregator(
  name: string,
  mode: 'block' | 'rolling',
  combine: Combine,
  combinePart: CombinePart,
): GradientAggregator {
  const slots = new Map<number, Slot>();
  const clear = (slot: number): void => {
    const held = slots.get(slot);
    if (held) tf.dispose([...held.mean, ...(held.corrupt ?? [])]);
    slots.delete(slot);
  };
  return {
    name,
    passExtras: {},
    direction: async (pass, batchSize, step, split) => {
      const slot = step % 3;
      clear(slot);
      slots.set(slot, {
        mean: tf.tidy(() => pass.summedGradients.map((g) => g.div(batchSize))),
        corrupt: corruptPartOfSums(
          pass.summedGradients,
          pass.groupSummedGradients,
          split,
          batchSize,
        ),
      });
      if (slots.size < 3) return null;
      const [a, b, c] = [0, 1, 2].map((k) => slots.get(k) as Slot);
      const direction = a.mean.map((_, v) => combine(a.mean[v], b.mean[v], c.mean[v]));
      const corruptPart =
        a.corrupt && b.corrupt && c.corrupt
          ? direction.map((combined, v) =>
              combinePart(
                combined,
                [a.mean[v], b.mean[v], c.mean[v]],
                [
                  (a.corrupt as tf.Tensor[])[v],
                  (b.corrupt as tf.Tensor[])[v],
                  (c.corrupt as tf.Tensor[])[v],
                ],
              ),
            )
          : null;
      if (mode === 'block') [0, 1, 2].forEach(clear);
      return { direction, corruptPart };
    },
    exportState: async () => {
      const state: SerializedTensors = {};
      const put = async (key: string, t: tf.Tensor): Promise<void> => {
        state[key] = { shape: t.shape.slice(), values: (await t.data()) as Float32Array };
      };
      for (const [slot, held] of slots) {
        for (const [v, t] of held.mean.entries()) await put(`slot${slot}/${v}`, t);
        for (const [v, t] of (held.corrupt ?? []).entries()) {
          await put(`slot${slot}-corrupt/${v}`, t);
        }
      }
      return state;
    },
    importState: (state) => {
      [0, 1, 2].forEach(clear);
      const read = (prefix: string): tf.Tensor[] => {
        const tensors: tf.Tensor[] = [];
        for (let v = 0; state[`${prefix}/${v}`]; v++) {
          const entry = state[`${prefix}/${v}`];
          tensors.push(tf.tensor(entry.values, entry.shape));
        }
        return tensors;
      };
      for (let slot = 0; slot < 3; slot++) {
        const mean = read(`slot${slot}`);
        const corrupt = read(`slot${slot}-corrupt`);
        if (mean.length > 0)
          slots.set(slot, { mean, corrupt: corrupt.length > 0 ? corrupt : null });
      }
    },
    dispose: () => [0, 1, 2].forEach(clear),
  };
}

export const m3Aggregator = (): GradientAggregator =>
  threeBatchAggregator('m3', 'block', median3, median3Part);
export const a3Aggregator = (): GradientAggregator =>
  threeBatchAggregator('a3', 'block', mean3, mean3Part);
export const rm3Aggregator = (): GradientAggregator =>
  threeBatchAggregator('rm3', 'rolling', median3, median3Part);
export const ra3Aggregator = (): GradientAggregator =>
  threeBatchAggregator('ra3', 'rolling', mean3, mean3Part);
