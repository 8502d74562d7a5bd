import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import type { MetricPoint } from '../../src-main/engine/records/engineRecords';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { ForkTrainerLauncher } from '../../src-main/runs/forkTrainerLauncher';
import { RunManager } from '../../src-main/runs/runManager';
import { StoreRunRecorder } from '../../src-main/runs/storeRunRecorder';
import { openProjectDatabase } from '../../src-main/store/openProjectDatabase';
import { ProjectStore } from '../../src-main/store/projectStore';
import { RunRepository } from '../../src-main/store/runRepository';
import { ProjectStoreError } from '../../src-main/store/storeErrors';
import { TINY_CONFIG, startCli, tempLab, writeConfig } from '../cli/cliHarness';
import { syntheticBundle } from './bundleFixture';
import {
  FailFastLauncher,
  countRows,
  deterministicPoints,
  holdWriteLock,
  integrityOf,
  processAlive,
  runRow,
  storedPoints,
  useLabHome,
  waitUntil,
} from './reliabilityHarness';

const home = mkdtempSync(join(tmpdir(), 'clab-faults-home-'));
useLabHome(home);

async function apiWithOneRun(path: string): Promise<LabApi> {
  const api = await createLabApi({ projectPath: path, launcher: new FailFastLauncher() });
  await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(20, 'before')) });
  return api;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** A small tmpfs we can fill or make read-only; null where mounting is not allowed (non-root CI). */
function mountTmpfs(sizeKb: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'clab-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

const canMount = ((): boolean => {
  const dir = mountTmpfs(64);
  if (!dir) return false;
  unmount(dir);
  return true;
})();

describe('a locked database (another process holds the write lock)', () => {
  it('waits for a lock held about a second, then writes', async () => {
    const lab = tempLab();
    const api = await apiWithOneRun(lab.db);
    const { released } = await holdWriteLock(lab.db, 1000);
    const started = Date.now();
    await api.call('runs.update', { runId: 1, name: 'renamed while locked' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(600);
    expect(waited).toBeLessThan(5000);
    expect(await released).toBe(0);
    expect(((await api.call('runs.get', { runId: 1 })) as { name: string }).name).toBe(
      'renamed while locked',
    );
    await api.close();
    expect(integrityOf(lab.db)).toBe('ok');
  });

  it('gives a clear "locked" error after the busy timeout, writes nothing, and works once released', async () => {
    const lab = tempLab();
    const api = await apiWithOneRun(lab.db);
    const { released } = await holdWriteLock(lab.db, 7000);
    const started = Date.now();
    const error = await rejection(api.call('runs.update', { runId: 1, name: 'never saved' }));
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(4500);
    expect(error.body.code).toBe('failed');
    expect(error.body.message).toMatch(
      /is locked by another process .*nothing of this write was saved/,
    );
    await released;
    expect(((await api.call('runs.get', { runId: 1 })) as { name: string }).name).toBe('before');
    await api.call('runs.update', { runId: 1, name: 'after release' });
    await api.close();
    expect(integrityOf(lab.db)).toBe('ok');
  }, 30_000);
});

describe('a full disk', () => {
  it('refuses a write that does not fit with a clear error and keeps nothing of it (max_page_count)', () => {
    const lab = tempLab();
    const store = ProjectStore.open(lab.db, { create: true, appVersion: 'test' });
    const runId = store.runs.create({
      name: 'r',
      tags: [],
      notes: '',
      groupId: null,
      config: TINY_CONFIG,
      seed: 3,
      appVersion: 'test',
    });
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    const points = syntheticBundle(5000).runs[0].metrics as readonly MetricPoint[];
    let error: unknown = null;
    try {
      store.series.append(runId, { points });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProjectStoreError);
    expect((error as ProjectStoreError).code).toBe('disk-full');
    expect((error as Error).message).toMatch(/the disk is full; nothing of this write was saved/);
    expect(store.series.allPoints(runId)).toEqual([]);
    store.close();
    expect(integrityOf(lab.db)).toBe('ok');
    expect(countRows(lab.db, 'metric_points')).toBe(0);
  });

  it('stops a training run whose records no longer fit: failed with the reason, trainer killed, earlier points intact', async () => {
    const lab = tempLab();
    const store = ProjectStore.open(lab.db, { create: true, appVersion: 'test' });
    const runs = new RunManager({
      recorder: new StoreRunRecorder(store),
      launcher: new ForkTrainerLauncher(),
      cacheDir: join(lab.dir, 'cache'),
      projectPath: lab.db,
    });
    const runId = store.runs.create({
      name: 'filling',
      tags: [],
      notes: '',
      groupId: null,
      config: { ...TINY_CONFIG, steps: 300 },
      seed: 3,
      appVersion: 'test',
    });
    let before: string[] = [];
    let pid = 0;
    const limited = new Promise<void>((resolve) => {
      const unsubscribe = runs.subscribe((event) => {
        if (event.type === 'data' && event.step >= 10) {
          unsubscribe();
          before = storedPoints(lab.db, runId);
          pid = store.runs.require(runId).pid ?? 0;
          const pages = store.db.pragma('page_count', { simple: true }) as number;
          store.db.pragma(`max_page_count = ${pages}`);
          resolve();
        }
      });
    });
    runs.enqueue(runId);
    await limited;
    await runs.whenIdle();
    const row = store.runs.require(runId);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/could not save the run: .*the disk is full/);
    await waitUntil(() => !processAlive(pid), 5000, 'the trainer to be killed');
    await runs.shutdown();
    store.close();
    expect(integrityOf(lab.db)).toBe('ok');
    const present = new Set(storedPoints(lab.db, runId));
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((p) => !present.has(p))).toEqual([]);
  }, 120_000);

  it.skipIf(!canMount)(
    'a real ENOSPC (small tmpfs): an import that does not fit is refused whole, the file stays intact',
    async () => {
      const dir = mountTmpfs(1024) as string;
      try {
        const db = join(dir, 'full.clab');
        const api = await apiWithOneRun(db);
        // Leave a sliver of free space (~100 KiB, whatever the project already uses), then
        // import far more than fits.
        const { bavail, bsize } = statfsSync(dir);
        writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 100 * 1024)));
        const error = await rejection(
          api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(20_000, 'huge')) }),
        );
        expect(error.body.code).toBe('failed');
        expect(error.body.message).toMatch(/disk is full|database or disk is full/);
        expect(((await api.call('runs.list', {})) as unknown[]).length).toBe(1);
        unlinkSync(join(dir, 'filler'));
        await api.call('runs.update', { runId: 1, name: 'space again' });
        await api.close();
        expect(integrityOf(db)).toBe('ok');
        expect(countRows(db, 'runs')).toBe(1);
      } finally {
        unmount(dir);
      }
    },
  );
});

