import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src-main/store/projectStore';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/schemaMigrations';
import { decodeTensors, encodeTensors } from '../../src-main/store/tensorBlob';
import type { MetricPoint } from '../../src-main/engine/train/engineRecords';
import { createTestRun, openTempStore, tempProjectPath } from './storeFixtures';

const point = (
  step: number,
  value: number,
  series: MetricPoint['series'] = 'loss',
  subset: MetricPoint['subset'] = 'train',
): MetricPoint => ({
  series,
  subset,
  step,
  epoch: step / 10,
  examplesSeen: step * 100,
  wallMs: step * 5,
  value,
});

describe('project files', () => {
  it('creates a WAL database with foreign keys, the current schema version and a busy timeout', () => {
    const store = openTempStore();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });

  it('refuses a file from a newer schema and leaves it byte-for-byte unchanged', () => {
    const path = tempProjectPath();
    openTempStore(path).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(path);
    expect(() => ProjectStore.open(path, { appVersion: 'test' })).toThrow(
      /newer Coherence Lab \(schema \d+; this version reads up to \d+\)/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite, and a truncated one, without modifying them', () => {
    const text = tempProjectPath('notes.clab');
    writeFileSync(text, 'these are my lab notes, not a database\n'.repeat(10));
    const before = readFileSync(text);
    expect(() => ProjectStore.open(text, { appVersion: 'test' })).toThrow(
      /is not a Coherence Lab project \(not an SQLite database\)/,
    );
    expect(readFileSync(text).equals(before)).toBe(true);

    const path = tempProjectPath();
    const store = openTempStore(path);
    createTestRun(store);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, 150));
    const truncated = readFileSync(path);
    expect(() => ProjectStore.open(path, { appVersion: 'test' })).toThrow(
      /damaged|not a Coherence Lab project/,
    );
    expect(readFileSync(path).equals(truncated)).toBe(true);
  });

  it('refuses a missing file unless asked to create it, and a folder', () => {
    const path = tempProjectPath('absent.clab');
    expect(() => ProjectStore.open(path, { appVersion: 'test' })).toThrow(/does not exist/);
    expect(existsSync(path)).toBe(false);
    expect(() =>
      ProjectStore.open(path.replace('/absent.clab', ''), { appVersion: 'test' }),
    ).toThrow(/is a folder/);
  });

  it('backs up an older schema before migrating it', () => {
    const path = tempProjectPath();
    // A version-0 SQLite file that has some content (e.g. created by an early build).
    const db = new Database(path);
    db.exec('CREATE TABLE legacy (x INTEGER)');
    db.pragma('user_version = 0');
    db.close();
    const store = ProjectStore.open(path, { appVersion: 'test' });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
    // Version 0 is "no schema yet": only files with a schema older than ours get a .bak copy.
    expect(existsSync(`${path}.v0.bak`)).toBe(false);
  });

  it('writes a backup copy of an older schema before migrating it', () => {
    const path = tempProjectPath();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    MIGRATIONS[0](db);
    db.prepare("INSERT INTO projects VALUES (1, 'old', '2026-01-01', '0.0.1')").run();
    db.pragma('user_version = 1');
    db.close();
    const original = readFileSync(path);
    const store = ProjectStore.open(path, { appVersion: 'test' });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.projectName()).toBe('old');
    store.close();
    expect(readFileSync(`${path}.v1.bak`).equals(original)).toBe(true);
  });
});

describe('runs', () => {
  it('round-trips runs and enforces the status lifecycle', () => {
    const store = openTempStore();
    const id = createTestRun(store, 'alpha');
    expect(store.runs.require(id)).toMatchObject({
      name: 'alpha',
      status: 'queued',
      tags: ['t'],
      config: { seed: 1, steps: 10 },
    });
    expect(() => store.runs.setStatus(id, 'completed')).toThrow(
      /run \d+ is queued; it cannot become completed/,
    );
    store.runs.setStatus(id, 'running', { pid: 1234 });
    expect(store.runs.require(id)).toMatchObject({ status: 'running', pid: 1234 });
    expect(store.runs.require(id).startedAt).not.toBeNull();
    store.runs.setStatus(id, 'interrupted', { pid: null });
    store.runs.setStatus(id, 'running');
    store.runs.setStatus(id, 'completed');
    expect(store.runs.require(id).finishedAt).not.toBeNull();
    expect(() => store.runs.setStatus(id, 'running')).toThrow(
      /completed; it cannot become running/,
    );
    store.runs.update(id, { name: 'beta', tags: ['x', 'y'], notes: 'n' });
    expect(store.runs.list({ tag: 'y' }).map((r) => r.name)).toEqual(['beta']);
    store.close();
  });

  it('marks runs left running by a dead process as interrupted', () => {
    const store = openTempStore();
    const alive = createTestRun(store);
    const dead = createTestRun(store);
    store.runs.setStatus(alive, 'running', { pid: 111 });
    store.runs.setStatus(dead, 'running', { pid: 222 });
    expect(store.runs.markStaleRunsInterrupted((pid) => pid === 111)).toEqual([dead]);
    expect(store.runs.require(alive).status).toBe('running');
    expect(store.runs.require(dead).status).toBe('interrupted');
    store.close();
  });

  it('deletes a run with everything recorded for it', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.series.append(id, {
      points: [point(0, 1), point(1, 2)],
      latest: [{ key: 'loss/train', step: 1, value: 2 }],
    });
    store.artifacts.saveFinalWeights(id, {
      'dense1/kernel': { shape: [1], values: new Float32Array([1]) },
    });
    store.runs.delete(id);
    expect(store.series.allPoints(id)).toEqual([]);
    expect(store.artifacts.finalWeights(id)).toBeNull();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM latest_values').get()).toEqual({ n: 0 });
    store.close();
  });
});

