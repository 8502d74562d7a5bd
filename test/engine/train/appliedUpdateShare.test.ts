import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAggregator } from '../../../src-main/engine/aggregators/createAggregator';
import { selectBackend } from '../../../src-main/engine/backend';
import type { AggregatorConfig } from '../../../src-main/engine/config/configSchemas';
import type { PreparedData } from '../../../src-main/engine/data/datasetTypes';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import type { Model } from '../../../src-main/engine/model/modelTypes';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { createOptimizer } from '../../../src-main/engine/train/optimizers';
import { trainingStep } from '../../../src-main/engine/train/trainingStep';
import { referenceGradients, tinyData } from '../model/referenceGradients';

/**
 * f_p/f_c of the update actually applied (SPEC 1.6, metric definitions v2), against a float64
 * brute force built from single-example gradients: the aggregator's direction d and its corrupt
 * part d_c (clipped terms for winsorized, the median's chosen minibatch for M3/RM3), carried
 * through momentum or Adam, give the applied step u and u_c; f_c = ⟨u, u_c⟩/⟨u, u⟩. The brute
 * force's u is also checked against the weights' actual change, so it describes what was applied.
 */
const BATCH = 10;
const STEPS = 5;
const CLASSES = 3;
const LR = 0.05;
/** Corrupt rows of each minibatch: the corrupt group is the smaller one in some, not in others. */
const CORRUPT_ROWS = [[0, 3, 5], [1, 2, 4, 6, 7, 8], [9], [0, 2, 4, 6, 8], [3, 7]];

type Vectors = Float64Array[];
type Optimizer = { kind: 'sgd'; momentum: number } | { kind: 'adam' };

interface ShareCase {
  readonly name: string;
  readonly aggregator: AggregatorConfig;
  readonly optimizer: Optimizer;
  /** L2 weight decay λ: its term λ·w is part of u but neither pristine nor corrupt. */
  readonly weightDecay?: number;
}

/** M3/A3/RM3/RA3 need plain SGD (configuration rule); momentum and Adam go with the others. */
const CASES: ShareCase[] = [
  { name: 'mean + sgd', aggregator: { kind: 'mean' }, optimizer: { kind: 'sgd', momentum: 0 } },
  {
    name: 'mean + momentum',
    aggregator: { kind: 'mean' },
    optimizer: { kind: 'sgd', momentum: 0.9 },
  },
  {
    name: 'winsorized c=20 + sgd',
    aggregator: { kind: 'winsorized', c: 20, memoryBudgetBytes: 1e8 },
    optimizer: { kind: 'sgd', momentum: 0 },
  },
  {
    name: 'winsorized c=10 + adam',
    aggregator: { kind: 'winsorized', c: 10, memoryBudgetBytes: 1e8 },
    optimizer: { kind: 'adam' },
  },
  { name: 'm3 + sgd', aggregator: { kind: 'm3' }, optimizer: { kind: 'sgd', momentum: 0 } },
  { name: 'a3 + sgd', aggregator: { kind: 'a3' }, optimizer: { kind: 'sgd', momentum: 0 } },
  { name: 'rm3 + sgd', aggregator: { kind: 'rm3' }, optimizer: { kind: 'sgd', momentum: 0 } },
  { name: 'ra3 + sgd', aggregator: { kind: 'ra3' }, optimizer: { kind: 'sgd', momentum: 0 } },
  {
    name: 'mean + sgd + weight decay',
    aggregator: { kind: 'mean' },
    optimizer: { kind: 'sgd', momentum: 0 },
    weightDecay: 0.5,
  },
  {
    name: 'mean + momentum + weight decay',
    aggregator: { kind: 'mean' },
    optimizer: { kind: 'sgd', momentum: 0.9 },
    weightDecay: 0.5,
  },
  {
    name: 'winsorized c=10 + adam + weight decay',
    aggregator: { kind: 'winsorized', c: 10, memoryBudgetBytes: 1e8 },
    optimizer: { kind: 'adam' },
    weightDecay: 0.5,
  },
];

