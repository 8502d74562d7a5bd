import { selectBackend } from '../backend';
import { aggregatorIssues, winsorizedMemoryProblem } from '../aggregators/aggregatorValidation';
import { createAggregator } from '../aggregators/createAggregator';
import { ConfigError } from '../config/configIssues';
import type { RunConfig } from '../config/configSchemas';
import { loadDataset, type DatasetContext } from '../data/datasetLoader';
import type { ReferenceLearnState } from '../data/learnedSubset';
import { prepareData } from '../data/prepareData';
import { buildModel } from '../model/buildModel';
import type { EndRecord, EngineCheckpoint, EngineRecord } from '../records/engineRecords';
import type { SerializedTensors } from '../records/serializedTensors';
import { createOptimizer } from './optimizers';
import { TrainingSession } from './trainingSession';

export interface TrainingOptions {
  readonly config: RunConfig;
  readonly dataContext: DatasetContext;
  /** Receives every record in order; awaited, so a slow consumer applies back-pressure. */
  readonly onRecord: (record: EngineRecord) => void | Promise<void>;
  readonly signal?: AbortSignal;
  readonly resumeFrom?: EngineCheckpoint;
  /**
   * Weights to start from instead of the drawn ones (config init.fromRun); ignored when
   * resuming, whose checkpoint holds the run's own weights.
   */
  readonly initialWeights?: SerializedTensors;
  /** The reference run's learn state when the config trains on its easy/hard part (dataset.learnedSubset). */
  readonly learnedSubsetReference?: ReferenceLearnState;
  /** How often buffered per-step points and progress are handed out. */
  readonly flushIntervalMs?: number;
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
  const data = prepareData(dataset, config, options.learnedSubsetReference);
  const model = buildModel(
    config.model,
    { height: data.height, width: data.width, channels: data.channels },
    data.numClasses,
    config.seed,
    { loss: config.loss },
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
    const session = new TrainingSession({
      config,
      data,
      model,
      update: { optimizer, aggregator },
      backend,
      onRecord: options.onRecord,
      resumeFrom: options.resumeFrom,
      initialWeights: options.initialWeights,
      flushIntervalMs: options.flushIntervalMs ?? 250,
    });
    return await trainToEnd(session, options.signal);
  } finally {
    aggregator.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * How often the step loop lets the event loop run. The wasm and cpu kernels are synchronous and
 * the loop's awaits resolve as microtasks (IPC sends complete synchronously too), so without
 * this the process never reaches the phase that delivers signals and parent messages: a SIGTERM
 * or a cancel message would wait until the run ended. Every 50 ms costs well under 1 %.
 */
const YIELD_EVERY_MS = 50;
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * The loop: step until the last step, measuring when the schedule says, checkpointing every
 * `checkpointEvery` steps, and handing out points and progress every flush interval. A cancel
 * checkpoints first, so the run stays resumable; a non-finite loss ends it as diverged.
 */
async function trainToEnd(session: TrainingSession, signal?: AbortSignal): Promise<EndRecord> {
  await session.begin();
  let lastYield = performance.now();
  while (!session.finished) {
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    if (signal?.aborted) {
      await session.checkpoint();
      return session.finish('cancelled', 'cancelled by request');
    }
    const loss = await session.step();
    if (!Number.isFinite(loss)) {
      return session.finish('diverged', `loss became ${loss} at step ${session.stepsDone}`);
    }
    if (session.evaluationDue) await session.evaluate();
    if (session.checkpointDue) await session.checkpoint();
    await session.reportIfDue();
  }
  return session.finish('completed');
}