describe('series', () => {
  it('writes a batch atomically: a failure mid-batch leaves nothing of it', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    const bad = { ...point(2, 3), value: null as unknown as number };
    expect(() => store.series.append(id, { points: [point(0, 1), point(1, 2), bad] })).toThrow();
    expect(store.series.allPoints(id)).toEqual([]);
    store.close();
  });

  it('reads series by any x axis, after a step, as typed columns', () => {
    const store = openTempStore();
    const a = createTestRun(store);
    const b = createTestRun(store);
    store.series.append(a, { points: [point(0, 1), point(10, 0.5), point(20, 0.25)] });
    store.series.append(b, { points: [point(0, 2)] });
    const [sa, sb] = store.series.readSeries([a, b], 'loss', 'train', { xAxis: 'examplesSeen' });
    expect(Array.from(sa.x)).toEqual([0, 1000, 2000]);
    expect(Array.from(sa.y)).toEqual([1, 0.5, 0.25]);
    expect(Array.from(sb.step)).toEqual([0]);
    const [after] = store.series.readSeries([a], 'loss', 'train', {
      xAxis: 'wallMs',
      afterStep: 0,
    });
    expect(Array.from(after.x)).toEqual([50, 100]);
    expect(store.series.readSeries([a], 'loss', 'test')[0].x.length).toBe(0);
    store.close();
  });

  it('replaces a re-recorded step and discards from a step (resume)', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.series.append(id, {
      points: [point(0, 1), point(5, 2), point(9, 3)],
      coherence: [
        {
          probe: 'train',
          step: 5,
          epoch: 0.5,
          examplesSeen: 500,
          wallMs: 9,
          m: 10,
          value: 3,
          alphaHat: 2 / 9,
          layers: { dense1: { N: 3, Q: 1 } },
        },
      ],
    });
    store.series.discardFrom(id, 5);
    expect(store.series.allPoints(id).map((p) => p.step)).toEqual([0]);
    expect(store.series.readCoherence(id)).toEqual([]);
    store.series.append(id, { points: [point(0, 7)] });
    expect(store.series.allPoints(id).map((p) => p.value)).toEqual([7]);
    store.close();
  });

  it('keeps the latest value per key by step', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.series.append(id, { latest: [{ key: 'accuracy/test', step: 10, value: 0.5 }] });
    store.series.append(id, { latest: [{ key: 'accuracy/test', step: 5, value: 0.1 }] });
    expect(store.series.latest(id)).toEqual({ 'accuracy/test': 0.5 });
    store.close();
  });

  it('a second connection sees committed batches', () => {
    const path = tempProjectPath();
    const writer = openTempStore(path);
    const reader = ProjectStore.open(path, { appVersion: 'test' });
    const id = createTestRun(writer);
    writer.series.append(id, { points: [point(0, 1), point(1, 2)] });
    expect(reader.series.allPoints(id)).toHaveLength(2);
    writer.close();
    reader.close();
  });
});

describe('artifacts', () => {
  it('round-trips tensors exactly through a BLOB', () => {
    const values = new Float32Array([1.5, -2.25, 3e-38, 1e30, 0]);
    const decoded = decodeTensors(
      encodeTensors({
        a: { shape: [5], values },
        b: { shape: [1, 1], values: new Float32Array([7]) },
      }),
    );
    expect(Array.from(decoded.a.values)).toEqual(Array.from(values));
    expect(decoded.b).toEqual({ shape: [1, 1], values: new Float32Array([7]) });
  });

  it('keeps the two newest checkpoints and restores the latest', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    for (const step of [10, 20, 30]) {
      store.artifacts.saveCheckpoint(id, {
        step,
        wallMs: step,
        weights: { w: { shape: [2], values: new Float32Array([step, step + 1]) } },
        optimizerState: {},
        rngState: { seed: 1, epoch: 0, positionInEpoch: step },
      });
    }
    expect(store.artifacts.checkpointSteps(id)).toEqual([20, 30]);
    const latest = store.artifacts.latestCheckpoint(id);
    expect(latest?.checkpoint.step).toBe(30);
    expect(Array.from(latest?.checkpoint.weights.w.values ?? [])).toEqual([30, 31]);
    store.close();
  });

  it('stores examples and learn times, and finds earliest and never learned', () => {
    const store = openTempStore();
    const id = createTestRun(store);
    store.artifacts.saveExamples(id, {
      sourceIndex: [5, 6, 7],
      originalLabel: [1, 2, 3],
      trainingLabel: [1, 9, 3],
      corrupt: [0, 1, 0],
    });
    store.artifacts.updateLearnTimes(id, [20, -1, 3], [20, -1, 10]);
    expect(store.artifacts.examples(id, { order: 'earliest' }).map((e) => e.position)).toEqual([
      2, 0,
    ]);
    expect(store.artifacts.examples(id, { order: 'never', corrupt: true })).toMatchObject([
      { position: 1, sourceIndex: 6, trainingLabel: 9, corrupt: true },
    ]);
    store.close();
  });
});
