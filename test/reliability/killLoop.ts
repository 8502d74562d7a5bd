import { join } from 'node:path';
import type { ApiEvents, RunStatus, RunSummary } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { SeededRandom } from '../../src-main/engine/rng';
import { TINY_CONFIG } from '../cli/cliHarness';
import {
  deterministicPoints,
  integrityOf,
  runRow,
  storedPoints,
  waitForStatus,
} from './reliabilityHarness';

/** A CI-sized run with frequent checkpoints, so kills land between, on and after them. */
export const KILL_LOOP_CONFIG = {
  ...TINY_CONFIG,
  steps: 100,
  checkpointEvery: 10,
  schedule: { every: 25 },
};

export interface KillLoopOptions {
  /** Project folder (the project file, the reference project and the dataset cache go here). */
  readonly dir: string;
  readonly kills: number;
  readonly seed?: number;
  readonly config?: Record<string, unknown>;
}

export interface KillLoopResult {
  /** Kills after which every check held and the run resumed. */
  readonly killsSurvived: number;
  /** One line per violated guarantee (empty when all held). */
  readonly failures: string[];
  readonly finalStatus: RunStatus;
  /** The resumed run's stored points equal an uninterrupted run's, value for value. */
  readonly matchesReference: boolean;
  readonly summary: RunSummary | null;
  readonly reference: RunSummary | null;
  readonly pointCount: number;
}

interface KillPlan {
  /** Kill when stored data reaches this step… */
  readonly step: number;
  /** …or this long after the trainer started, if earlier (start-up, between records). */
  readonly delayMs: number | null;
}

/**
 * Kill points spread over the first 60 % of the run: mostly by step (sorted), some by time
 * after start. The trainer runs ahead of the records the parent has processed, so a kill
 * planned near the end could land after the trainer already finished; the remaining 40 % of
 * the steps keep every planned kill inside a live training process.
 */
export function planKills(kills: number, totalSteps: number, seed: number): KillPlan[] {
  const random = new SeededRandom(seed);
  const lastKillStep = Math.max(2, Math.floor(totalSteps * 0.6));
  const steps = Array.from({ length: kills }, () => 1 + random.int(lastKillStep - 1)).sort(
    (a, b) => a - b,
  );
  return steps.map((step) => ({
    step,
    delayMs: random.next() < 0.2 ? Math.floor(random.next() * 1500) : null,
  }));
}

/** Resolves once the trainer of `runId` has been SIGKILLed at the planned point. */
function killAt(
  api: LabApi,
  dbPath: string,
  runId: number,
  plan: KillPlan,
  totalSteps: number,
): Promise<string[]> {
  return new Promise((resolve) => {
    let done = false;
    let timer: NodeJS.Timeout | null = null;
    const kill = (): void => {
      if (done) return;
      const row = runRow(dbPath, runId);
      if (!row || row.status !== 'running' || row.pid === null) return;
      done = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      // What was committed before the kill: it must all still be there afterwards.
      const snapshot = storedPoints(dbPath, runId);
      process.kill(row.pid, 'SIGKILL');
      resolve(snapshot);
    };
    const unsubscribe = api.subscribe((event, payload) => {
      if (event === 'run.status') {
        const p = payload as ApiEvents['run.status'];
        if (p.runId !== runId) return;
        if (p.status === 'running' && plan.delayMs !== null) {
          timer = setTimeout(kill, plan.delayMs);
        } else if (p.status !== 'running' && p.status !== 'queued' && !done) {
          // The run ended before the planned point (e.g. the plan was past the end).
          done = true;
          unsubscribe();
          resolve([]);
        }
      } else if (event === 'run.data') {
        // A timed kill still happens no later than its step, so it never misses the run.
        const p = payload as ApiEvents['run.data'];
        // The end record carries the last step: a kill there would race the completion.
        if (p.runId === runId && p.step >= plan.step && p.step < totalSteps) kill();
      }
    });
  });
}

