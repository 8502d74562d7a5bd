import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src-main/store/projectStore';
import { runCli, tempLab } from '../cli/cliHarness';

const lab = tempLab();

/** A WAL-mode SQLite database, closed cleanly (so no -wal/-shm beside it), with `setup` applied. */
function walDatabase(name: string, setup: (db: Database.Database) => void): string {
  const path = join(lab.dir, name);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  setup(db);
  db.close();
  expect(existsSync(`${path}-wal`) || existsSync(`${path}-shm`)).toBe(false);
  return path;
}

const sideFiles = (path: string): string[] =>
  [`${path}-wal`, `${path}-shm`, `${path}-journal`].filter((p) => existsSync(p));

describe('refusing a WAL-mode SQLite file leaves nothing beside it', () => {
  it('someone else’s database (tables, no project schema): refused by the store and the CLI', () => {
    const path = walDatabase('other-app.sqlite', (db) => {
      db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')");
    });
    const before = readFileSync(path);
    expect(() => ProjectStore.open(path, { create: true })).toThrow(/not a Coherence Lab project/);
    expect(sideFiles(path)).toEqual([]);
    const cli = runCli(['list', '--db', path], lab.env);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/not a Coherence Lab project/);
    expect(sideFiles(path)).toEqual([]);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a database from a newer schema: refused without side files', () => {
    const path = walDatabase('newer.clab', (db) => {
      db.exec('CREATE TABLE projects (id INTEGER PRIMARY KEY)');
      db.pragma('user_version = 99');
    });
    expect(() => ProjectStore.open(path)).toThrow(/newer Coherence Lab/);
    expect(sideFiles(path)).toEqual([]);
  });

  it('an empty WAL-mode database opened without create: refused without side files', () => {
    const path = walDatabase('empty-wal.sqlite', () => undefined);
    expect(() => ProjectStore.open(path)).toThrow(/empty, not a Coherence Lab project/);
    expect(sideFiles(path)).toEqual([]);
  });

  it('a real WAL-mode project still opens (and its side files are its own)', () => {
    const path = join(lab.dir, 'real.clab');
    ProjectStore.open(path, { create: true, appVersion: 'test' }).close();
    const store = ProjectStore.open(path);
    expect(store.runs.count()).toBe(0);
    store.close();
  });
});
