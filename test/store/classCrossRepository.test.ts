import { describe, expect, it } from 'vitest';
import { copyRunBetweenProjects } from '../../src-main/store/runTransfer';
import { createTestRun, openTempStore } from './storeFixtures';

const at = (step: number, values: Array<number | null>) => ({
  step,
  epoch: step / 10,
  examplesSeen: step * 20,
  wallMs: step * 1.5,
  classes: [0, 3, 7],
  values,
});

describe('class-pair cross-coherence store', () => {
  it('keeps one matrix per step (a re-recorded step replaces), drops from a step, copies, and goes with its run', () => {
    const store = openTempStore();
    const runId = createTestRun(store);
    store.classCross.append(runId, [at(4, [0.5, -0.25, null]), at(2, [0.1, 0.2, 0.3])]);
    store.classCross.append(runId, [at(4, [0.75, -0.5, 0.125])]);
    expect(store.classCross.read(runId)).toEqual([
      at(2, [0.1, 0.2, 0.3]),
      at(4, [0.75, -0.5, 0.125]),
    ]);
    const target = openTempStore();
    const copied = target.transaction(() => copyRunBetweenProjects(store, runId, target));
    expect(target.classCross.read(copied)).toEqual(store.classCross.read(runId));
    store.classCross.discardFrom(runId, 3);
    expect(store.classCross.read(runId).map((m) => m.step)).toEqual([2]);
    store.runs.delete(runId);
    expect(store.classCross.read(runId)).toEqual([]);
    store.close();
    target.close();
  });
});
