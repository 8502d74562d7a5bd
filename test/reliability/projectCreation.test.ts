import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { runCli, tempLab } from '../cli/cliHarness';
import { syntheticBundle } from './bundleFixture';
import { FailFastLauncher, useLabHome } from './reliabilityHarness';

const lab = tempLab();
let api: LabApi;

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
});
afterAll(async () => {
  await api.close();
});

async function apiError(work: () => Promise<unknown>): Promise<ApiError | Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('read commands never create a project', () => {
  it('list/show/datasets list on a missing --db say so and create no folder or file', () => {
    const missingDir = join(lab.dir, 'nonexistent', 'dir');
    const db = join(missingDir, 'p.clab');
    for (const args of [['list'], ['show', '1'], ['datasets', 'list'], ['list', '--json']]) {
      const result = runCli([...args, '--db', db], lab.env);
      expect(result.status, args.join(' ')).toBe(1);
      expect(`${result.stderr}${result.stdout}`, args.join(' ')).toMatch(/no project at .*p\.clab/);
      expect(existsSync(join(lab.dir, 'nonexistent'))).toBe(false);
    }
  });

  it('list without --db on a fresh machine does not create the default project or its folder', () => {
    const home = join(lab.dir, 'fresh-home');
    const result = runCli(['list'], { ...lab.env, COHERENCE_LAB_HOME: home });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no project at .*default\.clab.*(run|demo|import)/);
    expect(existsSync(home)).toBe(false);
  });

  it('commands that create (import) make a missing project, folders included', () => {
    const bundle = join(lab.dir, 'bundle.json');
    writeFileSync(bundle, JSON.stringify(syntheticBundle(5)));
    const db = join(lab.dir, 'made', 'by', 'import.clab');
    const result = runCli(['import', bundle, '--db', db], lab.env);
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(db).size).toBeGreaterThan(0);
    expect(runCli(['list', '--db', db, '--json'], lab.env).status).toBe(0);
  });

  it('import refuses to turn an existing non-empty non-project file into a project', () => {
    const notes = join(lab.dir, 'notes.clab');
    writeFileSync(notes, 'my notes, not a project');
    const bundle = join(lab.dir, 'bundle.json');
    const result = runCli(['import', bundle, '--db', notes], lab.env);
    expect(result.status).toBe(1);
    expect(readFileSync(notes, 'utf8')).toBe('my notes, not a project');
  });
});

describe('project.open creates only when asked', () => {
  it('refuses an existing empty file without create, leaving it empty', async () => {
    const empty = join(lab.dir, 'empty.clab');
    writeFileSync(empty, '');
    const error = await apiError(() => api.call('project.open', { path: empty }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/empty.*not a Coherence Lab project.*create/);
    expect(statSync(empty).size).toBe(0);
    expect(existsSync(`${empty}-wal`)).toBe(false);
    // Asked explicitly (New project), an empty file may become one: nothing in it is lost.
    const info = (await api.call('project.open', { path: empty, create: true })) as {
      path: string;
    };
    expect(info.path).toBe(empty);
    expect(statSync(empty).size).toBeGreaterThan(0);
    await api.call('project.open', { path: lab.db });
  });

  it('refuses an empty SQLite database (no project schema) without create, unchanged', async () => {
    const path = join(lab.dir, 'blank.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 0');
    db.exec('VACUUM');
    db.close();
    const before = readFileSync(path);
    const error = await apiError(() => api.call('project.open', { path }));
    expect(error.message).toMatch(/not a Coherence Lab project/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('createLabApi with create: false fails cleanly on a missing file (the desktop falls back)', async () => {
    const missing = join(lab.dir, 'deleted', 'last.clab');
    const error = await apiError(() =>
      createLabApi({ projectPath: missing, create: false, launcher: new FailFastLauncher() }),
    );
    expect(error.message).toMatch(/does not exist/);
    expect(existsSync(join(lab.dir, 'deleted'))).toBe(false);
  });
});
