import * as tf from '@tensorflow/tfjs';
import type { GradientAggregator } from '../aggregators/gradientAggregator';
import { appliedUpdateShare, splitRows } from '../analytics/lossReductionShare';
import { mCoherence } from '../coherence/coherenceMath';
import { batchCoherenceFromPass } from '../coherence/layerSums';
import { hasCorruption, type RunConfig } from '../config/configSchemas';
import { augmentRows, type AugmentationConfig } from '../data/augmentation';
import type { PreparedData } from '../data/datasetTypes';
import { disposeGradientPass } from '../model/disposeGradientPass';
import { predictedClasses } from '../model/losses';
import type { Model } from '../model/modelTypes';
import type { StepValues } from './recordedMetrics';
import type { GradientOptimizer } from './optimizers';
import { rowsTensor } from './setEvaluation';

/** What turns a gradient pass into a parameter change: the aggregator, then the optimizer. */
export interface StepUpdate {
  readonly optimizer: GradientOptimizer;
  readonly aggregator: GradientAggregator;
}

/** The step's rows, augmented (augmentation.ts); the dataset itself is never changed. */
function augmentedRowsTensor(
  data: PreparedData,
  width: number,
  batch: Int32Array,
  augment: AugmentationConfig,
  seed: number,
  step: number,
): tf.Tensor2D {
  const rows = new Float32Array(batch.length * width);
  batch.forEach((row, r) =>
    rows.set(data.trainX.subarray(row * width, (row + 1) * width), r * width),
  );
  augmentRows(rows, batch.length, data, augment, seed, step);
  return tf.tensor2d(rows, [batch.length, width]);
}

/** ‖t‖² over all the tensors together, reduced on the device, one read. */
async function squaredNorm(tensors: readonly tf.Tensor[]): Promise<number> {
  const total = tf.tidy(() => tf.addN(tensors.map((t) => tf.sum(tf.square(t)))));
  try {
    return (await total.data())[0];
  } finally {
    total.dispose();
  }
}

/**
 * One training step (one minibatch): a single gradient pass, whose summed gradient the
 * aggregator turns into an update direction (the mean for plain SGD; none on the steps where
 * M3/RM3 only collect), which the optimizer applies. With corrupted examples, the same pass
 * also sums the smaller of the pristine/corrupt groups, which the aggregator and optimizer
 * carry along as the corrupt part of the applied update, for f_p/f_c. A non-finite loss
 * leaves the model unchanged (and records no f_p/f_c).
 */
export async function trainingStep(
  model: Model,
  update: StepUpdate,
  data: PreparedData,
  batch: Int32Array,
  step: number,
  lr: number,
  config: RunConfig,
): Promise<StepValues> {
  const x = config.augment
    ? augmentedRowsTensor(data, model.inputSize, batch, config.augment, config.seed, step)
    : rowsTensor(data.trainX, model.inputSize, batch);
  const labels = tf.tensor1d(
    Int32Array.from(batch, (i) => data.trainingLabels[i]),
    'int32',
  );
  const split = hasCorruption(config) ? splitRows(batch, data.corrupt) : null;
  const pass = model.gradientPass(x, labels, {
    ...update.aggregator.passExtras,
    ...(split ? { groupRows: split.rows } : {}),
  });
  try {
    const [lossSum, correct] = tf.tidy(() => [
      tf.sum(pass.perExampleLoss),
      tf.sum(tf.cast(tf.equal(predictedClasses(pass.logits), labels), 'int32')),
    ]);
    const lossValue = (await lossSum.data())[0] / batch.length;
    const correctValue = (await correct.data())[0];
    lossSum.dispose();
    correct.dispose();
    let batchCoherence: number | null = null;
    let summedSqNorm: number;
    if (config.coherence.batch) {
      const sums = await batchCoherenceFromPass(model, pass);
      batchCoherence = mCoherence(sums).value;
      summedSqNorm = Object.values(sums).reduce((total, layer) => total + layer.N, 0);
    } else {
      summedSqNorm = await squaredNorm(pass.summedGradients);
    }
    // f_p/f_c describe the update applied; a step that makes none records no point.
    let share: StepValues['share'] = null;
    if (Number.isFinite(lossValue)) {
      const aggregated = await update.aggregator.direction(pass, batch.length, step, split);
      if (aggregated) {
        const applied = update.optimizer.apply(
          model.variables,
          aggregated.direction,
          lr,
          aggregated.corruptPart,
        );
        tf.dispose([...aggregated.direction, ...(aggregated.corruptPart ?? [])]);
        if (applied) {
          share = await appliedUpdateShare(applied.step, applied.corruptPart, applied.decayPart);
          tf.dispose([...applied.step, ...applied.corruptPart, ...applied.decayPart]);
        }
      }
    }
    return {
      loss: lossValue,
      accuracy: correctValue / batch.length,
      lr,
      gradNorm: Math.sqrt(summedSqNorm) / batch.length,
      batchCoherence,
      share,
    };
  } finally {
    tf.dispose([x, labels]);
    disposeGradientPass(pass);
  }
}
