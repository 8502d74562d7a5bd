import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import type { ApiEvents, RunSummary } from '../../src-main/api/contract';
import { TINY_CONFIG, tempLab } from '../cli/cliHarness';

const CONFIG = { ...TINY_CONFIG, steps: 120, checkpointEvery: 20, schedule: { every: 40 } };

function waitForStatus(api: LabApi, runId: number, statuses: readonly string[]): Promise<string> {
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

function pointsIn(dbPath: string): Array<{ key_id: number; step: number; value: number }> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT key_id, step, value FROM metric_points ORDER BY key_id, step')
      .all() as Array<{ key_id: number; step: number; value: number }>;
  } finally {
    db.close();
  }
}

async function trainUninterrupted(
  dbPath: string,
  cacheDir: string,
  config: Record<string, unknown>,
): Promise<RunSummary> {
  const api = await createLabApi({ projectPath: dbPath, cacheDir });
  const done = waitForStatus(api, 1, ['completed', 'failed']);
  await api.call('runs.create', { config, name: 'reference' });
  expect(await done).toBe('completed');
  const [summary] = (await api.call('runs.summary', { runIds: [1] })) as RunSummary[];
  await api.close();
  return summary;
}

/** Learn times per example position, as stored. */
function learnTimesIn(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    return JSON.stringify(
      db
        .prepare(
          'SELECT position, first_learned_step, learned_since_step FROM examples ORDER BY position',
        )
        .all(),
    );
  } finally {
    db.close();
  }
}

const CASES = [
  { name: 'plain SGD', config: CONFIG },
  // RM3 keeps a ring buffer of gradients and noisy runs track learn times: both must survive
  // the checkpoint round trip through the store for the resumed run to stay exact.
  {
    name: 'RM3 with 50 % label noise',
    config: { ...CONFIG, labelNoise: 0.5, aggregator: { kind: 'rm3' } },
  },
];

describe.each(CASES)('a trainer killed with SIGKILL ($name)', ({ config: CONFIG }) => {
  it('leaves an intact project, keeps every committed point, and resumes to the uninterrupted result', async () => {
    const lab = tempLab();
    const cacheDir = join(lab.dir, 'cache');
    const api = await createLabApi({ projectPath: lab.db, cacheDir });
    let snapshot: Array<{ key_id: number; step: number; value: number }> = [];
    const killed = new Promise<void>((resolve) => {
      const unsubscribe = api.subscribe((event, payload) => {
        const p = payload as ApiEvents['run.data'];
        if (event === 'run.data' && p.step >= 50) {
          unsubscribe();
          const db = new Database(lab.db, { readonly: true });
          const { pid } = db.prepare('SELECT pid FROM runs WHERE id = 1').get() as { pid: number };
          db.close();
          snapshot = pointsIn(lab.db);
          process.kill(pid, 'SIGKILL');
          resolve();
        }
      });
    });
    const interrupted = waitForStatus(api, 1, ['interrupted', 'completed', 'failed']);
    await api.call('runs.create', { config: CONFIG, name: 'killed' });
    await killed;
    expect(await interrupted).toBe('interrupted');

    const db = new Database(lab.db, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const after = pointsIn(lab.db);
    const present = new Set(after.map((p) => `${p.key_id}/${p.step}/${p.value}`));
    expect(snapshot.length).toBeGreaterThan(0);
    for (const p of snapshot) expect(present.has(`${p.key_id}/${p.step}/${p.value}`)).toBe(true);

    const resumed = waitForStatus(api, 1, ['completed', 'failed', 'interrupted']);
    await api.call('runs.resume', { runId: 1 });
    expect(await resumed).toBe('completed');
    const [summary] = (await api.call('runs.summary', { runIds: [1] })) as RunSummary[];
    await api.close();

    const referencePath = join(lab.dir, 'reference.clab');
    const reference = await trainUninterrupted(referencePath, cacheDir, CONFIG);
    expect(summary.final).toEqual(reference.final);
    expect(learnTimesIn(lab.db)).toEqual(learnTimesIn(referencePath));
    expect(summary.coherence.map(({ step, probe, value }) => ({ step, probe, value }))).toEqual(
      reference.coherence.map(({ step, probe, value }) => ({ step, probe, value })),
    );
  });
});
