import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { loadDataset, type DatasetContext } from '../data/datasetLoader';
import { prepareData } from '../data/prepareData';
import type { PreparedData } from '../data/datasetTypes';
import { buildModel } from '../model/buildModel';
import type { Model } from '../model/modelTypes';
import { aggregatorIssues, winsorizedMemoryProblem } from '../aggregators/aggregatorValidation';
import { createAggregator } from '../aggregators/createAggregator';
import type { GradientAggregator } from '../aggregators/gradientAggregator';
import { LearnTimeTracker } from '../analytics/learnTimes';
import { lossReductionShare, splitRows } from '../analytics/lossReductionShare';
import { disposeGradientPass } from '../model/disposeGradientPass';
import { mCoherence, alphaHat } from '../coherence/coherenceMath';
import { batchCoherenceFromPass } from '../coherence/layerSums';
import { measureProbeCoherence } from '../coherence/probeCoherence';
import { BatchOrder } from './batchOrder';
import { EvaluationSchedule } from './evaluationSchedule';
import { learningRateAt } from './learningRate';
import { createOptimizer, type GradientOptimizer, type SerializedTensors } from './optimizers';
import { drawProbeSets } from './probeSets';
import { ProgressMeter } from './progressMeter';
import { evaluateSet, rowsTensor, summarize, type SetOutcome } from './setEvaluation';
import type {
  CoherenceMeasurement,
  EndRecord,
  EngineCheckpoint,
  EngineRecord,
  MetricPoint,
  PointPosition,
  ProbeSet,
} from './engineRecords';
import { ConfigError, hasCorruption, type RunConfig } from './runConfig';

export interface TrainingOptions {
  readonly config: RunConfig;
  readonly dataContext: DatasetContext;
  /** Receives every record in order; awaited, so a slow consumer applies back-pressure. */
  readonly onRecord: (record: EngineRecord) => void | Promise<void>;
  readonly signal?: AbortSignal;
  readonly resumeFrom?: EngineCheckpoint;
  /** How often buffered per-step points and progress are handed out. */
  readonly flushIntervalMs?: number;
}

/** Total optimizer steps of a run: `steps`, or whole passes over the training subset. */
export function totalStepsOf(config: RunConfig, stepsPerEpoch: number): number {
  if (config.steps !== undefined) return config.steps;
  return Math.max(1, Math.ceil((config.epochs ?? 1) * stepsPerEpoch));
}

/** Weights in export form: "<layer>/<param>" → tfjs-layout shape and values. */
export async function exportWeights(model: Model): Promise<SerializedTensors> {
  const out: SerializedTensors = {};
  for (const layer of model.layers) {
    for (const [param, variable] of [
      ['kernel', layer.kernel],
      ['bias', layer.bias],
    ] as const) {
      out[`${layer.name}/${param}`] = {
        shape: variable.shape.slice(),
        values: (await variable.data()) as Float32Array,
      };
    }
  }
  return out;
}

export function importWeights(model: Model, weights: SerializedTensors): void {
  for (const layer of model.layers) {
    for (const [param, variable] of [
      ['kernel', layer.kernel],
      ['bias', layer.bias],
    ] as const) {
      const entry = weights[`${layer.name}/${param}`];
      if (!entry) throw new Error(`checkpoint has no weights for ${layer.name}/${param}`);
      if (entry.shape.join('x') !== variable.shape.join('x')) {
        throw new Error(
          `checkpoint ${layer.name}/${param} has shape [${entry.shape}], model expects [${variable.shape}]`,
        );
      }
      variable.assign(tf.tensor(entry.values, entry.shape));
    }
  }
}

class RecordBuffer {
  private points: MetricPoint[] = [];
  private lastFlush = performance.now();

  constructor(
    private readonly emit: (record: EngineRecord) => void | Promise<void>,
    private readonly intervalMs: number,
  ) {}

  add(point: MetricPoint): void {
    this.points.push(point);
  }

