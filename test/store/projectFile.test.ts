import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProjectPath } from '../../src-main/store/projectPaths';
import { ProjectStore, openProject } from '../../src-main/store/projectStore';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-main/store/schemaMigrations';
import { METRICS_DEFINITION_VERSION } from '../../src-main/shared/metricDefinitions';
import { ProjectStoreError } from '../../src-main/store/storeErrors';
import { createTestRun, openTempStore, point, tempProjectPath } from './storeFixtures';

/** The error a call throws, for asserting its code and message together. */
function thrown(work: () => unknown): ProjectStoreError {
  try {
    work();
  } catch (error) {
    if (error instanceof ProjectStoreError) return error;
    throw error;
  }
  throw new Error('expected a ProjectStoreError');
}

/** A file at an older schema version, as an earlier app build would have left it. */
function writeOldProject(
  path: string,
  version: number,
  journal: 'delete' | 'wal',
): Database.Database {
  const db = new Database(path);
  db.pragma(`journal_mode = ${journal}`);
  db.transaction(() => {
    for (const migration of MIGRATIONS.slice(0, version)) migration(db);
    db.prepare("INSERT INTO projects VALUES (1, 'old', '2026-01-01', '0.0.1')").run();
    db.prepare(
      `INSERT INTO runs (name, config, seed, status, app_version, created_at)
       VALUES ('legacy run', '{}', 1, 'completed', '0.0.1', '2026-01-01')`,
    ).run();
    db.pragma(`user_version = ${version}`);
  })();
  return db;
}

