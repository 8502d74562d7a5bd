import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import type { GradientAggregator } from '../../../src-main/engine/aggregators/gradientAggregator';
import {
  a3Aggregator,
  m3Aggregator,
  ra3Aggregator,
  rm3Aggregator,
} from '../../../src-main/engine/aggregators/threeBatchAggregator';
import type { GradientPass } from '../../../src-main/engine/model/modelTypes';

const BATCH = 4;

/** Summed gradients of step s: two "variables" with fixed pseudo-random values. */
function summedAt(step: number): number[][] {
  const value = (k: number): number => Math.sin(step * 7.3 + k * 1.7) * 10;
  return [[0, 1, 2, 3, 4, 5].map(value), [6, 7].map(value)];
}

function fakePass(step: number): GradientPass {
  const [a, b] = summedAt(step);
  return {
    summedGradients: [tf.tensor2d(a, [2, 3]), tf.tensor1d(b)],
    perExampleSqNorms: [],
    perExampleLoss: tf.zeros([BATCH]) as tf.Tensor1D,
    logits: tf.zeros([BATCH, 2]) as tf.Tensor2D,
  };
}

const median = (a: number, b: number, c: number): number => [a, b, c].sort((x, y) => x - y)[1];
const mean = (a: number, b: number, c: number): number => (a + b + c) / 3;

/** Reference: combine the mean gradients of steps s0, s0+1, s0+2 coordinate by coordinate. */
function reference(
  steps: number[],
  combine: (a: number, b: number, c: number) => number,
): number[] {
  const [p, q, r] = steps.map((s) =>
    summedAt(s)
      .flat()
      .map((v) => v / BATCH),
  );
  return p.map((_, k) => combine(p[k], q[k], r[k]));
}

/** Runs `steps` steps from `from` and returns, per step, the flattened direction or null. */
async function drive(
  aggregator: GradientAggregator,
  from: number,
  steps: number,
): Promise<Array<number[] | null>> {
  const out: Array<number[] | null> = [];
  for (let s = from; s < from + steps; s++) {
    const pass = fakePass(s);
    const update = await aggregator.direction(pass, BATCH, s, null);
    out.push(update ? update.direction.flatMap((t) => Array.from(t.dataSync())) : null);
    if (update) tf.dispose(update.direction);
    tf.dispose([...pass.summedGradients, pass.perExampleLoss, pass.logits]);
  }
  return out;
}

const close = (actual: number[] | null, expected: number[]): void => {
  expect(actual).not.toBeNull();
  actual?.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
};

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('three-minibatch aggregators', () => {
  it.each([
    ['m3', m3Aggregator, median],
    ['a3', a3Aggregator, mean],
  ] as const)(
    '%s: one update per 3 minibatches, from their 3 mean gradients',
    async (_, make, combine) => {
      const aggregator = make();
      const out = await drive(aggregator, 0, 9);
      expect(out.map((d) => d !== null)).toEqual([
        false,
        false,
        true,
        false,
        false,
        true,
        false,
        false,
        true,
      ]);
      close(out[2], reference([0, 1, 2], combine));
      close(out[5], reference([3, 4, 5], combine));
      close(out[8], reference([6, 7, 8], combine));
      aggregator.dispose();
    },
  );

  it.each([
    ['rm3', rm3Aggregator, median],
    ['ra3', ra3Aggregator, mean],
  ] as const)(
    '%s: no update on the first two steps, then the last 3 every step',
    async (_, make, combine) => {
      const aggregator = make();
      const out = await drive(aggregator, 0, 7);
      expect(out[0]).toBeNull();
      expect(out[1]).toBeNull();
      for (let s = 2; s < 7; s++) close(out[s], reference([s - 2, s - 1, s], combine));
      aggregator.dispose();
    },
  );

  it.each([
    ['m3', m3Aggregator],
    ['rm3', rm3Aggregator],
  ] as const)('%s: exported state restores mid-buffer exactly, without leaks', async (_, make) => {
    const before = tf.memory().numTensors;
    const full = make();
    const expected = await drive(full, 0, 8);
    full.dispose();
    const first = make();
    await drive(first, 0, 4);
    const state = await first.exportState();
    first.dispose();
    const second = make();
    second.importState(state);
    const resumed = await drive(second, 4, 4);
    second.dispose();
    expect(resumed).toEqual(expected.slice(4));
    expect(tf.memory().numTensors).toBe(before);
  });
});