  due(): boolean {
    return performance.now() - this.lastFlush >= this.intervalMs;
  }

  async flush(): Promise<void> {
    this.lastFlush = performance.now();
    if (this.points.length === 0) return;
    const points = this.points;
    this.points = [];
    await this.emit({ kind: 'metrics', points });
  }
}

/**
 * Train one run and report everything through `onRecord`. Returns the end record (also
 * emitted). Each training step makes one forward and one backward pass of the per-example
 * losses, which yields the update, the loss, the accuracy and the batch m-coherence together.
 */
export async function runTraining(options: TrainingOptions): Promise<EndRecord> {
  const { config } = options;
  const backend = await selectBackend(config.backend);
  const dataset = loadDataset(config.dataset.name, options.dataContext);
  const data = prepareData(dataset, config);
  const model = buildModel(
    config.model,
    { height: data.height, width: data.width, channels: data.channels },
    data.numClasses,
    config.seed,
  );
  // The schema checks what it can before data is loaded; imported datasets' shapes are only
  // known now, so the winsorized memory estimate is repeated with the real parameter count.
  const problems = new Set(
    aggregatorIssues(config).map((i) => `${i.path.join('.')}: ${i.message}`),
  );
  const memory = winsorizedMemoryProblem(config.aggregator, config.batchSize, model.paramCount);
  if (memory) problems.add(`aggregator.memoryBudgetBytes: ${memory}`);
  if (problems.size > 0) {
    model.dispose();
    throw new ConfigError(`invalid run config: ${[...problems].join('; ')}`);
  }
  const optimizer = createOptimizer(config.optimizer);
  const aggregator = createAggregator(config.aggregator);
  try {
    return await trainModel(options, data, model, { optimizer, aggregator }, backend);
  } finally {
    aggregator.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

async function trainModel(
  options: TrainingOptions,
  data: PreparedData,
  model: Model,
  update: StepUpdate,
  backend: Awaited<ReturnType<typeof selectBackend>>,
): Promise<EndRecord> {
  const { config, onRecord, signal, resumeFrom } = options;
  const order = new BatchOrder(config.seed, data.trainCount, config.batchSize);
  const totalSteps = totalStepsOf(config, order.stepsPerEpoch);
  const schedule = new EvaluationSchedule(config.schedule.every, totalSteps);
  const probes = drawProbeSets(data, config);
  const { optimizer, aggregator } = update;
  const learnTimes = new LearnTimeTracker(data.trainCount, resumeFrom?.learnTimes);

  let step = 0;
  let wallOffsetMs = 0;
  if (resumeFrom) {
    importWeights(model, resumeFrom.weights);
    optimizer.importState(resumeFrom.optimizerState);
    aggregator.importState(resumeFrom.aggregatorState ?? {});
    step = resumeFrom.step;
    wallOffsetMs = resumeFrom.wallMs;
  }
  const segmentStart = performance.now();
  const wallMs = (): number => wallOffsetMs + (performance.now() - segmentStart);
  const position = (s: number): PointPosition => ({
    step: s,
    epoch: order.epochProgress(s),
    examplesSeen: s * config.batchSize,
    wallMs: wallMs(),
  });

  await onRecord({
    kind: 'start',
    backend,
    paramCount: model.paramCount,
    layerNames: model.layers.map((l) => l.name),
    totalSteps,
    stepsPerEpoch: order.stepsPerEpoch,
    startStep: step,
    probes,
    examples: {
      sourceIndex: Array.from(data.trainSourceIndex),
      originalLabel: Array.from(data.originalLabels),
      trainingLabel: Array.from(data.trainingLabels),
      corrupt: Array.from(data.corrupt),
    },
  });

  const buffer = new RecordBuffer(onRecord, options.flushIntervalMs ?? 250);
  const progress = new ProgressMeter(totalSteps);
  const emitProgress = async (): Promise<void> => {
    await onRecord({ kind: 'progress', ...progress.update(step) });
  };

  const evaluate = async (): Promise<void> => {
    await buffer.flush();
    const train = await evaluateMetrics(model, data, config, position(step), buffer);
    await buffer.flush();
    // The train-set predictions are already on the host: learn times cost one pass over them.
    learnTimes.observe(step, train.predicted, data.trainingLabels);
    await onRecord({ kind: 'learnTimes', step, ...learnTimes.snapshot() });
    const measurements = await measureProbes(model, data, config, probes, position(step));
    await onRecord({ kind: 'coherence', measurements });
  };

  const checkpoint = async (): Promise<void> => {
    await buffer.flush();
    await onRecord({
      kind: 'checkpoint',
      checkpoint: {
        step,
        wallMs: wallMs(),
        weights: await exportWeights(model),
        optimizerState: await optimizer.exportState(),
        rngState: {
          seed: config.seed,
          epoch: order.epochOf(step),
          positionInEpoch: step % order.stepsPerEpoch,
        },
        aggregatorState: await aggregator.exportState(),
        learnTimes: learnTimes.snapshot(),
      },
    });
  };

  const finish = async (status: EndRecord['status'], message?: string): Promise<EndRecord> => {
    await buffer.flush();
    await emitProgress();
    const end: EndRecord = {
      kind: 'end',
      status,
      step,
      ...(message ? { message } : {}),
      finalWeights: await exportWeights(model),
    };
    await onRecord(end);
    return end;
  };

  // A resumed run re-measures its checkpoint step when it is scheduled: the consumer discards
  // everything recorded from that step on, and the deterministic re-run fills it identically.
  if (!resumeFrom || schedule.includes(step)) await evaluate();
  await emitProgress();

  while (step < totalSteps) {
    if (signal?.aborted) {
      await checkpoint();
      return finish('cancelled', 'cancelled by request');
    }
    const lr = learningRateAt(config.optimizer.lr, config.lrSchedule, step, totalSteps);
    const outcome = await trainingStep(model, update, data, order.batchAt(step), step, lr, config);
    if (!Number.isFinite(outcome.loss)) {
      return finish('diverged', `loss became ${outcome.loss} at step ${step}`);
    }
    const at = position(step);
    buffer.add({ ...at, series: 'loss', subset: 'batch', value: outcome.loss });
    buffer.add({ ...at, series: 'accuracy', subset: 'batch', value: outcome.accuracy });
    buffer.add({ ...at, series: 'lr', subset: 'batch', value: lr });
    if (outcome.batchCoherence !== null) {
      buffer.add({
        ...at,
        series: 'batchCoherence',
        subset: 'batch',
        value: outcome.batchCoherence,
      });
    }
    if (outcome.share !== null) {
      buffer.add({
        ...at,
        series: 'lossReductionShare',
        subset: 'pristine',
        value: outcome.share.pristine,
      });
      buffer.add({
        ...at,
        series: 'lossReductionShare',
        subset: 'corrupt',
        value: outcome.share.corrupt,
      });
    }
    step += 1;
    if (schedule.includes(step)) await evaluate();
    if (step % config.checkpointEvery === 0 && step < totalSteps) await checkpoint();
    if (buffer.due()) {
      await buffer.flush();
      await emitProgress();
    }
  }
  return finish('completed');
}

/** What turns a gradient pass into a parameter change: the aggregator, then the optimizer. */
interface StepUpdate {
  readonly optimizer: GradientOptimizer;
  readonly aggregator: GradientAggregator;
}

interface StepOutcome {
  readonly loss: number;
  readonly accuracy: number;
  readonly batchCoherence: number | null;
  /** f_p and f_c of this step (label noise only). */
  readonly share: { pristine: number; corrupt: number } | null;
}

/**
 * One training step (one minibatch): a single gradient pass, whose summed gradient the
 * aggregator turns into an update direction (the mean for plain SGD; none on the steps where
 * M3/RM3 only collect), which the optimizer applies. With corrupted examples, the same pass
 * also sums the smaller of the pristine/corrupt groups for the loss-reduction share.
 */
async function trainingStep(
  model: Model,
  update: StepUpdate,
  data: PreparedData,
  batch: Int32Array,
  step: number,
  lr: number,
  config: RunConfig,
): Promise<StepOutcome> {
  const x = rowsTensor(data.trainX, model.inputSize, batch);
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
      tf.sum(tf.cast(tf.equal(tf.argMax(pass.logits, 1), labels), 'int32')),
    ]);
    const lossValue = (await lossSum.data())[0] / batch.length;
    const correctValue = (await correct.data())[0];
    lossSum.dispose();
    correct.dispose();
    let batchCoherence: number | null = null;
    if (config.coherence.batch) {
      batchCoherence = mCoherence(await batchCoherenceFromPass(model, pass)).value;
    }
    let share: StepOutcome['share'] = null;
    if (split && pass.groupSummedGradients) {
      share = await lossReductionShare(
        pass.summedGradients,
        pass.groupSummedGradients,
        split.group,
      );
    }
    if (Number.isFinite(lossValue)) {
      const direction = await update.aggregator.direction(pass, batch.length, step);
      if (direction) {
        update.optimizer.apply(model.variables, direction, lr);
        tf.dispose(direction);
      }
    }
    return { loss: lossValue, accuracy: correctValue / batch.length, batchCoherence, share };
  } finally {
    tf.dispose([x, labels]);
    disposeGradientPass(pass);
  }
}

