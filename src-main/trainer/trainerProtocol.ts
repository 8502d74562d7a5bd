import type { DatasetContext } from '../engine/data/datasetLoader';
import type { ReferenceLearnState } from '../engine/data/learnedSubset';
import type { EngineCheckpoint, EngineRecord } from '../engine/records/engineRecords';
import type { RunConfig } from '../engine/config/configSchemas';
import type { SerializedTensors } from '../engine/records/serializedTensors';

/**
 * Messages between the run manager and a trainer process. Both transports (child_process.fork
 * with advanced serialization, Electron's utilityProcess) use structured clone, so typed arrays
 * in records and checkpoints cross without copying through JSON.
 */
export type ToTrainer =
  | {
      readonly type: 'train';
      readonly runId: number;
      readonly config: RunConfig;
      readonly dataContext: Omit<DatasetContext, 'importedDatasets'>;
      /** Imported datasets are read from this project file (read-only). */
      readonly projectPath: string;
      readonly resumeFrom?: EngineCheckpoint;
      /** A fresh run's starting weights (config init.fromRun: the parent's final weights). */
      readonly initialWeights?: SerializedTensors;
      /** The reference run's learn state (config dataset.learnedSubset), fresh or resumed. */
      readonly learnedSubsetReference?: ReferenceLearnState;
    }
  | { readonly type: 'cancel' }
  /**
   * Electron only: the parent has read the trainer's last message (end record or failure), so
   * it may exit. A utilityProcess's 'exit' event can arrive before messages it posted just
   * before exiting, and the run would be marked interrupted although it completed; child_process
   * has 'close' for that, utilityProcess has not.
   */
  | { readonly type: 'release' };

/** The trainer's last message of a run: after it, nothing more is sent. */
export function isFinalTrainerMessage(message: FromTrainer): boolean {
  return message.type === 'failed' || message.record.kind === 'end';
}

export type FromTrainer =
  | { readonly type: 'record'; readonly runId: number; readonly record: EngineRecord }
  | { readonly type: 'failed'; readonly runId: number; readonly message: string };