describe('opening project files', () => {
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('puts the default project in the app data folder, overridable for tests', () => {
    process.env.COHERENCE_LAB_HOME = '/tmp/lab-home';
    expect(defaultProjectPath()).toBe(join('/tmp/lab-home', 'default.clab'));
    delete process.env.COHERENCE_LAB_HOME;
    if (process.platform === 'linux') {
      process.env.XDG_DATA_HOME = '/tmp/xdg';
      expect(defaultProjectPath()).toBe('/tmp/xdg/coherence-lab/default.clab');
    }
  });

  it('creates a WAL file with foreign keys, NORMAL sync, a busy timeout and the current schema', () => {
    const path = tempProjectPath('My Study.clab');
    const store = openProject(path, { create: true, appVersion: '1.2.3' });
    const pragma = (name: string): unknown => store.db.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('synchronous')).toBe(1); // NORMAL
    expect(pragma('busy_timeout')).toBe(5000);
    expect(pragma('user_version')).toBe(SCHEMA_VERSION);
    expect(store.info()).toMatchObject({ name: 'My Study', appVersion: '1.2.3' });
    const tables = (
      store.db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
        .pluck()
        .all() as string[]
    ).sort();
    expect(tables).toEqual(
      expect.arrayContaining([
        'checkpoints',
        'coherence_measurements',
        'datasets',
        'examples',
        'final_weights',
        'latest_values',
        'metric_points',
        'probe_sets',
        'projects',
        'runs',
      ]),
    );
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });

  it('refuses a missing file unless asked to create it, and a folder', () => {
    const path = tempProjectPath('absent.clab');
    expect(thrown(() => openProject(path)).code).toBe('not-found');
    expect(thrown(() => openProject(path, { create: true, readonly: true })).code).toBe(
      'not-found',
    );
    expect(existsSync(path)).toBe(false);
    const folder = thrown(() => openProject(path.replace('/absent.clab', '')));
    expect(folder.message).toMatch(/is a folder/);
  });

  it('refuses a file from a newer schema and leaves it byte-for-byte unchanged', () => {
    const path = tempProjectPath();
    openTempStore(path).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(path);
    for (const readonly of [false, true]) {
      const error = thrown(() => openProject(path, { readonly }));
      expect(error.code).toBe('newer-schema');
      expect(error.message).toContain(path);
      expect(error.message).toMatch(
        /newer Coherence Lab \(schema \d+; this version reads up to \d+\)/,
      );
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a text file and a truncated database without modifying them', () => {
    const text = tempProjectPath('notes.clab');
    writeFileSync(text, 'these are my lab notes, not a database\n'.repeat(10));
    const before = readFileSync(text);
    const error = thrown(() => openProject(text));
    expect(error.code).toBe('not-sqlite');
    expect(error.message).toBe(`${text} is not a Coherence Lab project (not an SQLite database)`);
    expect(readFileSync(text).equals(before)).toBe(true);

    const path = tempProjectPath();
    const store = openTempStore(path);
    store.series.append(createTestRun(store), { points: [point(0, 1)] });
    store.close(); // the last connection checkpoints the WAL into the file
    writeFileSync(path, readFileSync(path).subarray(0, 5000));
    const truncated = readFileSync(path);
    const damaged = thrown(() => openProject(path));
    expect(damaged.code).toBe('corrupt');
    expect(damaged.message).toMatch(/is damaged \(truncated/);
    expect(readFileSync(path).equals(truncated)).toBe(true);
  });

  it("refuses someone else's SQLite database", () => {
    const path = tempProjectPath('other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE contacts (name TEXT)');
    db.close();
    const before = readFileSync(path);
    expect(thrown(() => openProject(path)).code).toBe('not-project');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('initialises an empty file (0 bytes) without a backup, only when asked to create', () => {
    const path = tempProjectPath();
    writeFileSync(path, '');
    expect(thrown(() => openProject(path)).code).toBe('not-project');
    expect(readFileSync(path).length).toBe(0);
    const store = openProject(path, { create: true });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
    expect(existsSync(`${path}.v0.bak`)).toBe(false);
  });

  it('copies an older schema to <file>.v<old>.bak before migrating it', () => {
    const path = tempProjectPath();
    writeOldProject(path, 1, 'delete').close();
    const original = readFileSync(path);
    const store = openProject(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.projectName()).toBe('old');
    expect(store.runs.list().map((r) => r.name)).toEqual(['legacy run']);
    store.close();
    expect(readFileSync(`${path}.v1.bak`).equals(original)).toBe(true);
  });

  it('marks runs of a v4 file as recorded under metric definitions v1, examples selected = corrupt', () => {
    const path = tempProjectPath();
    const legacy = writeOldProject(path, 4, 'delete');
    legacy
      .prepare(
        `INSERT INTO examples (run_id, position, source_index, original_label, training_label, corrupt)
         VALUES (1, 0, 10, 3, 3, 1), (1, 1, 11, 4, 7, 1), (1, 2, 12, 5, 5, 0)`,
      )
      .run();
    legacy.close();
    const store = openProject(path);
    const [run] = store.runs.list();
    expect(run).toMatchObject({ metricsVersion: 1, trainCount: null, testCount: null });
    expect(store.artifacts.examples(run.id).map((e) => [e.selected, e.corrupt])).toEqual([
      [true, true],
      [true, true],
      [false, false],
    ]);
    // q counts changed labels only: example 0 was selected (v1 "corrupt") but kept its label.
    expect(store.artifacts.labelChangeFraction(run.id)).toBeCloseTo(1 / 3, 12);
    const fresh = store.runs.create({
      name: 'new',
      tags: [],
      notes: '',
      groupId: null,
      config: {},
      seed: 1,
      appVersion: '1',
    });
    expect(store.runs.require(fresh).metricsVersion).toBe(METRICS_DEFINITION_VERSION);
    store.close();
  });

  // v8: from v7, runs gain a parent link that deleting the parent clears.
  it('adds the parent-run link to a v7 file; deleting the parent clears it', () => {
    const path = tempProjectPath();
    writeOldProject(path, 7, 'delete').close();
    const store = openProject(path);
    const [legacy] = store.runs.list();
    expect(legacy.parentRunId).toBeNull();
    const child = store.runs.create({
      name: 'fine-tuned',
      tags: [],
      notes: '',
      groupId: null,
      config: { init: { fromRun: legacy.id } },
      seed: 1,
      appVersion: '1',
      parentRunId: legacy.id,
    });
    expect(store.runs.require(child).parentRunId).toBe(legacy.id);
    store.runs.delete(legacy.id);
    expect(store.runs.require(child).parentRunId).toBeNull();
    store.close();
  });

  // v9: from v8, runs gain the easy/hard reference link, filled from their configs where the
  // referenced run is still there; deleting the reference clears it.
  it('adds the learned-subset reference link to a v8 file, filled from the configs', () => {
    const path = tempProjectPath();
    const db = writeOldProject(path, 8, 'delete');
    const insert = db.prepare(
      `INSERT INTO runs (name, config, seed, status, app_version, created_at)
       VALUES (?, ?, 1, 'completed', '0.0.1', '2026-01-01')`,
    );
    const learnedFrom = (referenceRun: number) =>
      JSON.stringify({ dataset: { learnedSubset: { referenceRun, part: 'hard' } } });
    const easy = Number(insert.run('easy of 1', learnedFrom(1)).lastInsertRowid);
    const orphan = Number(insert.run('easy of 40', learnedFrom(40)).lastInsertRowid);
    const plain = Number(insert.run('plain', '{"seed":1}').lastInsertRowid);
    db.close();
    const store = openProject(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(9);
    expect(store.runs.require(easy).learnedReferenceRunId).toBe(1);
    expect(store.runs.require(orphan).learnedReferenceRunId).toBeNull();
    expect(store.runs.require(plain).learnedReferenceRunId).toBeNull();
    // …and the table of class-pair cross-coherences (empty for every older run).
    expect(store.classCross.read(easy)).toEqual([]);
    store.runs.delete(1);
    expect(store.runs.require(easy).learnedReferenceRunId).toBeNull();
    store.close();
  });

  it('adds the sweep tables to a v5 file: its runs stay, untagged, and can join a sweep', () => {
    const path = tempProjectPath();
    writeOldProject(path, 5, 'delete').close();
    const store = openProject(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(9);
    const [run] = store.runs.list();
    expect(run).toMatchObject({ name: 'legacy run', metricsVersion: 1 });
    expect(store.sweeps.list()).toEqual([]);
    expect(store.sweeps.linkOf(run.id)).toBeNull();
    store.sweeps.create({ id: 'noise-abc123', name: 'noise', definition: { seeds: 1 } });
    store.sweeps.link({
      runId: run.id,
      sweepId: 'noise-abc123',
      taskIndex: 0,
      cellIndex: 0,
      cellKey: { labelNoise: 0 },
      seed: 1,
    });
    expect(store.sweeps.linkOf(run.id)).toMatchObject({ sweepId: 'noise-abc123', seed: 1 });
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });

  it('backs up committed WAL content too (VACUUM INTO when the WAL is not checkpointed)', () => {
    const path = tempProjectPath();
    const legacy = writeOldProject(path, 2, 'wal');
    legacy.pragma('wal_autocheckpoint = 0');
    legacy.prepare("UPDATE projects SET name = 'only in the WAL'").run();
    expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(0);
    const store = openProject(path);
    store.close();
    legacy.close();
    const backup = new Database(`${path}.v2.bak`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(2);
    expect(backup.prepare('SELECT name FROM projects').pluck().get()).toBe('only in the WAL');
    backup.close();
  });

  it('a failing migration leaves the file at its last complete version, with the backup kept', () => {
    const path = tempProjectPath();
    openTempStore(path).close();
    const failing = [
      ...MIGRATIONS,
      (db: Database.Database): void => {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('migration bug');
      },
    ];
    expect(() => openProject(path, { migrations: failing })).toThrow(/migration bug/);
    expect(existsSync(`${path}.v${SCHEMA_VERSION}.bak`)).toBe(true);
    const store = openProject(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(
      store.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'half_done'").get(),
    ).toBeUndefined();
    store.close();
    // The next upgrade attempt keeps the first backup and writes a second one beside it.
    const adding = [
      ...MIGRATIONS,
      (db: Database.Database): void => {
        db.exec('CREATE TABLE extra (x)');
      },
    ];
    openProject(path, { migrations: adding }).close();
    expect(existsSync(`${path}.v${SCHEMA_VERSION}.2.bak`)).toBe(true);
  });

  it('opens read-only: reads work, writes are refused with the file named', () => {
    const path = tempProjectPath();
    const writer = openTempStore(path);
    const runId = createTestRun(writer, 'visible');
    writer.close();
    const reader = openProject(path, { readonly: true });
    expect(reader.readonly).toBe(true);
    expect(reader.runs.require(runId).name).toBe('visible');
    const error = thrown(() => createTestRun(reader));
    expect(error.code).toBe('readonly');
    expect(error.message).toContain(path);
    reader.close();
  });

  it('refuses to open an older schema read-only (it would need a migration)', () => {
    const path = tempProjectPath();
    writeOldProject(path, 1, 'delete').close();
    const before = readFileSync(path);
    expect(thrown(() => openProject(path, { readonly: true })).code).toBe('readonly');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('two connections on one file: the second sees committed writes, a held lock times out', () => {
    const path = tempProjectPath();
    const writer = openTempStore(path);
    const other = ProjectStore.open(path, { busyTimeoutMs: 50 });
    const runId = createTestRun(writer);
    writer.series.append(runId, { points: [point(0, 1), point(1, 2)] });
    expect(other.series.allPoints(runId)).toHaveLength(2);
    writer.db.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const error = thrown(() => other.series.append(runId, { points: [point(2, 3)] }));
    expect(error.code).toBe('locked');
    expect(error.message).toContain(path);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40); // it waited before giving up
    writer.db.exec('ROLLBACK');
    other.series.append(runId, { points: [point(2, 3)] });
    expect(writer.series.allPoints(runId)).toHaveLength(3);
    writer.close();
    other.close();
  });
});
