import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ApiEvents, RunStatus } from '../../src-main/api/contract';
import type { LabApi } from '../../src-main/api/labApi';
import type { TrainerHandle, TrainerLauncher } from '../../src-main/runs/trainerLauncher';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from '../cli/cliHarness';

/** One stored value, keyed so two snapshots can be compared as sets. */
export type PointKey = string;

/** Open the project read-only for a moment (never writes, never migrates). */
export function withReadonlyDb<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return work(db);
  } finally {
    db.close();
  }
}

export function integrityOf(path: string): string {
  return withReadonlyDb(path, (db) => String(db.pragma('integrity_check', { simple: true })));
}

/** Every metric point and coherence measurement of a run, as `kind/key/step/value` strings. */
export function storedPoints(path: string, runId: number): PointKey[] {
  return withReadonlyDb(path, (db) => {
    const metrics = db
      .prepare(
        `SELECT k.series || '/' || k.subset AS key, p.step AS step, p.value AS value
           FROM metric_points p JOIN series_keys k ON k.id = p.key_id
          WHERE p.run_id = ? ORDER BY key, step`,
      )
      .all(runId) as Array<{ key: string; step: number; value: number }>;
    const coherence = db
      .prepare(
        'SELECT probe, step, value FROM coherence_measurements WHERE run_id = ? ORDER BY probe, step',
      )
      .all(runId) as Array<{ probe: string; step: number; value: number }>;
    return [
      ...metrics.map((p) => `metric/${p.key}/${p.step}/${p.value}`),
      ...coherence.map((c) => `coherence/${c.probe}/${c.step}/${c.value}`),
    ];
  });
}

/** Points whose values do not depend on the wall clock (everything but timing series). */
export function deterministicPoints(points: readonly PointKey[]): PointKey[] {
  return points.filter((p) => !/^metric\/(wallMs|time|rate)/.test(p));
}

export function runRow(
  path: string,
  runId: number,
): { status: RunStatus; pid: number | null; error: string | null } | undefined {
  return withReadonlyDb(
    path,
    (db) =>
      db.prepare('SELECT status, pid, error FROM runs WHERE id = ?').get(runId) as
        { status: RunStatus; pid: number | null; error: string | null } | undefined,
  );
}

export function countRows(path: string, table: string): number {
  return withReadonlyDb(
    path,
    (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
  );
}

/**
 * True while `pid` is a live process. A killed child re-parented to a non-reaping init stays a
 * zombie (kill(pid, 0) still succeeds), so /proc's state letter decides where it exists.
 */
export function processAlive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      const text = readFileSync(stat, 'utf8');
      const state = text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 25,
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with the first status of `runId` among `statuses` announced by the API. */
export function waitForStatus(
  api: LabApi,
  runId: number,
  statuses: readonly RunStatus[],
): Promise<RunStatus> {
  return new Promise((resolve) => {
    const unsubscribe = api.subscribe((event, payload) => {
      const p = payload as ApiEvents['run.status'];
      if (event === 'run.status' && p.runId === runId && statuses.includes(p.status)) {
        unsubscribe();
        resolve(p.status);
      }
    });
  });
}

/**
 * A launcher whose "trainer" exits at once without a record: the real handler table and run
 * manager run, but nothing trains (fuzzing must not start hundreds of real trainings). Runs it
 * starts end `interrupted`, the honest status of a trainer that vanished.
 */
export class FailFastLauncher implements TrainerLauncher {
  launched = 0;

  launch(): TrainerHandle {
    this.launched++;
    let exitListener: ((code: number | null, signal: string | null) => void) | null = null;
    setImmediate(() => exitListener?.(1, null));
    return {
      pid: undefined,
      send: () => undefined,
      onMessage: () => undefined,
      onExit: (listener) => {
        exitListener = listener;
      },
      kill: () => undefined,
    };
  }
}

/**
 * Another process holding the project's write lock (`BEGIN IMMEDIATE`) for `holdMs`, then
 * committing. Resolves once the lock is held.
 */
export async function holdWriteLock(
  path: string,
  holdMs: number,
): Promise<{ child: ChildProcess; released: Promise<number | null> }> {
  const script = `
    const Database = require(${JSON.stringify(`${repoRoot}/node_modules/better-sqlite3`)});
    const db = new Database(${JSON.stringify(path)}, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, ${holdMs});
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { child, released };
}

/**
 * Point COHERENCE_LAB_HOME (recent projects, settings) at `dir` for this test file, restoring
 * the previous value afterwards, so tests never touch the user's own lab home. Call it before
 * the file's own beforeAll: hooks run in the order they are registered.
 */
export function useLabHome(dir: string): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.COHERENCE_LAB_HOME;
    process.env.COHERENCE_LAB_HOME = dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.COHERENCE_LAB_HOME;
    else process.env.COHERENCE_LAB_HOME = saved;
  });
}
