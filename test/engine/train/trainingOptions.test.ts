import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { ConfigError } from '../../../src-main/engine/config/configIssues';
import {
  runConfigFieldsSchema,
  type RunConfigInput,
} from '../../../src-main/engine/config/configSchemas';
import { learningRateAt } from '../../../src-main/engine/train/learningRate';
import { createOptimizer } from '../../../src-main/engine/train/optimizers';
import type { EngineRecord, MetricPoint } from '../../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { testsBackend } from '../backendsUnderTest';
import { collectRecords } from './trainingHarness';

const base: RunConfigInput = {
  dataset: { name: 'mnist', trainSize: 200, testSize: 50 },
  model: { kind: 'mlp', hidden: [16] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 50,
  steps: 6,
  seed: 4,
  coherence: { m: 50, chunkSize: 50 },
  schedule: { every: 3 },
  backend: 'wasm',
};

const messageOf = (input: Record<string, unknown>): string => {
  try {
    parseRunConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

describe('training option config', () => {
  it('defaults to cross-entropy, no weight decay and no warmup', () => {
    const config = parseRunConfig(base);
    expect(config.loss).toBe('crossEntropy');
    expect(config.optimizer.weightDecay).toBe(0);
    expect(config.lrWarmupSteps).toBe(0);
  });

  it('names the field of a bad value', () => {
    expect(messageOf({ ...base, optimizer: { weightDecay: -0.1 } })).toMatch(
      /optimizer\.weightDecay: /,
    );
    expect(messageOf({ ...base, lrWarmupSteps: 2.5 })).toMatch(/lrWarmupSteps: /);
    expect(messageOf({ ...base, loss: 'hinge' })).toMatch(/loss: .*"crossEntropy"\|"mse"/);
  });

  it('says in its description that weight decay is not part of the measured per-example loss', () => {
    const description =
      runConfigFieldsSchema.shape.optimizer.unwrap().shape.weightDecay.description;
    expect(description).toMatch(/applied to the update only/);
    expect(description).toMatch(/not part of the per-example loss/);
  });
});

describe('learning-rate warmup', () => {
  it('ramps linearly over the warmup steps, then follows the schedule', () => {
    const constant = [0, 1, 2, 3, 4, 5].map((step) =>
      learningRateAt(0.1, { kind: 'constant' }, step, 10, 4),
    );
    [0.025, 0.05, 0.075, 0.1, 0.1, 0.1].forEach((expected, i) =>
      expect(constant[i]).toBeCloseTo(expected, 12),
    );
    // Step decay by 0.5 every 2 steps, warmed up over 3: (k + 1)/3 of the decayed rate.
    const stepped = [0, 1, 2, 3].map((step) =>
      learningRateAt(0.1, { kind: 'step', every: 2, gamma: 0.5 }, step, 10, 3),
    );
    [0.1 / 3, 0.2 / 3, 0.05, 0.05].forEach((expected, i) =>
      expect(stepped[i]).toBeCloseTo(expected, 12),
    );
    expect(learningRateAt(0.1, { kind: 'constant' }, 0, 10)).toBe(0.1);
  });
});

describe('weight decay in the optimizers (hand-computed updates)', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  const optimizerConfig = parseRunConfig(base).optimizer;
  const run = (
    overrides: Partial<typeof optimizerConfig>,
    gradients: number[][],
    lr: number,
  ): number[] => {
    const optimizer = createOptimizer({ ...optimizerConfig, ...overrides });
    const w = tf.variable(tf.tensor1d([1, 2]));
    for (const g of gradients) {
      const grad = tf.tensor1d(g);
      optimizer.apply([w], [grad], lr, null);
      grad.dispose();
    }
    const out = Array.from(w.dataSync());
    optimizer.dispose();
    w.dispose();
    return out;
  };

  it('SGD steps along g + λw', () => {
    // w − lr·(g + λw) = [1 − 0.5·(0.5 + 0.1), 2 − 0.5·(−1 + 0.2)]
    const w = run({ kind: 'sgd', momentum: 0, weightDecay: 0.1 }, [[0.5, -1]], 0.5);
    expect(w[0]).toBeCloseTo(0.7, 6);
    expect(w[1]).toBeCloseTo(2.4, 6);
  });

  it('SGD with momentum puts λw into the velocity', () => {
    // Step 1: d = [0.6, −0.8], v = d, w = [0.7, 2.4]. Step 2: d = [0.5 + 0.07, −1 + 0.24],
    // v = 0.9·v + d = [1.11, −1.48], w = [0.7 − 0.555, 2.4 + 0.74].
    const w = run(
      { kind: 'sgd', momentum: 0.9, weightDecay: 0.1 },
      [
        [0.5, -1],
        [0.5, -1],
      ],
      0.5,
    );
    expect(w[0]).toBeCloseTo(0.145, 6);
    expect(w[1]).toBeCloseTo(3.14, 6);
  });

  it('Adam adds λw to the gradient before its moments', () => {
    // One step: ĝ = g + λw; m̂ = ĝ, v̂ = ĝ², so the step is lr·ĝ/(|ĝ| + ε) ≈ lr·sign(ĝ).
    const w = run(
      { kind: 'adam', weightDecay: 1, epsilon: 1e-7 },
      [[-0.5, -1]], // ĝ = [0.5, 1]: decay flips the first coordinate's sign
      0.1,
    );
    expect(w[0]).toBeCloseTo(0.9, 5);
    expect(w[1]).toBeCloseTo(1.9, 5);
  });
});

const points = (records: EngineRecord[]): MetricPoint[] =>
  records.flatMap((r) => (r.kind === 'metrics' ? r.points : []));
const series = (records: EngineRecord[], name: string): Array<[number, number]> =>
  points(records)
    .filter((p) => `${p.series}/${p.subset}` === name)
    .map((p) => [p.step, p.value]);
const finalWeightNorm = (records: EngineRecord[]): number => {
  const end = records.find((r) => r.kind === 'end');
  if (end?.kind !== 'end') throw new Error('no end record');
  return Math.sqrt(
    Object.values(end.finalWeights).reduce(
      (sum, t) => sum + t.values.reduce((s, v) => s + v * v, 0),
      0,
    ),
  );
};

describe.runIf(testsBackend('wasm'))('training options in a run', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('weight decay shrinks the weights but leaves the measured loss and gradients alone', async () => {
    const plain = await collectRecords(parseRunConfig(base));
    const decayed = await collectRecords(
      parseRunConfig({ ...base, optimizer: { ...base.optimizer, weightDecay: 0.5 } }),
    );
    // Step 0 sees identical weights: its loss, batch coherence and gradient norm are of ℓ_i alone.
    for (const name of ['loss/batch', 'batchCoherence/batch', 'gradNorm/batch']) {
      expect(series(decayed, name)[0]).toEqual(series(plain, name)[0]);
    }
    const probeAtZero = (records: EngineRecord[]): unknown =>
      records.flatMap((r) =>
        r.kind === 'coherence'
          ? r.measurements.filter((m) => m.step === 0).map(({ wallMs: _w, ...m }) => m)
          : [],
      );
    expect(probeAtZero(decayed)).toEqual(probeAtZero(plain));
    expect(finalWeightNorm(decayed)).toBeLessThan(0.99 * finalWeightNorm(plain));
  });

  it('records the warmup ramp and a gradient norm every step (with or without batch coherence)', async () => {
    const records = await collectRecords(
      parseRunConfig({ ...base, lrWarmupSteps: 4, coherence: { ...base.coherence, batch: false } }),
    );
    expect(series(records, 'lr/batch').map(([, lr]) => lr)).toEqual(
      [0.0125, 0.025, 0.0375, 0.05, 0.05, 0.05].map((v) => expect.closeTo(v, 9)),
    );
    const norms = series(records, 'gradNorm/batch');
    expect(norms.map(([step]) => step)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [, norm] of norms) expect(norm).toBeGreaterThan(0);
    expect(series(records, 'batchCoherence/batch')).toEqual([]);
  });

  it('gradNorm is ‖Σ∇ℓ_i‖/B of the step (from the batch coherence sums when tracked)', async () => {
    const records = await collectRecords(parseRunConfig({ ...base, steps: 1 }));
    const tracked = series(records, 'gradNorm/batch');
    const untracked = series(
      await collectRecords(
        parseRunConfig({ ...base, steps: 1, coherence: { ...base.coherence, batch: false } }),
      ),
      'gradNorm/batch',
    );
    expect(tracked).toHaveLength(1);
    expect(tracked[0][1]).toBeCloseTo(untracked[0][1], 5);
  });

  it("init.fromRun: a run starts exactly where its parent's final weights are", async () => {
    const parent = await collectRecords(parseRunConfig(base));
    const end = parent.find((r) => r.kind === 'end');
    if (end?.kind !== 'end') throw new Error('parent did not end');
    const child = await collectRecords(parseRunConfig({ ...base, init: { fromRun: 1 } }), {
      initialWeights: end.finalWeights,
    });
    // Same data subset (same seed and sizes): the child's step-0 evaluation sees the parent's
    // final weights, so it reproduces the parent's last evaluation.
    const parentLast = series(parent, 'loss/train').at(-1);
    expect(parentLast?.[0]).toBe(6);
    expect(series(child, 'loss/train')[0]).toEqual([0, parentLast?.[1]]);
    const fresh = await collectRecords(parseRunConfig(base));
    expect(series(fresh, 'loss/train')[0][1]).not.toBeCloseTo(parentLast?.[1] ?? 0, 3);
  });

  it('trains with the squared-error loss and reports that loss', async () => {
    const records = await collectRecords(parseRunConfig({ ...base, loss: 'mse', steps: 20 }));
    const losses = series(records, 'loss/batch').map(([, v]) => v);
    // ½‖z − e_y‖² starts near ½·(1 + small logits²) and falls as the logits fit the targets.
    expect(losses[0]).toBeGreaterThan(0.3);
    expect(losses[0]).toBeLessThan(2);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  });
});