const zeros = (like: Vectors): Vectors => like.map((v) => new Float64Array(v.length));
const map2 = (a: Vectors, b: Vectors, f: (x: number, y: number) => number): Vectors =>
  a.map((v, i) => v.map((x, k) => f(x, b[i][k])));
const dot = (a: Vectors, b: Vectors): number =>
  a.reduce((s, v, i) => s + v.reduce((t, x, k) => t + x * b[i][k], 0), 0);

/** d and d_c of one minibatch for the stateless aggregators (mean, winsorized). */
function batchDirection(perExample: Float32Array[][], corrupt: Set<number>, c: number): Vectors[] {
  const lo = Math.round((c / 100) * (BATCH - 1));
  const direction: Vectors = perExample[0].map((g) => new Float64Array(g.length));
  const part = zeros(direction);
  direction.forEach((d, v) => {
    for (let k = 0; k < d.length; k++) {
      const column = Float64Array.from(perExample, (g) => g[v][k]).sort();
      perExample.forEach((g, i) => {
        const clipped = Math.min(column[BATCH - 1 - lo], Math.max(column[lo], g[v][k]));
        d[k] += clipped / BATCH;
        if (corrupt.has(i)) part[v][k] += clipped / BATCH;
      });
    }
  });
  return [direction, part];
}

/** The brute-force aggregator: d and d_c for this step, or null when it makes no update. */
function bruteAggregator(
  config: AggregatorConfig,
): (step: number, dirs: Vectors[]) => Vectors[] | null {
  const slots = new Map<number, Vectors[]>();
  return (step, [mean, part]) => {
    if (config.kind === 'mean' || config.kind === 'winsorized') return [mean, part];
    slots.set(step % 3, [mean, part]);
    if (slots.size < 3) return null;
    const [a, b, c] = [0, 1, 2].map((s) => slots.get(s) as Vectors[]);
    if (config.kind === 'm3' || config.kind === 'a3') slots.clear();
    const median = config.kind === 'm3' || config.kind === 'rm3';
    const direction = zeros(mean);
    const corrupt = zeros(mean);
    direction.forEach((d, v) => {
      for (let k = 0; k < d.length; k++) {
        const values = [a, b, c].map((s) => Math.fround(s[0][v][k]));
        const parts = [a, b, c].map((s) => s[1][v][k]);
        if (median) {
          const m = [...values].sort((x, y) => x - y)[1];
          const chosen = values.indexOf(m);
          d[k] = values[chosen];
          corrupt[v][k] = parts[chosen];
        } else {
          d[k] = (values[0] + values[1] + values[2]) / 3;
          corrupt[v][k] = (parts[0] + parts[1] + parts[2]) / 3;
        }
      }
    });
    return [direction, corrupt];
  };
}

/**
 * The brute-force optimizer: the applied step u, its corrupt part u_c and its decay part u_d,
 * from the direction d, its corrupt part d_c and the weights w before the step (decay λ·w).
 */
function bruteOptimizer(
  config: Optimizer,
  decay: number,
): (d: Vectors, dc: Vectors, w: Vectors) => Vectors[] {
  let velocity: Vectors | null = null;
  let velocityCorrupt: Vectors | null = null;
  let velocityDecay: Vectors | null = null;
  let second: Vectors | null = null;
  let updates = 0;
  return (gradient, dc, w) => {
    const dd = w.map((v) => v.map((x) => decay * x));
    const d = map2(gradient, dd, (g, x) => g + x);
    if (config.kind === 'sgd') {
      if (config.momentum === 0) return [d, dc, dd];
      const accumulate = (slot: Vectors | null, add: Vectors): Vectors =>
        map2(slot ?? zeros(d), add, (v, g) => config.momentum * v + g);
      velocity = accumulate(velocity, d);
      velocityCorrupt = accumulate(velocityCorrupt, dc);
      velocityDecay = accumulate(velocityDecay, dd);
      return [velocity, velocityCorrupt, velocityDecay];
    }
    const [b1, b2, eps] = [0.9, 0.999, 1e-7];
    updates += 1;
    const [c1, c2] = [1 - b1 ** updates, 1 - b2 ** updates];
    const firstMoment = (slot: Vectors | null, add: Vectors): Vectors =>
      map2(slot ?? zeros(d), add, (m, g) => b1 * m + (1 - b1) * g);
    velocity = firstMoment(velocity, d);
    velocityCorrupt = firstMoment(velocityCorrupt, dc);
    velocityDecay = firstMoment(velocityDecay, dd);
    second = map2(second ?? zeros(d), d, (s, g) => b2 * s + (1 - b2) * g * g);
    const denominator = second.map((s) => s.map((x) => Math.sqrt(x / c2) + eps));
    return [velocity, velocityCorrupt, velocityDecay].map((m) =>
      map2(m, denominator, (x, q) => x / c1 / q),
    );
  };
}

