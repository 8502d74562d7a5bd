import { METRICS_DEFINITION_VERSION } from '../../shared/metricDefinitions';
import { classProbeLabel } from '../../shared/metricVocabulary';
import { LearnTimeTracker } from '../analytics/learnTimes';
import { alphaHat } from '../coherence/coherenceMath';
import { classCrossCoherence } from '../coherence/classCrossCoherence';
import { crossCoherence, measureProbeCoherence } from '../coherence/probeCoherence';
import { hasCorruption, type RunConfig } from '../config/configSchemas';
import type { PreparedData } from '../data/datasetTypes';
import type { Model } from '../model/modelTypes';
import type {
  BackendInfo,
  ClassCrossMeasurement,
  CoherenceMeasurement,
  EndRecord,
  EngineCheckpoint,
  EngineRecord,
  PointPosition,
  ProbeSet,
} from '../records/engineRecords';
import { BatchOrder } from './batchOrder';
import { EvaluationSchedule } from './evaluationSchedule';
import { learningRateAt } from './learningRate';
import { drawProbeSets } from './probeSets';
import { ProgressMeter } from './progressMeter';
import { RecordBuffer } from './recordBuffer';
import { EvaluationValues, evaluationPoints, stepPoints } from './recordedMetrics';
import { evaluateSet } from './setEvaluation';
import { trainingStep, type StepUpdate } from './trainingStep';
import type { SerializedTensors } from '../records/serializedTensors';
import { exportWeights, importWeights } from './weightTransfer';

/** Everything a session trains with; the caller builds and disposes the model and update. */
export interface SessionParts {
  readonly config: RunConfig;
  readonly data: PreparedData;
  readonly model: Model;
  readonly update: StepUpdate;
  readonly backend: BackendInfo;
  /** Receives every record in order; awaited, so a slow consumer applies back-pressure. */
  readonly onRecord: (record: EngineRecord) => void | Promise<void>;
  readonly resumeFrom?: EngineCheckpoint;
  /** A fresh run's starting weights (init.fromRun); a resumed run takes its checkpoint's. */
  readonly initialWeights?: SerializedTensors;
  /** How often buffered per-step points and progress are handed out. */
  readonly flushIntervalMs: number;
}

/** Total optimizer steps of a run: `steps`, or whole passes over the training subset. */
export function totalStepsOf(config: RunConfig, stepsPerEpoch: number): number {
  if (config.steps !== undefined) return config.steps;
  return Math.max(1, Math.ceil((config.epochs ?? 1) * stepsPerEpoch));
}

/**
 * One run's training state and the four things that can happen to it: a training `step`, an
 * `evaluate` of the whole sets and probes, a `checkpoint` to resume from, and the `finish`.
 * Each hands its records to `onRecord`; when to do which is the loop's business (trainLoop.ts).
 */
export class TrainingSession {
  readonly totalSteps: number;
  private readonly order: BatchOrder;
  private readonly schedule: EvaluationSchedule;
  private readonly probes: ProbeSet[];
  private readonly learnTimes: LearnTimeTracker;
  private readonly buffer: RecordBuffer;
  private readonly progress: ProgressMeter;
  private readonly corrupted: boolean;
  private readonly wallOffsetMs: number;
  private readonly segmentStart: number;
  private done: number;
  /** When progress was last handed out (performance.now()). */
  private lastReport = performance.now();

  constructor(private readonly parts: SessionParts) {
    const { config, data, model, update, resumeFrom } = parts;
    this.order = new BatchOrder(config.seed, data.trainCount, config.batchSize);
    this.totalSteps = totalStepsOf(config, this.order.stepsPerEpoch);
    this.schedule = new EvaluationSchedule(config.schedule.every, this.totalSteps);
    this.probes = drawProbeSets(data, config);
    this.learnTimes = new LearnTimeTracker(data.trainCount, resumeFrom?.learnTimes);
    this.corrupted = hasCorruption(config);
    if (resumeFrom) {
      importWeights(model, resumeFrom.weights);
      update.optimizer.importState(resumeFrom.optimizerState);
      update.aggregator.importState(resumeFrom.aggregatorState ?? {});
    } else if (parts.initialWeights) {
      importWeights(model, parts.initialWeights);
    }
    this.done = resumeFrom?.step ?? 0;
    this.wallOffsetMs = resumeFrom?.wallMs ?? 0;
    this.segmentStart = performance.now();
    this.buffer = new RecordBuffer(parts.onRecord);
    this.progress = new ProgressMeter(this.totalSteps);
  }

