import { describe, expect, it } from 'vitest';
import { METRICS_DEFINITION_VERSION } from '../../src-main/shared/metricDefinitions';
import { ProjectStoreError } from '../../src-main/store/storeErrors';
import { copyRunBetweenProjects } from '../../src-main/store/runTransfer';
import { createTestRun, measurement, openTempStore, point } from './storeFixtures';

describe('sweeps in the project file', () => {
  it('stores a sweep verbatim and records its executor once it runs', () => {
    const store = openTempStore();
    const definition = {
      name: 'noise',
      base: { config: { steps: 10 } },
      axes: { labelNoise: [0, 0.5] },
      seeds: 2,
    };
    store.sweeps.create({ id: 'noise-abc123', name: 'noise', definition });
    expect(store.sweeps.get('noise-abc123')).toMatchObject({
      id: 'noise-abc123',
      name: 'noise',
      definition,
      executor: null,
      executorOptions: null,
      workDir: null,
    });
    expect(() => store.sweeps.create({ id: 'noise-abc123', name: 'again', definition })).toThrow(
      /already has a sweep noise-abc123/,
    );
    store.sweeps.setExecutor('noise-abc123', 'slurm', { partition: 'gpu' }, '/shared/w');
    expect(store.sweeps.require('noise-abc123')).toMatchObject({
      executor: 'slurm',
      executorOptions: { partition: 'gpu' },
      workDir: '/shared/w',
    });
    expect(store.sweeps.list().map((s) => s.id)).toEqual(['noise-abc123']);
    expect(() => store.sweeps.require('nope')).toThrow(ProjectStoreError);
    store.close();
  });

  it('links runs to tasks and cells, one run per task, and forgets the link with the run', () => {
    const store = openTempStore();
    const a = createTestRun(store, 'a');
    const b = createTestRun(store, 'b');
    const link = {
      sweepId: 's-1',
      taskIndex: 0,
      cellIndex: 1,
      cellKey: { labelNoise: 0.5 },
      seed: 3,
    };
    store.sweeps.link({ runId: a, ...link });
    expect(store.sweeps.linkOf(a)).toEqual({ runId: a, ...link });
    expect(store.sweeps.runOfTask('s-1', 0)).toBe(a);
    expect(() => store.sweeps.link({ runId: b, ...link })).toThrow(
      /task 0 of sweep s-1 is already run 1/,
    );
    store.sweeps.link({ runId: b, ...link, taskIndex: 1 });
    expect(store.sweeps.links('s-1').map((l) => [l.taskIndex, l.runId])).toEqual([
      [0, a],
      [1, b],
    ]);
    store.runs.delete(a);
    expect(store.sweeps.links('s-1').map((l) => l.runId)).toEqual([b]);
    store.sweeps.unlink(b);
    expect(store.sweeps.links()).toEqual([]);
    expect(store.runs.get(b)).not.toBeNull();
    store.close();
  });
});

describe('copying a run between project files', () => {
  it('copies everything recorded for the run, value for value, and nothing of other runs', () => {
    const source = openTempStore();
    createTestRun(source, 'other run');
    const runId = createTestRun(source, 'shard run', { tags: ['x'] });
    source.runs.recordStart(runId, {
      backend: 'wasm',
      backendVersion: 'tfjs 4.22.0',
      paramCount: 123,
      totalSteps: 30,
      layerNames: ['dense1', 'dense2'],
      trainCount: 3,
      testCount: 100,
      metricsVersion: METRICS_DEFINITION_VERSION,
      fromStart: true,
    });
    source.runs.setStatus(runId, 'running', { pid: 99 });
    // NaN (a diverging loss), ±Infinity and a value that only a double holds exactly.
    source.series.append(runId, {
      points: [
        point(0, 2.3),
        point(10, Number.NaN),
        point(20, 0.1 + 0.2),
        point(20, Infinity, 'accuracy', 'test'),
      ],
      coherence: [
        measurement(0, 3.25),
        { ...measurement(10, 7.5), layers: { dense1: { N: Number.NaN, Q: 1 } } },
      ],
      latest: [
        { key: 'loss/train', step: 20, value: 0.30000000000000004 },
        { key: 'progress/etaSec', step: 20, value: null },
      ],
    });
    source.artifacts.saveProbeSets(runId, [
      { name: 'train', positions: [0, 2], sourceIndices: [5, 9], labels: [1, 7] },
    ]);
    source.artifacts.saveExamples(runId, {
      sourceIndex: [5, 6, 9],
      originalLabel: [1, 2, 3],
      trainingLabel: [1, 4, 3],
      // Selected for noise but drawn back to its own label: selected, not corrupt.
      selected: [0, 1, 1],
      corrupt: [0, 1, 0],
    });
    source.artifacts.updateLearnTimes(runId, [10, -1, 20], [10, -1, -1]);
    source.artifacts.saveFinalWeights(runId, {
      w: { shape: [2], values: new Float32Array([0.1, -2.5]) },
    });
    source.runs.setStatus(runId, 'completed', { pid: null });

    const target = openTempStore();
    createTestRun(target, 'already here');
    const copied = target.transaction(() => copyRunBetweenProjects(source, runId, target));
    expect(copied).toBe(2);
    const { id: _a, latest: latestSource, pid: _p, ...sourceRow } = source.runs.require(runId);
    const { id: _b, latest: latestTarget, pid, ...targetRow } = target.runs.require(copied);
    expect(targetRow).toEqual({ ...sourceRow, groupId: null });
    expect(targetRow).toMatchObject({
      metricsVersion: METRICS_DEFINITION_VERSION,
      trainCount: 3,
      testCount: 100,
    });
    expect(pid).toBeNull();
    expect(latestTarget).toEqual(latestSource);
    expect(target.series.latestEntries(copied)).toEqual(source.series.latestEntries(runId));
    const points = target.series.allPoints(copied);
    expect(points).toEqual(source.series.allPoints(runId));
    expect(points.find((p) => p.step === 10)?.value).toBeNaN();
    expect(points.find((p) => p.series === 'accuracy')?.value).toBe(Infinity);
    expect(points.find((p) => p.step === 20 && p.series === 'loss')?.value).toBe(0.1 + 0.2);
    const strip = <T extends { runId: number }>(rows: T[]): Array<Omit<T, 'runId'>> =>
      rows.map(({ runId: _r, ...rest }) => rest);
    expect(strip(target.series.readCoherence(copied))).toEqual(
      strip(source.series.readCoherence(runId)),
    );
    expect(target.artifacts.probeSets(copied)).toEqual(source.artifacts.probeSets(runId));
    expect(target.artifacts.examples(copied)).toEqual(source.artifacts.examples(runId));
    expect(target.artifacts.examples(copied).map((e) => [e.selected, e.corrupt])).toEqual([
      [false, false],
      [true, true],
      [true, false],
    ]);
    expect(target.artifacts.finalWeights(copied)).toEqual(source.artifacts.finalWeights(runId));
    // Checkpoints only serve to resume where the run trained; they are not copied.
    expect(target.artifacts.checkpointSteps(copied)).toEqual([]);
    expect(target.integrityCheck()).toBe('ok');
    source.close();
    target.close();
  });
});