function preparedData(x: Float32Array, labels: number[], inputSize: number): PreparedData {
  const count = labels.length;
  const corrupt = new Uint8Array(count);
  CORRUPT_ROWS.forEach((rows, b) => rows.forEach((r) => (corrupt[b * BATCH + r] = 1)));
  const trainingLabels = Uint8Array.from(labels);
  return {
    height: 1,
    width: inputSize,
    channels: 1,
    numClasses: CLASSES,
    trainX: x,
    trainCount: count,
    trainSourceIndex: Int32Array.from({ length: count }, (_, i) => i),
    // Changed labels where corrupt, as label noise makes them.
    originalLabels: trainingLabels.map((l, i) => (corrupt[i] ? (l + 1) % CLASSES : l)),
    trainingLabels,
    corrupt,
    selected: corrupt.slice(),
    testX: new Float32Array(0),
    testLabels: new Uint8Array(0),
    testCount: 0,
    testSourceIndex: new Int32Array(0),
  };
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('f_p and f_c of the applied update', () => {
  it.for(CASES)(
    '$name: matches the brute force, sums to 1, no point without an update',
    async (c) => {
      const model: Model = buildModel(
        { kind: 'mlp', hidden: [5], activation: 'tanh', init: 'glorot' },
        { height: 1, width: 6, channels: 1 },
        CLASSES,
        3,
      );
      const { x, labels } = tinyData(BATCH * STEPS, model.inputSize, CLASSES, 5);
      const data = preparedData(x, labels, model.inputSize);
      const config = parseRunConfig({
        labelNoise: 0.3,
        aggregator: c.aggregator,
        optimizer: { ...c.optimizer, lr: LR, weightDecay: c.weightDecay ?? 0 },
        coherence: { batch: false },
        steps: STEPS,
      });
      const update = {
        aggregator: createAggregator(config.aggregator),
        optimizer: createOptimizer(config.optimizer),
      };
      const aggregate = bruteAggregator(c.aggregator);
      const optimize = bruteOptimizer(c.optimizer, c.weightDecay ?? 0);
      const winsorC = c.aggregator.kind === 'winsorized' ? c.aggregator.c : 0;
      let sharesSeen = 0;
      for (let step = 0; step < STEPS; step++) {
        const rows = Int32Array.from({ length: BATCH }, (_, i) => step * BATCH + i);
        const batchX = x.subarray(
          step * BATCH * model.inputSize,
          (step + 1) * BATCH * model.inputSize,
        );
        const ref = referenceGradients(
          model,
          batchX,
          labels.slice(step * BATCH, (step + 1) * BATCH),
        );
        const brute = aggregate(
          step,
          batchDirection(ref.perExample, new Set(CORRUPT_ROWS[step]), winsorC),
        );
        const before = await Promise.all(model.variables.map((v) => v.data()));
        const values = await trainingStep(model, update, data, rows, step, LR, config);
        if (!brute) {
          expect(values.share, `step ${step} makes no update`).toBeNull();
          continue;
        }
        const weights = before.map((w) => Float64Array.from(w));
        const [u, uc, ud] = optimize(brute[0], brute[1], weights);
        // The brute-force u is the step the engine applied: w_before − w_after = lr·u.
        const after = await Promise.all(model.variables.map((v) => v.data()));
        const applied = before.map((w, v) =>
          Float64Array.from(w, (value, k) => (value - after[v][k]) / LR),
        );
        const error = Math.sqrt(
          dot(
            map2(applied, u, (a, b) => a - b),
            map2(applied, u, (a, b) => a - b),
          ) / dot(u, u),
        );
        expect(error, `step ${step}: applied step`).toBeLessThan(2e-3);
        const expectedCorrupt = dot(u, uc) / dot(u, u);
        // u_p = u − u_c − u_d: the pristine examples' part, weight decay's term excluded.
        const up = map2(
          map2(u, uc, (a, b) => a - b),
          ud,
          (a, b) => a - b,
        );
        const expectedPristine = dot(u, up) / dot(u, u);
        expect(values.share, `step ${step}`).not.toBeNull();
        expect(
          Math.abs((values.share?.corrupt ?? NaN) - expectedCorrupt),
          `step ${step}: f_c`,
        ).toBeLessThan(1e-4);
        expect(
          Math.abs((values.share?.pristine ?? NaN) - expectedPristine),
          `step ${step}: f_p`,
        ).toBeLessThan(1e-4);
        const decayShare = dot(u, ud) / dot(u, u);
        if (c.weightDecay) expect(decayShare, `step ${step}: decay's share`).toBeGreaterThan(0.01);
        expect(
          (values.share?.pristine ?? NaN) + (values.share?.corrupt ?? NaN) + decayShare,
        ).toBeCloseTo(1, 4);
        sharesSeen++;
      }
      const expectedShares = { m3: 1, a3: 1, rm3: 3, ra3: 3 }[c.aggregator.kind as string] ?? STEPS;
      expect(sharesSeen).toBe(expectedShares);
      update.aggregator.dispose();
      update.optimizer.dispose();
      model.dispose();
    },
  );
});

describe('f_p and f_c after a restore from an older checkpoint', () => {
  it.for([
    { kind: 'sgd', momentum: 0.9, weightDecay: 0, drop: 'corrupt' },
    { kind: 'adam', momentum: 0, weightDecay: 0, drop: 'corrupt' },
    { kind: 'sgd', momentum: 0.9, weightDecay: 0.1, drop: 'decay' },
    { kind: 'adam', momentum: 0, weightDecay: 0.1, drop: 'decay' },
  ] as const)(
    '$kind (weight decay $weightDecay): a momentum state without its $drop part is never split, on any later step',
    async ({ drop, ...optimizer }) => {
      const config = parseRunConfig({ steps: 1, optimizer: { ...optimizer, lr: LR } });
      const w = [tf.variable(tf.tensor1d([1, 2, 3]))];
      const direction = [tf.tensor1d([0.5, -1, 2])];
      const corrupt = [tf.tensor1d([0.1, 0, 1])];
      const older = createOptimizer(config.optimizer);
      tf.dispose(Object.values(older.apply(w, direction, LR, corrupt) ?? {}).flat());
      const written = await older.exportState();
      expect(Object.keys(written).some((name) => name.includes(drop))).toBe(true);
      // Drop those parts, as a checkpoint written before they were tracked has none.
      const state = Object.fromEntries(
        Object.entries(written).filter(([name]) => !name.includes(drop)),
      );
      const restored = createOptimizer(config.optimizer);
      restored.importState(state);
      for (let step = 0; step < 3; step++) {
        expect(restored.apply(w, direction, LR, corrupt), `step ${step}`).toBeNull();
      }
      // A fresh optimizer splits from its first step.
      const fresh = createOptimizer(config.optimizer);
      const applied = fresh.apply(w, direction, LR, corrupt);
      expect(applied).not.toBeNull();
      tf.dispose([
        ...w,
        ...direction,
        ...corrupt,
        ...(applied?.step ?? []),
        ...(applied?.corruptPart ?? []),
        ...(applied?.decayPart ?? []),
      ]);
      [older, restored, fresh].forEach((o) => o.dispose());
    },
  );
});