async function evaluateMetrics(
  model: Model,
  data: PreparedData,
  config: RunConfig,
  at: PointPosition,
  buffer: RecordBuffer,
): Promise<SetOutcome> {
  const chunk = config.schedule.evalChunkSize;
  const train = await evaluateSet(model, data.trainX, data.trainingLabels, data.trainCount, chunk);
  const test = await evaluateSet(model, data.testX, data.testLabels, data.testCount, chunk);
  const add = (
    series: MetricPoint['series'],
    subset: MetricPoint['subset'],
    value: number,
  ): void => {
    if (Number.isFinite(value)) buffer.add({ ...at, series, subset, value });
  };
  const trainSummary = summarize(train, data.trainingLabels);
  const testSummary = summarize(test, data.testLabels);
  add('loss', 'train', trainSummary.loss);
  add('accuracy', 'train', trainSummary.accuracy);
  add('loss', 'test', testSummary.loss);
  add('accuracy', 'test', testSummary.accuracy);
  if (hasCorruption(config)) {
    const pristine = summarize(train, data.trainingLabels, (i) => data.corrupt[i] === 0);
    const corrupt = summarize(train, data.trainingLabels, (i) => data.corrupt[i] === 1);
    add('loss', 'pristine', pristine.loss);
    add('accuracy', 'pristine', pristine.accuracy);
    add('loss', 'corrupt', corrupt.loss);
    add('accuracy', 'corrupt', corrupt.accuracy);
    const original = summarize(train, data.originalLabels);
    const corruptOriginal = summarize(train, data.originalLabels, (i) => data.corrupt[i] === 1);
    add('accuracyOriginal', 'train', original.accuracy);
    add('accuracyOriginal', 'corrupt', corruptOriginal.accuracy);
  }
  return train;
}

async function measureProbes(
  model: Model,
  data: PreparedData,
  config: RunConfig,
  probes: readonly ProbeSet[],
  at: PointPosition,
): Promise<CoherenceMeasurement[]> {
  const out: CoherenceMeasurement[] = [];
  for (const probe of probes) {
    const isTest = probe.name === 'test';
    const result = await measureProbeCoherence(
      model,
      isTest ? data.testX : data.trainX,
      probe.labels,
      probe.positions,
      config.coherence.chunkSize,
    );
    out.push({
      ...at,
      probe: probe.name,
      m: result.m,
      value: result.value,
      alphaHat: alphaHat(result.value, result.m),
      layers: result.layers,
    });
  }
  return out;
}
