import * as tf from '@tensorflow/tfjs';
import { corruptPartOfSums } from './corruptPart';
import type { GradientAggregator } from './gradientAggregator';
import { meanAggregator } from './meanAggregator';
import { winsorizedOuterSums, winsorizedSums } from './winsorizedSums';

/** Per-example values materialized at once: 4 Mi floats (16 MiB) per chunk, or the budget. */
const MAX_CHUNK_ELEMENTS = 4 * 1024 * 1024;

/**
 * winsorized(c) (SPEC 1.5): per coordinate, clip the B per-example contributions at the
 * nearest-rank c-th and (100−c)-th percentiles, sum, and divide by B like the mean. The gradient
 * pass's reduceGradients materializes per-example gradients chunk by chunk and hands each to
 * the host reducer.
 * c = 0 clips nothing, so it takes the mean's code path and is plain SGD bit for bit.
 */
export function winsorizedAggregator(c: number, memoryBudgetBytes: number): GradientAggregator {
  if (c === 0) return { ...meanAggregator(), name: 'winsorized' };
  return {
    name: 'winsorized',
    passExtras: {
      perExampleReducer: {
        maxChunkElements: Math.max(
          1,
          Math.min(MAX_CHUNK_ELEMENTS, Math.floor(memoryBudgetBytes / 4)),
        ),
        reduce: (values, coords, batch, group) => winsorizedSums(values, coords, batch, c, group),
        reduceOuter: (a, delta, batch, fanIn, units, group) =>
          winsorizedOuterSums(a, delta, batch, fanIn, units, c, group),
      },
    },
    // The corrupt part is the corrupt examples' clipped terms (same bounds as the whole sum).
    direction: async (pass, batchSize, _step, split) => {
      if (!pass.reduceGradients)
        throw new Error('winsorized: the gradient pass returned no per-example reduction');
      const { sums, groupSums } = await pass.reduceGradients();
      try {
        return {
          direction: tf.tidy(() => sums.map((g) => g.div(batchSize))),
          corruptPart: corruptPartOfSums(sums, groupSums, split, batchSize),
        };
      } finally {
        tf.dispose([...sums, ...(groupSums ?? [])]);
      }
    },
    exportState: () => Promise.resolve({}),
    importState: () => undefined,
    dispose: () => undefined,
  };
}