describe('a read-only project', () => {
  it('a read-only connection refuses writes with a clear "readonly" error', () => {
    const lab = tempLab();
    ProjectStore.open(lab.db, { create: true, appVersion: 'test' }).close();
    const db = openProjectDatabase(lab.db, { readonly: true });
    const runs = new RunRepository(db);
    let error: unknown = null;
    try {
      runs.create({
        name: 'x',
        tags: [],
        notes: '',
        groupId: null,
        config: {},
        seed: 1,
        appVersion: 'test',
      });
    } catch (caught) {
      error = caught;
    }
    db.close();
    expect((error as ProjectStoreError).code).toBe('readonly');
    expect((error as Error).message).toMatch(/cannot be written/);
    expect(integrityOf(lab.db)).toBe('ok');
  });

  it.skipIf(!canMount)(
    'a project on a read-only file system is refused at open with the reason, not "missing"',
    async () => {
      const dir = mountTmpfs(4096) as string;
      try {
        const db = join(dir, 'ro.clab');
        const api = await apiWithOneRun(db);
        await api.close();
        execFileSync('mount', ['-o', 'remount,ro', dir]);
        let error: unknown = null;
        try {
          await createLabApi({ projectPath: db, launcher: new FailFastLauncher() });
        } catch (caught) {
          error = caught;
        }
        expect((error as ProjectStoreError).code).toBe('readonly');
        expect((error as Error).message).toMatch(/read-only file system/);
        // A WAL file cannot even be read there without its -shm: check it once writable again.
        execFileSync('mount', ['-o', 'remount,rw', dir]);
        expect(integrityOf(db)).toBe('ok');
        expect(countRows(db, 'runs')).toBe(1);
      } finally {
        unmount(dir);
      }
    },
  );
});

describe('the project file deleted while open', () => {
  it('keeps reading from the open file but refuses every write with a clear error', async () => {
    const lab = tempLab();
    const api = await apiWithOneRun(lab.db);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${lab.db}${suffix}`, { force: true });
    // Reads are served from the still-open file.
    expect(((await api.call('runs.list', {})) as unknown[]).length).toBe(1);
    const error = await rejection(api.call('runs.update', { runId: 1, name: 'lost?' }));
    expect(error.body.message).toMatch(
      /was deleted or replaced while open; nothing of this write was saved/,
    );
    const again = await rejection(
      api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(5, 'second')) }),
    );
    expect(again.body.message).toMatch(/deleted or replaced while open/);
    await api.close();
  });

  it('refuses writes when the file was replaced by another one under the same name', async () => {
    const lab = tempLab();
    const api = await apiWithOneRun(lab.db);
    mkdirSync(join(lab.dir, 'other'));
    const other = join(lab.dir, 'other', 'p.clab');
    ProjectStore.open(other, { create: true, appVersion: 'test' }).close();
    rmSync(lab.db);
    execFileSync('cp', [other, lab.db]);
    const error = await rejection(api.call('runs.update', { runId: 1, name: 'into which file?' }));
    expect(error.body.message).toMatch(/deleted or replaced while open/);
    await api.close();
    expect(integrityOf(lab.db)).toBe('ok');
  });
});

describe('two processes on one project file', () => {
  it('two CLI runs at once both complete with every point stored', async () => {
    const lab = tempLab();
    const config = writeConfig(lab.dir, { ...TINY_CONFIG, steps: 80 });
    const start = (name: string): Promise<{ code: number | null; stdout: string }> => {
      const child = startCli(
        ['run', '--config', config, '--name', name, '--db', lab.db, '--json'],
        lab.env,
      );
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return new Promise((resolve) =>
        child.once('exit', (code) => resolve({ code, stdout: stdout || stderr.slice(-2000) })),
      );
    };
    const [a, b] = await Promise.all([start('a'), start('b')]);
    expect(a.code, a.stdout).toBe(0);
    expect(b.code, b.stdout).toBe(0);
    const summaries = [a, b].map((r) => JSON.parse(r.stdout) as { runId: number; status: string });
    expect(summaries.map((s) => s.status)).toEqual(['completed', 'completed']);
    expect(new Set(summaries.map((s) => s.runId))).toEqual(new Set([1, 2]));
    expect(integrityOf(lab.db)).toBe('ok');
    // Same config and seed: both runs must hold exactly the same values, none missing.
    const one = deterministicPoints(storedPoints(lab.db, 1));
    const two = deterministicPoints(storedPoints(lab.db, 2));
    expect(one.length).toBeGreaterThan(80);
    expect(two).toEqual(one);
    expect(runRow(lab.db, 1)?.status).toBe('completed');
  }, 180_000);
});
