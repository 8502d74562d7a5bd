import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLabApi } from '../../src-main/api/labApi';
import { TINY_CONFIG, runCli, startCli, tempLab, writeConfig } from '../cli/cliHarness';
import { syntheticBundle } from '../reliability/bundleFixture';
import {
  FailFastLauncher,
  processAlive,
  runRow,
  useLabHome,
  waitUntil,
  withReadonlyDb,
} from '../reliability/reliabilityHarness';

const lab = tempLab();
const bystanders: ChildProcess[] = [];

useLabHome(lab.dir);

beforeAll(async () => {
  const api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
  await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(5, 'victim run')) });
  await api.close();
});
afterEach(() => {
  for (const child of bystanders.splice(0)) child.kill('SIGKILL');
});

/** An unrelated real process: what an edited project file may point `pid` at. */
function bystander(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  bystanders.push(child);
  return child.pid as number;
}

/** Edit the project file as an attacker would: run 1 is `running` with someone else's pid. */
function pointRunAt(pid: number, trainerIdentity: string | null = null): void {
  const db = new Database(lab.db);
  const columns = (db.prepare('PRAGMA table_info(runs)').all() as Array<{ name: string }>).map(
    (c) => c.name,
  );
  db.prepare("UPDATE runs SET status = 'running', pid = ?, finished_at = NULL WHERE id = 1").run(
    pid,
  );
  if (columns.includes('trainer_identity')) {
    db.prepare('UPDATE runs SET trainer_identity = ? WHERE id = 1').run(trainerIdentity);
  }
  db.close();
}

/** Field 22 of /proc/<pid>/stat: the start time an attacker can read for any process. */
function startTicks(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('cancel signals only this run’s own trainer', () => {
  it('through the API: an unrelated process named by the file is left alone, the run is marked', async () => {
    const pid = bystander();
    pointRunAt(pid);
    const api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
    try {
      await api.call('runs.cancel', { runId: 1 });
    } finally {
      await api.close();
    }
    await settle(300);
    expect(processAlive(pid)).toBe(true);
    expect(runRow(lab.db, 1)?.status).toBe('cancelled');
  });

  it('through the CLI, also when the file forges the process start time and boot id', async () => {
    const pid = bystander();
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    pointRunAt(pid, JSON.stringify({ bootId, startTicks: startTicks(pid), nonce: 'guessed' }));
    const result = runCli(['cancel', '1', '--db', lab.db], lab.env);
    expect(result.status, result.stderr).toBe(0);
    await settle(300);
    expect(processAlive(pid)).toBe(true);
    expect(runRow(lab.db, 1)?.status).toBe('cancelled');
  });

  it('never treats 0 or a negative pid (process groups, kill(-1) = every process) as a trainer', async () => {
    // Only run with the fix in place: before it, this case sent SIGTERM to pid -1.
    for (const pid of [0, -1]) {
      pointRunAt(pid, null);
      const api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
      try {
        // A non-positive pid is no live trainer: the open already marks the run interrupted.
        expect(runRow(lab.db, 1)?.status).toBe('interrupted');
      } finally {
        await api.close();
      }
    }
  });

  it('marks a run whose recorded trainer pid now belongs to another process as interrupted on open', async () => {
    const pid = bystander();
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const otherStart = String(Number(startTicks(pid)) - 100);
    pointRunAt(pid, JSON.stringify({ bootId, startTicks: otherStart, nonce: 'n' }));
    const api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
    await api.close();
    expect(runRow(lab.db, 1)?.status).toBe('interrupted');
    expect(processAlive(pid)).toBe(true);
  });

  it('still stops a real run trained by another process (cancel from a second CLI)', async () => {
    const config = writeConfig(
      lab.dir,
      { ...TINY_CONFIG, steps: 20_000, schedule: { every: 500 } },
      'long.json',
    );
    const trainer = startCli(['run', '--config', config, '--db', lab.db, '--json'], lab.env);
    const exited = new Promise<number | null>((r) => trainer.once('exit', r));
    const runId = 2;
    // Wait until it really trains (its SIGTERM handler is in place once it stores values).
    await waitUntil(
      () => {
        try {
          return withReadonlyDb(lab.db, (db) => {
            const row = db
              .prepare('SELECT COUNT(*) AS n FROM latest_values WHERE run_id = ?')
              .get(runId) as { n: number };
            return row.n > 0;
          });
        } catch {
          return false;
        }
      },
      240_000,
      'the CLI run to store its first values',
      200,
    );
    const trainerPid = runRow(lab.db, runId)?.pid as number;
    expect(processAlive(trainerPid)).toBe(true);
    const cancel = runCli(['cancel', String(runId), '--db', lab.db], lab.env);
    expect(cancel.status, cancel.stderr).toBe(0);
    expect(await exited).toBe(0);
    expect(runRow(lab.db, runId)?.status).toBe('cancelled');
    await waitUntil(() => !processAlive(trainerPid), 10_000, 'the trainer to exit');
  }, 300_000);
});