  /** Optimizer steps taken so far (the step the next training step is numbered with). */
  get stepsDone(): number {
    return this.done;
  }

  get finished(): boolean {
    return this.done >= this.totalSteps;
  }

  /** Whether the weights after the steps done so far are scheduled to be measured. */
  get evaluationDue(): boolean {
    return this.schedule.includes(this.done);
  }

  /** Whether a checkpoint is due (never at the last step: the end record follows at once). */
  get checkpointDue(): boolean {
    return this.done % this.parts.config.checkpointEvery === 0 && this.done < this.totalSteps;
  }

  /**
   * Announce the run (start record), measure the starting weights and report progress. A
   * resumed run re-measures its checkpoint step when it is scheduled: the consumer discards
   * everything recorded from that step on, and the deterministic re-run fills it identically.
   */
  async begin(): Promise<void> {
    const { model, data, backend } = this.parts;
    await this.parts.onRecord({
      kind: 'start',
      backend,
      paramCount: model.paramCount,
      layerNames: model.layers.map((l) => l.name),
      totalSteps: this.totalSteps,
      stepsPerEpoch: this.order.stepsPerEpoch,
      startStep: this.done,
      probes: this.probes,
      trainCount: data.trainCount,
      testCount: data.testCount,
      metricsVersion: METRICS_DEFINITION_VERSION,
      examples: {
        sourceIndex: Array.from(data.trainSourceIndex),
        originalLabel: Array.from(data.originalLabels),
        trainingLabel: Array.from(data.trainingLabels),
        selected: Array.from(data.selected),
        corrupt: Array.from(data.corrupt),
      },
    });
    if (!this.parts.resumeFrom || this.evaluationDue) await this.evaluate();
    await this.reportProgress();
  }

  /**
   * Train one minibatch and buffer its per-step metrics. Returns the minibatch loss; when it is
   * not finite the model and the step count stay as they were (the run has diverged).
   */
  async step(): Promise<number> {
    const { config, model, update, data } = this.parts;
    const step = this.done;
    const lr = learningRateAt(
      config.optimizer.lr,
      config.lrSchedule,
      step,
      this.totalSteps,
      config.lrWarmupSteps,
    );
    const values = await trainingStep(
      model,
      update,
      data,
      this.order.batchAt(step),
      step,
      lr,
      config,
    );
    if (!Number.isFinite(values.loss)) return values.loss;
    this.buffer.add(stepPoints(this.position(step), values));
    this.done = step + 1;
    return values.loss;
  }

  /** Loss and accuracy on the whole sets, learn times, and probe m-coherence, at this step. */
  async evaluate(): Promise<void> {
    const { config, model, data, onRecord } = this.parts;
    const step = this.done;
    await this.buffer.flush();
    const at = this.position(step);
    const chunk = config.schedule.evalChunkSize;
    const train = await evaluateSet(
      model,
      data.trainX,
      data.trainingLabels,
      data.trainCount,
      chunk,
    );
    const test = await evaluateSet(model, data.testX, data.testLabels, data.testCount, chunk);
    // Probes first: the pristine/corrupt cross-coherence is a metric point of this evaluation.
    const probes = await this.measureProbes(step);
    const values = new EvaluationValues(train, test, data, probes.crossCoherence);
    this.buffer.add(evaluationPoints(at, values, this.corrupted));
    await this.buffer.flush();
    // The train-set predictions are already on the host: learn times cost one pass over them.
    this.learnTimes.observe(step, train.predicted, data.trainingLabels);
    await onRecord({ kind: 'learnTimes', step, ...this.learnTimes.snapshot() });
    await onRecord({
      kind: 'coherence',
      measurements: probes.measurements,
      ...(probes.classCross ? { classCross: probes.classCross } : {}),
    });
  }

