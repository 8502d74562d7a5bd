import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EngineCheckpoint,
  EngineRecord,
} from '../../../src-main/engine/records/engineRecords';
import type { RunConfig } from '../../../src-main/engine/config/configSchemas';
import type { SerializedTensors } from '../../../src-main/engine/records/serializedTensors';
import { runTraining } from '../../../src-main/engine/train/trainLoop';
import type { ReferenceLearnState } from '../../../src-main/engine/data/learnedSubset';

/** One dataset cache folder per test process. */
export const trainingCacheDir = mkdtempSync(join(tmpdir(), 'clab-train-'));

/** Train a run in-process and return every record it emitted, in order. */
export async function collectRecords(
  config: RunConfig,
  extra: {
    signal?: AbortSignal;
    resumeFrom?: EngineCheckpoint;
    initialWeights?: SerializedTensors;
    learnedSubsetReference?: ReferenceLearnState;
    onRecord?: (r: EngineRecord) => void;
    flushIntervalMs?: number;
  } = {},
): Promise<EngineRecord[]> {
  const records: EngineRecord[] = [];
  await runTraining({
    config,
    dataContext: { cacheDir: trainingCacheDir },
    signal: extra.signal,
    resumeFrom: extra.resumeFrom,
    initialWeights: extra.initialWeights,
    learnedSubsetReference: extra.learnedSubsetReference,
    flushIntervalMs: extra.flushIntervalMs,
    onRecord: (record) => {
      records.push(record);
      extra.onRecord?.(record);
    },
  });
  return records;
}
