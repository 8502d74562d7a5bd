import type { RunConfig } from '../engine/config/configSchemas';
import type { ReferenceLearnState } from '../engine/data/learnedSubset';
import type { EngineCheckpoint, EngineRecord } from '../engine/records/engineRecords';
import type { SerializedTensors } from '../engine/records/serializedTensors';
import { parseRunConfig } from '../engine/runConfig';
import { coherenceLatestKey, progressLatestValues } from '../shared/latestValues';
import { metricKey } from '../shared/metricVocabulary';
import type { RunStatus } from '../shared/runStatus';
import type { LatestValue } from '../store/seriesRepository';
import type { ProjectStore } from '../store/projectStore';
import { checkpointExtras, withCheckpointExtras } from './checkpointExtras';
import { referenceLearnState } from './learnedSubsetReference';
import type { RunRecorder } from './runManager';

/**
 * Persists a trainer's records into the project store as they arrive. Each record is one
 * transaction, so whatever was committed before a crash is complete and readable.
 */
export class StoreRunRecorder implements RunRecorder {
  constructor(private readonly store: ProjectStore) {}

  configOf(runId: number): RunConfig {
    return parseRunConfig(this.store.runs.require(runId).config);
  }

  statusOf(runId: number): RunStatus {
    return this.store.runs.require(runId).status;
  }

  setStatus(
    runId: number,
    status: RunStatus,
    fields?: { error?: string | null; pid?: number | null; trainerIdentity?: string | null },
  ): void {
    this.store.runs.setStatus(runId, status, fields);
  }

  referenceLearnState(runId: number): ReferenceLearnState {
    return referenceLearnState(this.store, runId);
  }

  finalWeights(runId: number): SerializedTensors | null {
    return this.store.artifacts.finalWeights(runId);
  }

  latestCheckpoint(runId: number): EngineCheckpoint | null {
    const stored = this.store.artifacts.latestCheckpoint(runId);
    return stored ? withCheckpointExtras(stored.checkpoint, stored.extraState) : null;
  }

  discardFrom(runId: number, step: number): void {
    this.store.transaction(() => {
      this.store.series.discardFrom(runId, step);
      this.store.classCross.discardFrom(runId, step);
    });
  }

  record(runId: number, record: EngineRecord): number | null {
    const { store } = this;
    switch (record.kind) {
      case 'start':
        store.transaction(() => {
          store.runs.recordStart(runId, {
            backend: record.backend.name,
            backendVersion: record.backend.version,
            paramCount: record.paramCount,
            totalSteps: record.totalSteps,
            layerNames: record.layerNames,
            trainCount: record.trainCount,
            testCount: record.testCount,
            metricsVersion: record.metricsVersion,
            fromStart: record.startStep === 0,
          });
          store.artifacts.saveProbeSets(runId, record.probes);
          store.artifacts.saveExamples(runId, record.examples);
        });
        return null;
      case 'metrics': {
        if (record.points.length === 0) return null;
        const latest = new Map<string, LatestValue>();
        for (const p of record.points) {
          const key = metricKey(p.series, p.subset);
          latest.set(key, { key, step: p.step, value: p.value });
        }
        store.series.append(runId, { points: record.points, latest: [...latest.values()] });
        return Math.max(...record.points.map((p) => p.step));
      }
      case 'coherence': {
        if (record.measurements.length === 0) return null;
        store.transaction(() => {
          store.series.append(runId, {
            coherence: record.measurements,
            latest: record.measurements.map((c) => ({
              key: coherenceLatestKey(c.probe),
              step: c.step,
              value: c.value,
            })),
          });
          if (record.classCross) store.classCross.append(runId, [record.classCross]);
        });
        return record.measurements[0].step;
      }
      case 'progress':
        store.series.append(runId, {
          latest: progressLatestValues(record).map((l) => ({ ...l, step: record.done })),
        });
        return null;
      case 'checkpoint':
        store.artifacts.saveCheckpoint(
          runId,
          record.checkpoint,
          checkpointExtras(record.checkpoint),
        );
        return null;
      case 'end':
        store.artifacts.saveFinalWeights(runId, record.finalWeights);
        return record.step;
      case 'learnTimes':
        // Each record supersedes the last: the stored columns always hold the newest times.
        store.artifacts.updateLearnTimes(runId, record.firstLearnedStep, record.learnedSinceStep);
        return record.step;
    }
  }
}