  /** Everything needed to continue exactly here: weights, optimizer, data order, buffers. */
  async checkpoint(): Promise<void> {
    const { config, model, update } = this.parts;
    const step = this.done;
    await this.buffer.flush();
    await this.parts.onRecord({
      kind: 'checkpoint',
      checkpoint: {
        step,
        wallMs: this.wallMs(),
        weights: await exportWeights(model),
        optimizerState: await update.optimizer.exportState(),
        rngState: {
          seed: config.seed,
          epoch: this.order.epochOf(step),
          positionInEpoch: step % this.order.stepsPerEpoch,
        },
        aggregatorState: await update.aggregator.exportState(),
        learnTimes: this.learnTimes.snapshot(),
      },
    });
  }

  /**
   * Hand out buffered points and progress when the flush interval has passed since the last
   * progress report. Timed from that report, not from the last flush: evaluations and
   * checkpoints flush the points too, and with a checkpoint every 100 ms a flush-timed report
   * never came due, so a run showed 0 % until it ended (and could not be cancelled mid-run by
   * someone waiting to see it progress).
   */
  async reportIfDue(): Promise<void> {
    if (performance.now() - this.lastReport < this.parts.flushIntervalMs) return;
    await this.buffer.flush();
    await this.reportProgress();
  }

  /** The end record (with the final weights), after the last points and progress. */
  async finish(status: EndRecord['status'], message?: string): Promise<EndRecord> {
    await this.buffer.flush();
    await this.reportProgress();
    const end: EndRecord = {
      kind: 'end',
      status,
      step: this.done,
      ...(message ? { message } : {}),
      finalWeights: await exportWeights(this.parts.model),
    };
    await this.parts.onRecord(end);
    return end;
  }

  private async reportProgress(): Promise<void> {
    this.lastReport = performance.now();
    await this.parts.onRecord({ kind: 'progress', ...this.progress.update(this.done) });
  }

  private wallMs(): number {
    return this.wallOffsetMs + (performance.now() - this.segmentStart);
  }

  private position(step: number): PointPosition {
    return {
      step,
      epoch: this.order.epochProgress(step),
      examplesSeen: step * this.parts.config.batchSize,
      wallMs: this.wallMs(),
    };
  }

  private async measureProbes(step: number): Promise<{
    measurements: CoherenceMeasurement[];
    crossCoherence: number | null;
    classCross: ClassCrossMeasurement | null;
  }> {
    const { config, model, data } = this.parts;
    const at = this.position(step);
    const measurements: CoherenceMeasurement[] = [];
    const summed = new Map<string, readonly Float64Array[]>();
    // Class probes' summed gradients, kept until every pair is compared: K × parameters doubles.
    const classSums = new Map<number, readonly Float64Array[]>();
    for (const probe of this.probes) {
      const isTest = probe.name === 'test';
      const result = await measureProbeCoherence(
        model,
        isTest ? data.testX : data.trainX,
        probe.labels,
        probe.positions,
        config.coherence.chunkSize,
      );
      if (probe.name === 'pristine' || probe.name === 'corrupt') {
        summed.set(probe.name, result.summed);
      }
      const classLabel = classProbeLabel(probe.name);
      if (classLabel !== null) classSums.set(classLabel, result.summed);
      measurements.push({
        ...at,
        probe: probe.name,
        m: result.m,
        value: result.value,
        alphaHat: alphaHat(result.value, result.m),
        layers: result.layers,
      });
    }
    const pristine = summed.get('pristine');
    const corrupt = summed.get('corrupt');
    return {
      measurements,
      crossCoherence: pristine && corrupt ? crossCoherence(pristine, corrupt) : null,
      classCross: classSums.size >= 2 ? { ...at, ...classCrossCoherence(classSums) } : null,
    };
  }
}
