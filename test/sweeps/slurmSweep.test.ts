/**
 * The Slurm executor end to end against the real single-node Slurm (scripts/slurm-dev-cluster.sh)
 * through the real CLI: array tasks run the real `coherence-lab worker`, which trains into its
 * shard with a real trainer process. The collected runs are compared value for value with the
 * same configs trained here by the local executor.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, SweepStatus } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import type { RunBundle } from '../../src-main/api/runBundle';
import { METRICS_DEFINITION_VERSION } from '../../src-main/shared/metricDefinitions';
import { readShardProgress } from '../../src-main/sweeps/shardProgress';
import { SweepWorkFolder } from '../../src-main/sweeps/sweepWorkFolder';
import { cancelArrayTasks } from '../../src-main/sweeps/slurm/scancelTasks';
import { readSubmissions } from '../../src-main/sweeps/slurm/sweepSubmissions';
import { repoRoot, runCli, tempLab, writeConfig } from '../cli/cliHarness';
import { DEV_CLUSTER_START_TIMEOUT_MS, ensureSlurmDevCluster } from './slurmDevCluster';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

/** 30 steps of a tiny MLP on 200 MNIST images: seconds per run. */
const TINY = {
  dataset: { name: 'mnist', trainSize: 200, testSize: 100 },
  model: { kind: 'mlp', hidden: [16] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  batchSize: 20,
  steps: 30,
  seed: 1,
  coherence: { m: 50, chunkSize: 50 },
  schedule: { every: 10 },
  checkpointEvery: 10,
  backend: 'wasm',
};
/**
 * Long enough to be cancelled while it trains: on a quiet machine this tiny model runs ~700
 * steps/s, so 3000 steps take ~4 s, reported every 250 ms (the test waits for a report past
 * step 0 before it cancels); checkpoints every 100.
 */
const LONGER = { ...TINY, steps: 3000, schedule: { every: 500 }, checkpointEvery: 100 };

const WORKER = `${process.execPath} ${join(repoRoot, 'bin/coherence-lab.js')}`;

describe('Slurm sweeps through the CLI on the dev cluster', () => {
  const lab = tempLab();
  const db = ['--db', lab.db];
  const definitions = {
    grid: { name: 'noise grid', base: { config: TINY }, axes: { labelNoise: [0, 0.5] }, seeds: 2 },
    resume: { name: 'resume', base: { config: LONGER }, axes: {}, seeds: 1 },
  };
  let reference: LabApi;
  let referenceDone: Promise<Record<keyof typeof definitions, string>>;
  let project: LabApi | null = null;
  const jobs: number[] = [];
  const ids: Record<string, string> = {};

  /** This project through the API in the test process, for reads between CLI commands. */
  async function api(): Promise<LabApi> {
    await project?.close();
    project = await createLabApi({ projectPath: lab.db });
    return project;
  }

  async function statusUntil(
    sweepId: string,
    what: string,
    done: (s: SweepStatus) => boolean,
    timeoutMs = 240_000,
  ): Promise<SweepStatus> {
    const deadline = Date.now() + timeoutMs;
    const lab = await api();
    let status = await lab.call('sweeps.status', { sweepId });
    while (!done(status)) {
      if (Date.now() > deadline) {
        throw new Error(
          `sweep ${sweepId}: ${what} did not happen in time: ${JSON.stringify(status)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
      status = await lab.call('sweeps.status', { sweepId });
    }
    return status;
  }

  function create(definition: keyof typeof definitions): string {
    const d = definitions[definition];
    const config = writeConfig(lab.dir, d.base.config, `${definition}.json`);
    const axes = Object.entries(d.axes).flatMap(([k, v]) => ['--axis', `${k}=${v.join(',')}`]);
    const result = runCli(
      [
        'sweep',
        'create',
        '--config',
        config,
        ...axes,
        '--seeds',
        String(d.seeds),
        '--name',
        d.name,
        '--json',
        ...db,
      ],
      lab.env,
    );
    expect(result.status).toBe(0);
    return json<{ sweepId: string }>(result.stdout).sweepId;
  }

  function submit(sweepId: string): number {
    const result = runCli(
      ['sweep', 'run', sweepId, '--executor', 'slurm', '--command', WORKER, '--json', ...db],
      lab.env,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { jobId } = json<{ sweepId: string; jobId: number }>(result.stdout);
    jobs.push(jobId);
    return jobId;
  }

  /** What a run stored, without wall-clock times (they differ between any two trainings). */
  async function storedValues(from: LabApi, runIds: number[]): Promise<unknown[]> {
    const { json: text } = await from.call('runs.exportJson', { runIds });
    return (JSON.parse(text) as RunBundle).runs.map((run) => ({
      config: run.config,
      status: run.status,
      totalSteps: run.totalSteps,
      metrics: run.metrics.map(({ wallMs: _w, ...p }) => p),
      coherence: run.coherence.map(({ wallMs: _w, ...c }) => c),
      probes: run.probes,
      weights: run.weights,
      // Like any run: the current metric definitions, its train/test sizes, and per example
      // the ground truth (selected for noise, corrupt) and learn times.
      metricsVersion: run.metricsVersion,
      trainCount: run.trainCount,
      testCount: run.testCount,
      examples: run.examples,
    }));
  }

  beforeAll(async () => {
    await ensureSlurmDevCluster();
    // The same configs trained on this machine by the local executor, while Slurm trains.
    reference = await createLabApi({ projectPath: join(lab.dir, 'reference.clab') });
    referenceDone = (async () => {
      const out: Record<string, string> = {};
      for (const [key, definition] of Object.entries(definitions)) {
        const { sweepId } = await reference.call('sweeps.create', { definition });
        await reference.call('sweeps.run', { sweepId, executor: 'local', concurrency: 2 });
        out[key] = sweepId;
      }
      for (const sweepId of Object.values(out)) {
        for (;;) {
          const s = await reference.call('sweeps.status', { sweepId });
          if (s.pending + s.running === 0) break;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      return out as Record<keyof typeof definitions, string>;
    })();
    // Awaited by the tests that compare; a test that fails early must not leave it unhandled.
    referenceDone.catch(() => undefined);
  }, DEV_CLUSTER_START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    for (const jobId of jobs) await cancelArrayTasks(jobId).catch(() => undefined);
    await project?.close();
    await reference?.close();
  });

  it('submits a 2 × 2 sweep as one array job, follows it and collects runs equal to local ones', async () => {
    ids.grid = create('grid');
    const jobId = submit(ids.grid);
    const folder = new SweepWorkFolder(join(lab.dir, 'project.sweeps', ids.grid));
    expect(readFileSync(folder.scriptFile, 'utf8')).toContain('#SBATCH --array=0-3\n');
    expect(readSubmissions(folder).map((s) => [s.jobId, s.taskIndices])).toEqual([
      [jobId, [0, 1, 2, 3]],
    ]);
    // Nothing is in the project until it is collected; the sweep knows how it runs.
    const before = await api();
    expect(await before.call('runs.list', {})).toEqual([]);
    expect(await before.call('sweeps.get', { sweepId: ids.grid })).toMatchObject({
      executor: 'slurm',
      workDir: folder.root,
      inProject: 0,
    });

    const cliStatus = runCli(['sweep', 'status', ids.grid, '--json', ...db], lab.env);
    const first = json<SweepStatus>(cliStatus.stdout);
    expect(first).toMatchObject({ sweepId: ids.grid, executor: 'slurm', total: 4 });
    expect(first.completed + first.running + first.pending).toBe(4);
    expect(first.tasks.map((t) => t.slurm?.jobId)).toEqual([jobId, jobId, jobId, jobId]);

    const status = await statusUntil(
      ids.grid,
      'all four tasks completing (shards and Slurm)',
      (s) => s.completed === 4 && s.tasks.every((t) => t.slurm?.state === 'COMPLETED'),
    );
    expect(status.tasks.map((t) => [t.state, t.stepsDone, t.totalSteps, t.slurm?.state])).toEqual(
      Array(4).fill(['completed', 30, 30, 'COMPLETED']),
    );
    for (const task of status.tasks) {
      expect(readFileSync(task.slurm?.logOut ?? '', 'utf8')).toMatch(/completed/);
    }
    // A finished shard is one self-contained file (no WAL left for the network file system).
    expect(existsSync(`${folder.shardFile(0)}-wal`)).toBe(false);

    const collected = runCli(['sweep', 'collect', ids.grid, '--json', ...db], lab.env);
    expect(collected.status).toBe(0);
    const result = json<ApiResult<'sweeps.collect'>>(collected.stdout);
    expect(result).toMatchObject({
      sweepId: ids.grid,
      collected: 4,
      alreadyCollected: 0,
      notFinished: 0,
      failed: 0,
      refused: [],
    });
    // Collecting again adds nothing.
    const again = json<ApiResult<'sweeps.collect'>>(
      runCli(['sweep', 'collect', ids.grid, '--json', ...db], lab.env).stdout,
    );
    expect(again).toMatchObject({ collected: 0, alreadyCollected: 4, runIds: [] });
    const after = await api();
    const runs = await after.call('runs.list', {});
    expect(runs.map((r) => [r.runId, r.status, r.sweep?.taskIndex])).toEqual([
      [1, 'completed', 0],
      [2, 'completed', 1],
      [3, 'completed', 2],
      [4, 'completed', 3],
    ]);

    // The same configs trained by the local executor store exactly the same values.
    const local = await referenceDone;
    const localRuns = (await reference.call('sweeps.get', { sweepId: local.grid })).tasks.map(
      (t) => t.runId as number,
    );
    expect(await storedValues(after, result.runIds)).toEqual(
      await storedValues(reference, localRuns),
    );
    // …and carry what every run carries: the current metric definitions and the split sizes.
    const collectedRows = await after.call('runs.list', {});
    expect(collectedRows.map((r) => [r.metricsVersion, r.testCount])).toEqual(
      Array(4).fill([METRICS_DEFINITION_VERSION, 100]),
    );
    const { json: bundleText } = await after.call('runs.exportJson', { runIds: result.runIds });
    const bundled = (JSON.parse(bundleText) as RunBundle).runs;
    expect(bundled.map((r) => r.trainCount)).toEqual([200, 200, 200, 200]);
    // The label-noise cells (tasks 1 and 3) selected examples for noise; the clean ones none.
    const selectedCounts = bundled.map((r) => r.examples?.selected.reduce((a, b) => a + b, 0));
    expect(selectedCounts[0]).toBe(0);
    expect(selectedCounts[1]).toBeGreaterThan(50);
    const compared = await after.call('sweeps.compare', { sweepId: ids.grid });
    const localCompared = await reference.call('sweeps.compare', { sweepId: local.grid });
    expect(compared.cells.map((c) => c.metrics)).toEqual(localCompared.cells.map((c) => c.metrics));
  }, 420_000);

  it('cancels a task mid-run; resubmitted, it resumes from its checkpoint and equals an uninterrupted run', async () => {
    ids.resume = create('resume');
    // Submitted and cancelled through the API of this process: a CLI start-up and exit take
    // seconds, about as long as this run trains on a quiet machine.
    const control = await api();
    const submitted = await control.call('sweeps.run', {
      sweepId: ids.resume,
      executor: 'slurm',
      slurm: { command: WORKER },
    });
    if (submitted.executor !== 'slurm') throw new Error('expected a Slurm submission');
    const { jobId } = submitted;
    jobs.push(jobId);
    const folder = new SweepWorkFolder(submitted.workDir);
    const deadline = Date.now() + 240_000;
    for (;;) {
      const read = readShardProgress(folder.shardFile(0));
      if (read?.ok && read.report.status === 'running' && (read.report.done ?? 0) >= 1) break;
      if (Date.now() > deadline) throw new Error(`task 0 never started: ${JSON.stringify(read)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cancel = await control.call('sweeps.cancel', { sweepId: ids.resume });
    expect(cancel).toEqual({ sweepId: ids.resume, cancelledRuns: [], cancelledJobs: [jobId] });
    const cancelled = await statusUntil(ids.resume, 'the task stopping', (s) => s.cancelled === 1);
    expect(cancelled.tasks[0]).toMatchObject({ state: 'cancelled', runStatus: 'cancelled' });
    const stoppedAt = cancelled.tasks[0].stepsDone ?? 0;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(3000);

    const resubmitted = runCli(['sweep', 'resubmit', ids.resume, '--json', ...db], lab.env);
    expect(resubmitted.status).toBe(0);
    const { jobId: second, taskIndices } = json<{ jobId: number; taskIndices: number[] }>(
      resubmitted.stdout,
    );
    jobs.push(second);
    expect(second).not.toBe(jobId);
    expect(taskIndices).toEqual([0]);
    const done = await statusUntil(
      ids.resume,
      'the resubmitted task completing',
      (s) => s.completed === 1,
    );
    expect(done.tasks[0].slurm?.jobId).toBe(second);
    expect(readFileSync(folder.logFile(0, second, 'out'), 'utf8')).toMatch(
      /resuming from its last checkpoint/,
    );

    // Before collecting: a shard of another sweep, and a half-written one, are refused by name.
    const shard = folder.shardFile(0);
    const own = `${shard}.own`;
    renameSync(shard, own);
    copyFileSync(
      new SweepWorkFolder(join(lab.dir, 'project.sweeps', ids.grid)).shardFile(0),
      shard,
    );
    const foreign = runCli(['sweep', 'collect', ids.resume, '--json', ...db], lab.env);
    expect(foreign.status).toBe(1);
    expect(json<ApiResult<'sweeps.collect'>>(foreign.stdout).refused).toEqual([
      { taskIndex: 0, shard, reason: `it belongs to sweep ${ids.grid}, not ${ids.resume}` },
    ]);
    const bytes = readFileSync(own);
    writeFileSync(shard, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const half = json<ApiResult<'sweeps.collect'>>(
      runCli(['sweep', 'collect', ids.resume, '--json', ...db], lab.env).stdout,
    );
    expect(half.collected).toBe(0);
    expect(half.refused[0]).toMatchObject({
      taskIndex: 0,
      shard,
      reason: expect.stringMatching(/damaged|truncated/),
    });
    renameSync(own, shard);

    const collected = json<ApiResult<'sweeps.collect'>>(
      runCli(['sweep', 'collect', ids.resume, '--json', ...db], lab.env).stdout,
    );
    expect(collected).toMatchObject({ collected: 1, refused: [] });
    const local = await referenceDone;
    const [localRun] = (await reference.call('sweeps.get', { sweepId: local.resume })).tasks.map(
      (t) => t.runId as number,
    );
    expect(await storedValues(await api(), collected.runIds)).toEqual(
      await storedValues(reference, [localRun]),
    );
  }, 420_000);

  it('gives a clear error and leaves the project unchanged when Slurm cannot take the job', async () => {
    const sweepId = create('grid');
    const lab_ = await api();
    const before = JSON.stringify([
      await lab_.call('sweeps.get', { sweepId }),
      await lab_.call('runs.list', {}),
    ]);
    await project?.close();
    project = null;
    const folder = join(lab.dir, 'project.sweeps', sweepId);
    // The dev cluster's configuration with a controller port nothing listens on (and a short
    // message timeout, so the clients give up after ~2 s instead of ~10 s).
    const conf = join(lab.dir, 'unreachable.conf');
    writeFileSync(
      conf,
      readFileSync('/etc/slurm/slurm.conf', 'utf8').replace(
        /^SlurmctldPort=.*$/m,
        'SlurmctldPort=6899',
      ) + '\nMessageTimeout=2\n',
    );
    const attempts: Array<[NodeJS.ProcessEnv, RegExp]> = [
      [{ ...lab.env, SLURM_CONF: conf }, /the Slurm controller cannot be reached/],
      [{ ...lab.env, PATH: join(lab.dir, 'no-such-bin') }, /sbatch was not found on PATH/],
    ];
    for (const [env, message] of attempts) {
      const result = runCli(
        ['sweep', 'run', sweepId, '--executor', 'slurm', '--command', WORKER, ...db],
        env,
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(folder)).toBe(false);
    }
    const rejected = runCli(
      [
        'sweep',
        'run',
        sweepId,
        '--executor',
        'slurm',
        '--partition',
        'no-such-partition',
        '--json',
        ...db,
      ],
      lab.env,
    );
    expect(rejected.status).toBe(1);
    expect(json<{ error: { message: string } }>(rejected.stdout).error.message).toMatch(
      /Slurm refused the submission: .*invalid partition/i,
    );
    expect(existsSync(folder)).toBe(false);
    const after = await api();
    expect(
      JSON.stringify([
        await after.call('sweeps.get', { sweepId }),
        await after.call('runs.list', {}),
      ]),
    ).toBe(before);
  }, 180_000);
});
