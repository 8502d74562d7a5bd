/**
 * What does tracking m-coherence cost per training step? Times, on real MNIST batches:
 * - plain: an ordinary tfjs step, tf.train.sgd(lr).minimize(mean loss) on the model variables;
 * - tracked: gradientPass + batch coherence sums downloaded + SGD update with Σg/B;
 * - naive: a loop of single-example tf.variableGrads computing the same batch m-coherence
 *   (reported per example; measured on a few examples and scaled to the batch for the ratio).
 * Run standalone: `npx tsx bench/gradientStepBench.ts` prints the JSON.
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../src-main/engine/backend';
import { readMnist, timeMedian } from './benchSupport';
import { batchCoherenceFromPass } from '../src-main/engine/coherence/layerSums';
import { mCoherence } from '../src-main/engine/coherence/coherenceMath';
import { buildModel } from '../src-main/engine/model/buildModel';
import { disposeGradientPass } from '../src-main/engine/model/disposeGradientPass';
import type { Model } from '../src-main/engine/model/modelTypes';
import type { BackendRequest, ModelConfig } from '../src-main/engine/config/configSchemas';

export interface StepTimings {
  readonly plainMs: number;
  readonly trackedMs: number;
  readonly naiveMsPerProbe: number;
  readonly trackedOverPlain: number;
  /** (naive ms per example × batch) / tracked ms: how many tracked steps one naive batch costs. */
  readonly naiveOverTracked: number;
}

export interface GradientStepBenchResult {
  readonly backend: string;
  readonly batch: number;
  /** 784-256-256-10 */
  readonly mlp: StepTimings;
  /** conv16-pool-conv32-pool-dense */
  readonly cnn: StepTimings;
  /** 784-2048-10 (the width of the 2020 paper's label-noise experiment) */
  readonly mlpWide: StepTimings;
}

export interface BenchOptions {
  readonly backend?: BackendRequest;
  readonly batch?: number;
  readonly reps?: number;
  readonly warmup?: number;
  readonly naiveExamples?: number;
}

const LR = 0.01;
const MNIST = { height: 28, width: 28, channels: 1 };

const MLP: ModelConfig = { kind: 'mlp', hidden: [256, 256], activation: 'relu', init: 'glorot' };
const MLP_WIDE: ModelConfig = { kind: 'mlp', hidden: [2048], activation: 'relu', init: 'glorot' };
const CNN: ModelConfig = {
  kind: 'cnn',
  convs: [
    { filters: 16, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
    { filters: 32, kernel: 3, stride: 1, padding: 'same', pooling: 'max2' },
  ],
  hidden: [],
  activation: 'relu',
  init: 'he',
};

function meanLoss(model: Model, xs: tf.Tensor2D, ys: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const picked = tf.sum(
      tf.mul(tf.logSoftmax(model.predict(xs)), tf.oneHot(ys, model.numClasses)),
      1,
    );
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  });
}

async function benchModel(
  config: ModelConfig,
  data: { x: Float32Array; labels: Int32Array },
  options: Required<Omit<BenchOptions, 'backend'>>,
): Promise<StepTimings> {
  const { batch, reps, warmup, naiveExamples } = options;
  const model = buildModel(config, MNIST, 10, 1);
  const vars = model.variables as tf.Variable[];
  const xs = tf.tensor2d(data.x.subarray(0, batch * 784), [batch, 784]);
  const ys = tf.tensor1d(data.labels.subarray(0, batch), 'int32');
  const optimizer = tf.train.sgd(LR);
  const outputBias = vars[vars.length - 1];

  const plain = async (): Promise<void> => {
    optimizer.minimize(() => meanLoss(model, xs, ys), false, vars);
    // Synchronous backends are done already; reading 10 floats makes async ones finish too.
    await outputBias.data();
  };

  const tracked = async (): Promise<void> => {
    const pass = model.gradientPass(xs, ys);
    const sums = await batchCoherenceFromPass(model, pass);
    if (!Number.isFinite(mCoherence(sums).value))
      throw new Error('batch m-coherence is not finite');
    tf.tidy(() => {
      vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(pass.summedGradients[i], LR / batch))));
    });
    disposeGradientPass(pass);
  };

  const naive = async (): Promise<void> => {
    const sums = vars.map((v) => tf.zeros(v.shape));
    const q: tf.Tensor[] = model.layers.map(() => tf.scalar(0));
    for (let i = 0; i < naiveExamples; i++) {
      const grads = tf.tidy(() => {
        const row = tf.slice(xs, [i, 0], [1, 784]) as tf.Tensor2D;
        const label = tf.slice(ys, [i], [1]) as tf.Tensor1D;
        const { grads: byName } = tf.variableGrads(() => tf.sum(meanLoss(model, row, label)), vars);
        return vars.map((v) => byName[v.name]);
      });
      tf.tidy(() => {
        vars.forEach((_, v) => {
          const next = tf.add(sums[v], grads[v]);
          sums[v].dispose();
          sums[v] = tf.keep(next);
        });
        model.layers.forEach((_, l) => {
          const next = tf.add(
            q[l],
            tf.add(tf.sum(tf.square(grads[2 * l])), tf.sum(tf.square(grads[2 * l + 1]))),
          );
          q[l].dispose();
          q[l] = tf.keep(next);
        });
      });
      tf.dispose(grads);
    }
    const packed = tf.tidy(() =>
      tf.stack(
        model.layers.flatMap((_, l) => [
          tf.add(tf.sum(tf.square(sums[2 * l])), tf.sum(tf.square(sums[2 * l + 1]))),
          q[l],
        ]),
      ),
    );
    await packed.data();
    tf.dispose([packed, ...sums, ...q]);
  };

  const plainMs = await timeMedian(plain, warmup, reps);
  const trackedMs = await timeMedian(tracked, warmup, reps);
  const naiveMsPerProbe =
    (await timeMedian(naive, 1, Math.max(3, Math.ceil(reps / 3)))) / naiveExamples;
  optimizer.dispose();
  tf.dispose([xs, ys]);
  model.dispose();
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    plainMs: round(plainMs),
    trackedMs: round(trackedMs),
    naiveMsPerProbe: round(naiveMsPerProbe),
    trackedOverPlain: round(trackedMs / plainMs),
    naiveOverTracked: round((naiveMsPerProbe * batch) / trackedMs),
  };
}

export async function benchGradientSteps(
  options: BenchOptions = {},
): Promise<GradientStepBenchResult> {
  const info = await selectBackend(options.backend ?? 'auto');
  const settings = {
    batch: options.batch ?? 128,
    reps: options.reps ?? 10,
    warmup: options.warmup ?? 3,
    naiveExamples: options.naiveExamples ?? 16,
  };
  const data = readMnist(settings.batch);
  const mlp = await benchModel(MLP, data, settings);
  const cnn = await benchModel(CNN, data, settings);
  const mlpWide = await benchModel(MLP_WIDE, data, settings);
  return { backend: info.version, batch: settings.batch, mlp, cnn, mlpWide };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  const backend = process.argv[2] as BackendRequest | undefined;
  console.log(JSON.stringify(await benchGradientSteps(backend ? { backend } : {}), null, 2));
}
