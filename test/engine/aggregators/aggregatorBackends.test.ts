import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../../src-main/engine/aggregators/createAggregator';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../../../src-main/engine/model/disposeGradientPass';
import type { AggregatorConfig } from '../../../src-main/engine/config/configSchemas';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { BACKENDS_UNDER_TEST, useBackend, type BackendUnderTest } from '../backendsUnderTest';
import { relativeError, tinyData } from '../model/referenceGradients';

const KINDS: AggregatorConfig['kind'][] = ['mean', 'winsorized', 'm3', 'a3', 'rm3', 'ra3'];
const BATCH = 6;
const STEPS = 3;

const aggregatorConfig = (kind: AggregatorConfig['kind']): AggregatorConfig =>
  parseRunConfig({ steps: 1, aggregator: kind === 'winsorized' ? { kind, c: 20 } : { kind } })
    .aggregator;

/**
 * Every aggregator's update direction for three minibatches of a tiny MLP, flattened (null
 * where the aggregator makes no update). All aggregators see the same three gradient passes.
 */
async function directions(): Promise<Map<string, Array<number[] | null>>> {
  const model = buildModel(
    { kind: 'mlp', hidden: [5], activation: 'relu', init: 'he' },
    { height: 4, width: 4, channels: 1 },
    3,
    6,
  );
  const aggregators = KINDS.map((kind) => createAggregator(aggregatorConfig(kind)));
  const out = new Map<string, Array<number[] | null>>(KINDS.map((k) => [k, []]));
  for (let step = 0; step < STEPS; step++) {
    const { x, labels } = tinyData(BATCH, model.inputSize, 3, 20 + step);
    const xs = tf.tensor2d(x, [BATCH, model.inputSize]);
    const ys = tf.tensor1d(labels, 'int32');
    const extras = aggregators.find((a) => a.name === 'winsorized')?.passExtras ?? {};
    const pass = model.gradientPass(xs, ys, extras);
    for (const aggregator of aggregators) {
      const update = await aggregator.direction(pass, BATCH, step, null);
      const values = update
        ? (await Promise.all(update.direction.map((t) => t.data()))).flatMap((v) => Array.from(v))
        : null;
      out.get(aggregator.name)?.push(values);
      if (update) tf.dispose(update.direction);
    }
    disposeGradientPass(pass);
    tf.dispose([xs, ys]);
  }
  aggregators.forEach((a) => a.dispose());
  model.dispose();
  return out;
}

// cpu is the reference itself.
const compared = BACKENDS_UNDER_TEST.filter((b) => b !== 'cpu');

describe.each(compared)('aggregators on %s', (backend: BackendUnderTest) => {
  it('give the update directions they give on cpu, step by step', async (context) => {
    await useBackend('cpu', context);
    const expected = await directions();
    await useBackend(backend, context);
    const before = tf.memory().numTensors;
    const actual = await directions();
    expect(tf.memory().numTensors).toBe(before);
    for (const kind of KINDS) {
      const want = expected.get(kind) ?? [];
      const got = actual.get(kind) ?? [];
      expect(
        got.map((d) => d === null),
        kind,
      ).toEqual(want.map((d) => d === null));
      // m3/rm3 make no update before their third minibatch; the rest update every step.
      expect(want.filter((d) => d !== null).length, kind).toBe(
        kind === 'mean' || kind === 'winsorized' ? STEPS : 1,
      );
      want.forEach((d, s) => {
        if (d !== null)
          expect(relativeError(got[s] ?? [], d), `${kind} step ${s}`).toBeLessThan(1e-4);
      });
    }
  });
});
