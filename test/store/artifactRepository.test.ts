import { describe, expect, it } from 'vitest';
import type { EngineCheckpoint } from '../../src-main/engine/records/engineRecords';
import { decodeTensors, encodeTensors } from '../../src-main/store/tensorBlob';
import { createTestRun, openTempStore } from './storeFixtures';

function checkpointAt(step: number): EngineCheckpoint {
  return {
    step,
    wallMs: step * 2,
    weights: { 'dense1/kernel': { shape: [2], values: new Float32Array([step, step + 1]) } },
    optimizerState: { 'dense1/kernel/m': { shape: [1, 2], values: new Float32Array([0.5, -0.5]) } },
    rngState: { seed: 1, epoch: 0, positionInEpoch: step },
  };
}

describe('tensor blobs', () => {
  it('round-trips tensors bit-exactly through one BLOB, at any byte offset', () => {
    const bits = new Uint32Array([0x7fc00001, 0xff800000, 0x00000001, 0x80000000]); // NaN payload, -Inf, denormal, -0
    const odd = new Float32Array(bits.buffer);
    const tensors = {
      a: { shape: [5], values: new Float32Array([1.5, -2.25, 3e-38, 1e30, 0]) },
      scalar: { shape: [], values: new Float32Array([7]) },
      odd: { shape: [2, 2], values: odd },
      empty: { shape: [0, 3], values: new Float32Array(0) },
    };
    const blob = encodeTensors(tensors);
    const shifted = new Uint8Array(blob.length + 3);
    shifted.set(blob, 3);
    const decoded = decodeTensors(shifted.subarray(3));
    expect(Object.keys(decoded)).toEqual(['a', 'scalar', 'odd', 'empty']);
    expect(decoded.a).toEqual(tensors.a);
    expect(decoded.scalar.shape).toEqual([]);
    expect(Array.from(new Uint32Array(decoded.odd.values.buffer))).toEqual(Array.from(bits));
    expect(decoded.empty.values.length).toBe(0);
  });

  it('refuses a shape that does not match its values, and a cut-short blob', () => {
    expect(() => encodeTensors({ w: { shape: [2, 2], values: new Float32Array(3) } })).toThrow(
      /holds 4 values, got 3/,
    );
    const blob = encodeTensors({ w: { shape: [4], values: new Float32Array(4) } });
    expect(() => decodeTensors(blob.subarray(0, blob.length - 2))).toThrow(/damaged/);
  });
});

describe('artifacts', () => {
  it('keeps the newest K checkpoints and restores the latest exactly', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    for (const step of [10, 30, 20])
      store.artifacts.saveCheckpoint(id, checkpointAt(step), { learn: [step] });
    expect(store.artifacts.checkpointSteps(id)).toEqual([20, 30]);
    const latest = store.artifacts.latestCheckpoint(id);
    expect(latest?.checkpoint).toEqual(checkpointAt(30));
    expect(latest?.extraState).toEqual({ learn: [30] });
    store.artifacts.saveCheckpoint(id, checkpointAt(40), null, 3);
    expect(store.artifacts.checkpointSteps(id)).toEqual([20, 30, 40]);
    expect(store.artifacts.pruneCheckpoints(id, 1)).toBe(2);
    expect(store.artifacts.checkpointSteps(id)).toEqual([40]);
    expect(store.artifacts.latestCheckpoint(createTestRun(store))).toBeNull();
    store.close();
  });

  it('round-trips final weights and probe sets', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const weights = {
      'dense1/kernel': {
        shape: [784, 2],
        values: Float32Array.from({ length: 1568 }, (_, i) => Math.sin(i)),
      },
    };
    store.artifacts.saveFinalWeights(id, weights);
    expect(store.artifacts.finalWeights(id)).toEqual(weights);
    expect(store.artifacts.finalWeights(createTestRun(store))).toBeNull();
    const probes = [
      { name: 'train' as const, positions: [3, 1], sourceIndices: [30, 10], labels: [4, 2] },
      { name: 'corrupt' as const, positions: [1], sourceIndices: [10], labels: [2] },
    ];
    store.artifacts.saveProbeSets(id, probes);
    expect(store.artifacts.probeSets(id)).toEqual([probes[1], probes[0]]);
    store.close();
  });

  it('stores examples in bulk, keeps learn times on re-send, finds earliest and never learned', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const examples = {
      sourceIndex: [5, 6, 7],
      originalLabel: [1, 2, 3],
      trainingLabel: [1, 9, 3],
      selected: [0, 1, 1],
      corrupt: [0, 1, 0],
    };
    store.artifacts.saveExamples(id, examples);
    expect(store.artifacts.hasLearnTimes(id)).toBe(false);
    store.artifacts.updateLearnTimes(
      id,
      new Float64Array([20, -1, 3]),
      new Float64Array([20, -1, 10]),
    );
    store.artifacts.saveExamples(id, examples); // a resumed run sends them again
    expect(store.artifacts.hasLearnTimes(id)).toBe(true);
    expect(store.artifacts.examples(id, { order: 'earliest' }).map((e) => e.position)).toEqual([
      2, 0,
    ]);
    expect(store.artifacts.examples(id, { order: 'never', corrupt: true })).toEqual([
      {
        position: 1,
        sourceIndex: 6,
        originalLabel: 2,
        trainingLabel: 9,
        selected: true,
        corrupt: true,
        firstLearnedStep: null,
        learnedSinceStep: null,
      },
    ]);
    expect(store.artifacts.examples(id, { limit: 2 }).map((e) => e.position)).toEqual([0, 1]);
    store.close();
  });
});
