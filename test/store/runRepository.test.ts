import { describe, expect, it } from 'vitest';
import type { RunStatus as StoredRunStatus } from '../../src-main/shared/runStatus';
import { RUN_TRANSITIONS } from '../../src-main/store/runRepository';
import { createTestRun, measurement, openTempStore, point } from './storeFixtures';

const count = (store: ReturnType<typeof openTempStore>, table: string): number =>
  store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('runs', () => {
  it('round-trips a run with its config, tags, group and defaults', () => {
    const store = openTempStore();
    const groupId = store.runs.createGroup('noise sweep');
    const id = store.runs.create({
      name: 'alpha',
      tags: ['sweep', 'mnist'],
      notes: 'first try',
      groupId,
      config: { seed: 7, model: { kind: 'mlp', hidden: [256] } },
      seed: 7,
      appVersion: '0.1.0',
    });
    const run = store.runs.require(id);
    expect(run).toMatchObject({
      name: 'alpha',
      tags: ['sweep', 'mnist'],
      notes: 'first try',
      groupId,
      config: { seed: 7, model: { kind: 'mlp', hidden: [256] } },
      seed: 7,
      status: 'queued',
      appVersion: '0.1.0',
      pid: null,
      startedAt: null,
      latest: {},
    });
    store.runs.recordStart(id, {
      backend: 'wasm',
      backendVersion: 'tfjs-backend-wasm 4.22.0',
      paramCount: 203530,
      totalSteps: 1000,
      layerNames: ['dense1', 'dense2'],
      trainCount: 10_000,
      testCount: 10_000,
      metricsVersion: 2,
      fromStart: true,
    });
    expect(store.runs.require(id)).toMatchObject({
      backend: 'wasm',
      paramCount: 203530,
      trainCount: 10_000,
      testCount: 10_000,
      metricsVersion: 2,
      layerNames: ['dense1', 'dense2'],
    });
    store.runs.update(id, { name: 'beta', tags: ['x'], notes: 'renamed' });
    expect(store.runs.require(id)).toMatchObject({ name: 'beta', tags: ['x'], notes: 'renamed' });
    expect(store.runs.get(999)).toBeNull();
    expect(() => store.runs.require(999)).toThrow(/there is no run 999/);
    store.close();
  });

  it('allows exactly the lifecycle transitions', () => {
    const store = openTempStore();
    const statuses = Object.keys(RUN_TRANSITIONS) as StoredRunStatus[];
    // Drive a fresh run into each status along legal edges, then try every target from it.
    const pathTo: Record<StoredRunStatus, StoredRunStatus[]> = {
      queued: [],
      running: ['running'],
      completed: ['running', 'completed'],
      failed: ['failed'],
      cancelled: ['cancelled'],
      diverged: ['running', 'diverged'],
      interrupted: ['running', 'interrupted'],
    };
    for (const from of statuses) {
      for (const to of statuses) {
        const id = createTestRun(store);
        for (const s of pathTo[from]) store.runs.setStatus(id, s);
        const allowed = from === to || RUN_TRANSITIONS[from].includes(to);
        if (allowed) {
          store.runs.setStatus(id, to);
          expect(store.runs.require(id).status).toBe(to);
        } else {
          expect(() => store.runs.setStatus(id, to)).toThrow(`is ${from}; it cannot become ${to}`);
          expect(store.runs.require(id).status).toBe(from);
        }
      }
    }
    expect(RUN_TRANSITIONS.queued).toContain('running');
    expect(RUN_TRANSITIONS.interrupted).toContain('running');
    expect(RUN_TRANSITIONS.cancelled).toContain('running');
    expect(RUN_TRANSITIONS.completed).toEqual([]);
    store.close();
  });

  it('records start and finish times, pid and error with the status', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.runs.setStatus(id, 'running', { pid: 1234 });
    const started = store.runs.require(id);
    expect(started).toMatchObject({ status: 'running', pid: 1234, finishedAt: null });
    expect(started.startedAt).not.toBeNull();
    store.runs.setStatus(id, 'interrupted', { pid: null, error: 'power cut' });
    expect(store.runs.require(id)).toMatchObject({ pid: null, error: 'power cut' });
    expect(store.runs.require(id).finishedAt).not.toBeNull();
    store.runs.setStatus(id, 'running', { pid: 99, error: null });
    expect(store.runs.require(id)).toMatchObject({
      finishedAt: null,
      startedAt: started.startedAt,
      error: null,
    });
    store.close();
  });

  it('marks runs left running by a dead process as interrupted', () => {
    const store = openTempStore();
    const alive = createTestRun(store);
    const dead = createTestRun(store);
    const noPid = createTestRun(store);
    const queued = createTestRun(store);
    store.runs.setStatus(alive, 'running', { pid: 111 });
    store.runs.setStatus(dead, 'running', { pid: 222 });
    store.runs.setStatus(noPid, 'running');
    expect(store.runs.markStaleRunsInterrupted((pid) => pid === 111)).toEqual([dead, noPid]);
    expect(store.runs.require(alive).status).toBe('running');
    expect(store.runs.require(dead)).toMatchObject({ status: 'interrupted', pid: null });
    expect(store.runs.require(queued).status).toBe('queued');
    store.close();
  });

  it('lists with latest values joined, filtered by status, tag and group, sorted', () => {
    const store = openTempStore();
    const group = store.runs.createGroup('preset');
    const a = createTestRun(store, 'b-run', { tags: ['x'], groupId: group });
    const b = createTestRun(store, 'a-run', { tags: ['y'], groupId: group });
    const c = createTestRun(store, 'C-run', { tags: ['x', 'y'] });
    store.series.append(a, { latest: [{ key: 'accuracy/test', step: 5, value: 0.9 }] });
    store.series.append(b, {
      latest: [
        { key: 'accuracy/test', step: 5, value: 0.5 },
        { key: 'progress/done', step: 5, value: 5 },
      ],
    });
    store.runs.setStatus(c, 'running');
    expect(store.runs.list().map((r) => r.id)).toEqual([a, b, c]);
    expect(store.runs.list().map((r) => r.latest)).toEqual([
      { 'accuracy/test': 0.9 },
      { 'accuracy/test': 0.5, 'progress/done': 5 },
      {},
    ]);
    expect(store.runs.list({ status: 'running' }).map((r) => r.id)).toEqual([c]);
    expect(store.runs.list({ tag: 'y' }).map((r) => r.id)).toEqual([b, c]);
    expect(store.runs.list({ groupId: group, tag: 'x' }).map((r) => r.id)).toEqual([a]);
    expect(store.runs.list({ sortBy: 'name' }).map((r) => r.name)).toEqual([
      'a-run',
      'b-run',
      'C-run',
    ]);
    expect(store.runs.list({ sortBy: 'id', descending: true }).map((r) => r.id)).toEqual([c, b, a]);
    // By a latest value: runs without it come last either way.
    expect(store.runs.list({ sortBy: 'latest:accuracy/test' }).map((r) => r.id)).toEqual([b, a, c]);
    expect(
      store.runs.list({ sortBy: 'latest:accuracy/test', descending: true }).map((r) => r.id),
    ).toEqual([a, b, c]);
    expect(
      store.runs.list({ tag: 'x', sortBy: 'latest:accuracy/test' }).map((r) => r.latest),
    ).toEqual([{ 'accuracy/test': 0.9 }, {}]);
    store.close();
  });

  it('deletes a run with everything recorded for it, and nothing of other runs', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const kept = createTestRun(store);
    for (const runId of [id, kept]) {
      store.series.append(runId, {
        points: [point(0, 1), point(1, 2)],
        coherence: [measurement(1, 3)],
        latest: [{ key: 'loss/train', step: 1, value: 2 }],
      });
      store.artifacts.saveProbeSets(runId, [
        { name: 'train', positions: [0], sourceIndices: [4], labels: [1] },
      ]);
      store.artifacts.saveExamples(runId, {
        sourceIndex: [4],
        originalLabel: [1],
        trainingLabel: [1],
        selected: [0],
        corrupt: [0],
      });
      store.artifacts.saveCheckpoint(runId, {
        step: 1,
        wallMs: 1,
        weights: { w: { shape: [1], values: new Float32Array([1]) } },
        optimizerState: {},
        rngState: { seed: 1, epoch: 0, positionInEpoch: 1 },
      });
      store.artifacts.saveFinalWeights(runId, { w: { shape: [1], values: new Float32Array([1]) } });
    }
    store.runs.delete(id);
    expect(store.runs.get(id)).toBeNull();
    for (const table of [
      'metric_points',
      'coherence_measurements',
      'latest_values',
      'probe_sets',
      'examples',
      'checkpoints',
      'final_weights',
    ]) {
      expect(count(store, table), table).toBe(table === 'metric_points' ? 2 : 1);
    }
    expect(() => store.runs.delete(id)).toThrow(/there is no run/);
    store.close();
  });
});
