/**
 * What does a robust aggregator cost per training step? On real MNIST batches (MLP 784-256-10,
 * batch 100), each timed step is the training loop's: gradientPass (with the aggregator's
 * extras) + batch coherence sums + aggregator direction + SGD update.
 * - plain: the mean aggregator (the ordinary tracked step);
 * - winsorized: c = 2, per-example gradients materialized in chunks and clipped per coordinate;
 * - rm3: median of the last 3 minibatch gradients (buffer full after warm-up).
 * Run standalone: `npx tsx bench/aggregatorBench.ts` prints the JSON.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAggregator } from '../src-main/engine/aggregators/createAggregator';
import type { GradientAggregator } from '../src-main/engine/aggregators/gradientAggregator';
import { selectBackend } from '../src-main/engine/backend';
import { median, readMnist } from './benchSupport';
import { batchCoherenceFromPass } from '../src-main/engine/coherence/layerSums';
import { buildModel } from '../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../src-main/engine/model/disposeGradientPass';
import type { Model } from '../src-main/engine/model/modelTypes';
import { createOptimizer } from '../src-main/engine/train/optimizers';
import type { AggregatorConfig, BackendRequest } from '../src-main/engine/config/configSchemas';

export interface AggregatorBenchResult {
  readonly winsorized: { stepMs: number; overPlain: number };
  readonly rm3: { overPlain: number };
}

const BATCH = 100;
const LR = 0.01;
const BATCHES = 4;

/** Median ms of a training-loop step with `aggregator`, cycling over a few real batches. */
async function timeSteps(
  aggregatorConfig: AggregatorConfig,
  data: { x: Float32Array; labels: Int32Array },
  warmup: number,
  reps: number,
): Promise<number> {
  const model: Model = buildModel(
    { kind: 'mlp', hidden: [256], activation: 'relu', init: 'glorot' },
    { height: 28, width: 28, channels: 1 },
    10,
    1,
  );
  const aggregator: GradientAggregator = createAggregator(aggregatorConfig);
  const optimizer = createOptimizer({
    kind: 'sgd',
    lr: LR,
    momentum: 0,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
  });
  const batches = Array.from({ length: BATCHES }, (_, b) => ({
    xs: tf.tensor2d(data.x.subarray(b * BATCH * 784, (b + 1) * BATCH * 784), [BATCH, 784]),
    ys: tf.tensor1d(data.labels.subarray(b * BATCH, (b + 1) * BATCH), 'int32'),
  }));
  let step = 0;
  const run = async (): Promise<void> => {
    const { xs, ys } = batches[step % BATCHES];
    const pass = model.gradientPass(xs, ys, aggregator.passExtras);
    await batchCoherenceFromPass(model, pass);
    const update = await aggregator.direction(pass, BATCH, step, null);
    if (update) {
      optimizer.apply(model.variables, update.direction, LR, null);
      tf.dispose(update.direction);
    }
    disposeGradientPass(pass);
    // Synchronous backends are done already; a read makes async ones finish too.
    await model.variables[model.variables.length - 1].data();
    step += 1;
  };
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
  aggregator.dispose();
  optimizer.dispose();
  model.dispose();
  return median(times);
}

export async function benchAggregators(
  options: { backend?: BackendRequest; reps?: number } = {},
): Promise<AggregatorBenchResult> {
  await selectBackend(options.backend ?? 'auto');
  const reps = options.reps ?? 30;
  const data = readMnist(BATCH * BATCHES);
  const plainMs = await timeSteps({ kind: 'mean' }, data, 5, reps);
  const winsorizedMs = await timeSteps(
    { kind: 'winsorized', c: 2, memoryBudgetBytes: 2 * 1024 ** 3 },
    data,
    2,
    Math.max(5, Math.ceil(reps / 3)),
  );
  const rm3Ms = await timeSteps({ kind: 'rm3' }, data, 5, reps);
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    winsorized: { stepMs: round(winsorizedMs), overPlain: round(winsorizedMs / plainMs) },
    rm3: { overPlain: round(rm3Ms / plainMs) },
  };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  const backend = process.argv[2] as BackendRequest | undefined;
  console.log(JSON.stringify(await benchAggregators(backend ? { backend } : {}), null, 2));
}
