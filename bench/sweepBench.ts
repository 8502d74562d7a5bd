/**
 * Sweeps: 8 tiny runs trained one after another (the local executor at concurrency 1) against
 * the local executor at its default concurrency (one run per core), both through the sweeps API
 * with real trainer processes; and the per-task overhead of the Slurm path on the dev cluster
 * (scripts/slurm-dev-cluster.sh): submit → every task completed → collected into the project,
 * minus the time the runs themselves recorded as training (started → finished), per task. The
 * Slurm tasks run one at a time (maxConcurrent 1) so the training times add up to wall time.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { SweepStatus } from '../src-main/api/contract';
import { createLabApi, type LabApi } from '../src-main/api/labApi';

const RUNS = 8;
const SLURM_TASKS = 4;
const repoRoot = resolve(import.meta.dirname, '..');

/** A tiny MLP on 200 MNIST images for 100 steps, probed every 50: seconds per run. */
const TINY = {
  dataset: { name: 'mnist', trainSize: 200, testSize: 100 },
  model: { kind: 'mlp', hidden: [16] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 20,
  steps: 100,
  seed: 1,
  coherence: { m: 50, chunkSize: 50 },
  schedule: { every: 50 },
  checkpointEvery: 50,
  backend: 'wasm',
};

export interface SweepBenchResult {
  runs: number;
  sequentialMs: number;
  localParallelMs: number;
  /** sequentialMs / localParallelMs. */
  parallelSpeedup: number;
  /** Training processes at once in the parallel case (the local executor's default). */
  localConcurrency: number;
  /** null when the dev cluster is not running (slurmSkipped says why). */
  slurmOverheadPerTaskMs: number | null;
  slurmTasks: number;
  slurmWallMs: number | null;
  slurmTrainingMs: number | null;
  slurmSkipped?: string;
}

async function waitForSweep(lab: LabApi, sweepId: string, total: number): Promise<SweepStatus> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    const status = await lab.call('sweeps.status', { sweepId });
    if (status.failed > 0 || status.cancelled > 0) {
      throw new Error(`bench sweep ${sweepId} had failed tasks: ${JSON.stringify(status.tasks)}`);
    }
    if (status.completed === total) return status;
    if (Date.now() > deadline) throw new Error(`bench sweep ${sweepId} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wall time of one 8-run sweep on this machine, `concurrency` runs at once (default: cores). */
async function timeLocalSweep(
  dir: string,
  name: string,
  concurrency?: number,
): Promise<{ ms: number; concurrency: number }> {
  const lab = await createLabApi({ projectPath: join(dir, `${name}.clab`) });
  try {
    const definition = { name, base: { config: TINY }, seeds: RUNS };
    const { sweepId } = await lab.call('sweeps.create', { definition });
    const start = performance.now();
    const started = await lab.call('sweeps.run', {
      sweepId,
      executor: 'local',
      ...(concurrency ? { concurrency } : {}),
    });
    await waitForSweep(lab, sweepId, RUNS);
    const ms = performance.now() - start;
    return { ms, concurrency: started.executor === 'local' ? started.concurrency : 1 };
  } finally {
    await lab.close();
  }
}

async function devClusterProblem(): Promise<string | null> {
  try {
    await promisify(execFile)('bash', [join(repoRoot, 'scripts/slurm-dev-cluster.sh'), 'status'], {
      timeout: 60_000,
    });
    return null;
  } catch (error) {
    const out = (error as { stdout?: string }).stdout ?? '';
    return `the Slurm dev cluster is not running (bash scripts/slurm-dev-cluster.sh start): ${out.trim().replace(/\s+/g, ' ')}`;
  }
}

async function slurmOverhead(dir: string): Promise<{ wallMs: number; trainingMs: number }> {
  const lab = await createLabApi({ projectPath: join(dir, 'slurm.clab') });
  try {
    const definition = { name: 'slurm bench', base: { config: TINY }, seeds: SLURM_TASKS };
    const { sweepId } = await lab.call('sweeps.create', { definition });
    const start = performance.now();
    await lab.call('sweeps.run', {
      sweepId,
      executor: 'slurm',
      slurm: {
        command: `${process.execPath} ${join(repoRoot, 'bin/coherence-lab.js')}`,
        maxConcurrent: 1,
        sbatchArgs: [],
      },
    });
    await waitForSweep(lab, sweepId, SLURM_TASKS);
    const collected = await lab.call('sweeps.collect', { sweepId });
    const wallMs = performance.now() - start;
    if (collected.collected !== SLURM_TASKS) {
      throw new Error(`bench: collected ${collected.collected} of ${SLURM_TASKS} Slurm tasks`);
    }
    let trainingMs = 0;
    for (const runId of collected.runIds) {
      const run = await lab.call('runs.get', { runId });
      if (!run.startedAt || !run.finishedAt) throw new Error(`bench: run ${runId} has no times`);
      trainingMs += Date.parse(run.finishedAt) - Date.parse(run.startedAt);
    }
    return { wallMs, trainingMs };
  } finally {
    await lab.close();
  }
}

export async function benchSweeps(): Promise<SweepBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'clab-bench-sweep-'));
  try {
    // Warm the dataset cache (and the OS file cache) so neither case pays for it.
    await timeLocalSweep(dir, 'warmup', 2);
    const sequential = await timeLocalSweep(dir, 'sequential', 1);
    const parallel = await timeLocalSweep(dir, 'parallel');
    const local = {
      runs: RUNS,
      sequentialMs: Math.round(sequential.ms),
      localParallelMs: Math.round(parallel.ms),
      parallelSpeedup: Number((sequential.ms / parallel.ms).toFixed(2)),
      localConcurrency: parallel.concurrency,
      slurmTasks: SLURM_TASKS,
    };
    const problem = await devClusterProblem();
    if (problem) {
      return {
        ...local,
        slurmOverheadPerTaskMs: null,
        slurmWallMs: null,
        slurmTrainingMs: null,
        slurmSkipped: problem,
      };
    }
    const slurm = await slurmOverhead(dir);
    return {
      ...local,
      slurmOverheadPerTaskMs: Math.round((slurm.wallMs - slurm.trainingMs) / SLURM_TASKS),
      slurmWallMs: Math.round(slurm.wallMs),
      slurmTrainingMs: Math.round(slurm.trainingMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