async function summaryOf(api: LabApi, runId: number): Promise<RunSummary> {
  const [summary] = (await api.call('runs.summary', { runIds: [runId] })) as RunSummary[];
  return summary;
}

/**
 * Train one run, SIGKILLing its trainer `kills` times at seeded random points. After each
 * kill: integrity_check is ok, every point committed before the kill is present, the run is
 * `interrupted`; then `runs.resume` continues it. At the end the run must complete with the
 * same stored values as an uninterrupted run of the same config.
 */
export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopResult> {
  const config = options.config ?? KILL_LOOP_CONFIG;
  const dbPath = join(options.dir, 'killed.clab');
  const cacheDir = join(options.dir, 'cache');
  const failures: string[] = [];
  let killsSurvived = 0;
  const api = await createLabApi({ projectPath: dbPath, cacheDir });
  let finalStatus: RunStatus = 'queued';
  let summary: RunSummary | null = null;
  let points: string[] = [];
  try {
    const plans = planKills(options.kills, Number(config.steps), options.seed ?? 1);
    const runId = 1;
    for (const [i, plan] of plans.entries()) {
      const ended = waitForStatus(api, runId, ['interrupted', 'completed', 'failed', 'cancelled']);
      const killed = killAt(api, dbPath, runId, plan, Number(config.steps));
      if (i === 0) await api.call('runs.create', { config, name: 'killed' });
      else await api.call('runs.resume', { runId });
      const snapshot = await killed;
      const status = await ended;
      const problems: string[] = [];
      if (status !== 'interrupted') problems.push(`status ${status}, expected interrupted`);
      const integrity = integrityOf(dbPath);
      if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
      const present = new Set(storedPoints(dbPath, runId));
      const lost = snapshot.filter((p) => !present.has(p));
      if (lost.length > 0) problems.push(`${lost.length} committed points lost, e.g. ${lost[0]}`);
      const row = runRow(dbPath, runId);
      if (row?.status !== 'interrupted') problems.push(`stored status ${row?.status}`);
      if (problems.length === 0) killsSurvived++;
      else failures.push(`kill ${i + 1} (plan ${JSON.stringify(plan)}): ${problems.join('; ')}`);
      if (status === 'completed') break;
    }
    if (runRow(dbPath, runId)?.status !== 'completed') {
      const completed = waitForStatus(api, runId, ['completed', 'failed', 'interrupted']);
      await api.call('runs.resume', { runId });
      finalStatus = await completed;
    } else {
      finalStatus = 'completed';
    }
    summary = await summaryOf(api, runId);
    points = deterministicPoints(storedPoints(dbPath, runId));
  } finally {
    await api.close();
  }
  const referencePath = join(options.dir, 'reference.clab');
  const referenceApi = await createLabApi({ projectPath: referencePath, cacheDir });
  let reference: RunSummary | null = null;
  let referencePoints: string[] = [];
  try {
    const done = waitForStatus(referenceApi, 1, ['completed', 'failed', 'interrupted']);
    await referenceApi.call('runs.create', { config, name: 'reference' });
    if ((await done) !== 'completed') failures.push('the reference run did not complete');
    reference = await summaryOf(referenceApi, 1);
    referencePoints = deterministicPoints(storedPoints(referencePath, 1));
  } finally {
    await referenceApi.close();
  }
  const matchesReference =
    finalStatus === 'completed' &&
    points.length > 0 &&
    JSON.stringify(points) === JSON.stringify(referencePoints);
  if (!matchesReference) {
    const missing = referencePoints.filter((p) => !points.includes(p)).slice(0, 3);
    failures.push(
      `final run (${finalStatus}, ${points.length} points) differs from the uninterrupted run (${referencePoints.length} points), e.g. ${missing.join(', ')}`,
    );
  }
  return {
    killsSurvived,
    failures,
    finalStatus,
    matchesReference,
    summary,
    reference,
    pointCount: points.length,
  };
}
