import type { EngineCheckpoint } from '../engine/records/engineRecords';
import { decodeTensors, encodeTensors } from '../store/tensorBlob';

/**
 * The parts of an engine checkpoint beyond weights, optimizer and data order — aggregator
 * buffers (M3/RM3 slots) and learn-time trackers — as the JSON "extra state" of a stored
 * checkpoint. Tensors travel as one base64 tensor BLOB, learn times as plain arrays.
 */
interface StoredExtras {
  readonly aggregatorState?: string;
  readonly learnTimes?: { readonly first: number[]; readonly since: number[] };
}

export function checkpointExtras(checkpoint: EngineCheckpoint): StoredExtras | null {
  const extras: { aggregatorState?: string; learnTimes?: StoredExtras['learnTimes'] } = {};
  if (checkpoint.aggregatorState && Object.keys(checkpoint.aggregatorState).length > 0) {
    extras.aggregatorState = encodeTensors(checkpoint.aggregatorState).toString('base64');
  }
  if (checkpoint.learnTimes) {
    extras.learnTimes = {
      first: Array.from(checkpoint.learnTimes.firstLearnedStep),
      since: Array.from(checkpoint.learnTimes.learnedSinceStep),
    };
  }
  return Object.keys(extras).length ? extras : null;
}

export function withCheckpointExtras(
  checkpoint: EngineCheckpoint,
  stored: unknown,
): EngineCheckpoint {
  if (typeof stored !== 'object' || stored === null) return checkpoint;
  const extras = stored as StoredExtras;
  return {
    ...checkpoint,
    ...(extras.aggregatorState
      ? { aggregatorState: decodeTensors(Buffer.from(extras.aggregatorState, 'base64')) }
      : {}),
    ...(extras.learnTimes
      ? {
          learnTimes: {
            firstLearnedStep: Int32Array.from(extras.learnTimes.first),
            learnedSinceStep: Int32Array.from(extras.learnTimes.since),
          },
        }
      : {}),
  };
}
