/**
 * Sweeps through the real CLI on this machine (the local executor): a preset with two seeds
 * per variant trained by real trainer processes, its status, the cell statistics of
 * `compare --sweep` against the runs' own summaries, the report, and export/import keeping
 * the sweep. The Slurm executor has its own file (slurmSweep.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METRICS_DEFINITION_VERSION } from '../../src-main/shared/metricDefinitions';
import { ApiError } from '../../src-main/api/apiError';
import type { ApiResult } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { tCritical95 } from '../../src-main/sweeps/studentT';
import { runCli, tempLab, writeConfig } from '../cli/cliHarness';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

/** real-vs-random made tiny: 2 variants × 2 seeds = 4 runs of 30 steps. */
const TINY_SETS = [
  'steps=30',
  'dataset.trainSize=200',
  'dataset.testSize=100',
  'batchSize=20',
  'model.hidden=[16]',
  'coherence.m=50',
  'coherence.chunkSize=50',
  'schedule.every=10',
  'checkpointEvery=10',
  'backend="wasm"',
].flatMap((s) => ['--set', s]);

// Four tiny runs and several CLI starts per test: minutes, not seconds, on a loaded 2-core machine.
describe('sweeps on this machine through the CLI', () => {
  const lab = tempLab();
  const db = ['--db', lab.db];
  let sweepId = '';
  const opened: LabApi[] = [];
  /** The same project through the API in this process, for reads between CLI commands. */
  async function project(path = lab.db): Promise<LabApi> {
    const api = await createLabApi({ projectPath: path });
    opened.push(api);
    return api;
  }
  afterAll(async () => {
    for (const api of opened) await api.close();
  });

  it('refuses a sweep with a bad cell, naming cell and key, and stores nothing', async () => {
    const config = writeConfig(lab.dir);
    const bad = runCli(
      ['sweep', 'create', '--config', config, '--axis', 'labelNoise=0,1.5', '--seeds', '2', ...db],
      lab.env,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/cell labelNoise=1\.5: labelNoise: /);
    const api = await project();
    expect(await api.call('sweeps.list', {})).toEqual([]);

    const created = runCli(
      [
        'sweep',
        'create',
        '--config',
        config,
        '--axis',
        'labelNoise=0,0.5',
        '--axis',
        'optimizer.lr=0.01,0.1',
        '--zip',
        '--seed-list',
        '3,7',
        '--name',
        'zipped',
        '--json',
        ...db,
      ],
      lab.env,
    );
    expect(created.status).toBe(0);
    const result = json<{
      sweepId: string;
      runs: number;
      cells: number;
      estimate: { runs: number };
    }>(created.stdout);
    expect(result).toMatchObject({ runs: 4, cells: 2, estimate: { runs: 4 } });
    expect(result.sweepId).toMatch(/^zipped-[0-9a-f]{6}$/);
    const status = await api.call('sweeps.status', { sweepId: result.sweepId });
    expect(status).toMatchObject({ executor: null, total: 4, pending: 4, completed: 0 });
    expect(status.tasks.map((t) => t.seed)).toEqual([3, 3, 7, 7]);
    // Before any submission, `sweep script` shows what would be submitted.
    const script = await api.call('sweeps.script', { sweepId: result.sweepId });
    expect(script).toMatchObject({ path: null, submitted: false });
    expect(script.script).toContain('#SBATCH --array=0-3\n');
    expect(script.script).toContain(`project.sweeps/${result.sweepId}`);
    expect(script.script).toMatch(/exec coherence-lab worker --task "\$task_file" --db "\$shard"/);
  });

  it('runs a preset with seeds (run --preset … --seeds 2) and summarizes its cells', async () => {
    const result = runCli(
      [
        'run',
        '--preset',
        'real-vs-random',
        ...TINY_SETS,
        '--seeds',
        '2',
        '--concurrency',
        '2',
        '--json',
        ...db,
      ],
      lab.env,
      300_000,
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    const out = json<{
      sweepId: string;
      completed: number;
      failed: number;
      cells: Array<{ axes: unknown; n: number; runIds: number[] }>;
    }>(result.stdout);
    expect(out).toMatchObject({ completed: 4, failed: 0 });
    expect(out.cells.map((c) => [c.axes, c.n])).toEqual([
      [{ variant: 'real' }, 2],
      [{ variant: 'random' }, 2],
    ]);
    sweepId = out.sweepId;

    const api = await project();
    const status = await api.call('sweeps.status', { sweepId });
    expect(status).toMatchObject({
      executor: 'local',
      total: 4,
      completed: 4,
      inProject: 4,
      etaSec: 0,
    });
    // Seed-major: both cells' first seed, then their second.
    expect(status.tasks.map((t) => [t.cellIndex, t.seed, t.state, t.stepsDone])).toEqual([
      [0, 1, 'completed', 30],
      [1, 1, 'completed', 30],
      [0, 2, 'completed', 30],
      [1, 2, 'completed', 30],
    ]);
    const tagged = (await api.call('runs.list', {})).filter((r) => r.sweep?.sweepId === sweepId);
    expect(tagged.map((r) => [r.sweep?.cellLabel, r.sweep?.seed])).toEqual([
      ['variant=real', 1],
      ['variant=random', 1],
      ['variant=real', 2],
      ['variant=random', 2],
    ]);
    // Runs of a sweep are runs like any other: current metric definitions, split sizes known.
    expect(tagged.map((r) => [r.metricsVersion, r.testCount])).toEqual(
      Array(4).fill([METRICS_DEFINITION_VERSION, 100]),
    );

    // What a local sweep cannot do, and nothing to resubmit once it is complete.
    const refusal = (e: unknown): string => (e instanceof ApiError ? e.body.message : String(e));
    expect(await api.call('sweeps.collect', { sweepId }).catch(refusal)).toMatch(
      /runs on this machine: its runs are in the project already/,
    );
    expect(await api.call('sweeps.run', { sweepId, executor: 'slurm' }).catch(refusal)).toMatch(
      /runs on this machine; it cannot also go to Slurm/,
    );
    expect(await api.call('sweeps.resubmit', { sweepId })).toEqual({
      sweepId,
      taskIndices: [],
      jobId: null,
      runIds: [],
    });
  }, 300_000);

  it('compare --sweep: every summary metric per cell as n, mean, sd and the Student t CI', async () => {
    const compared = json<ApiResult<'sweeps.compare'>>(
      runCli(['compare', '--sweep', sweepId, '--json', ...db], lab.env).stdout,
    );
    expect(compared.axes).toEqual(['variant']);
    for (const name of ['finalTestAcc', 'memorizedFraction']) {
      expect(compared.metricNames).toContain(name);
    }
    const random = compared.cells[1];
    expect(random.runIds).toHaveLength(2);
    // The runs' own numbers, from the per-run compare of the API.
    const api = await project();
    const perRun = (await api.call('runs.compare', { runIds: random.runIds })).summary;
    for (const name of ['finalTestAcc', 'memorizedFraction'] as const) {
      const [a, b] = perRun.map((r) => r[name] as number);
      const mean = (a + b) / 2;
      const sd = Math.abs(a - b) / Math.SQRT2;
      const half = (tCritical95(1) * sd) / Math.SQRT2;
      const stat = random.metrics[name];
      expect(stat.n).toBe(2);
      expect(stat.mean).toBeCloseTo(mean, 12);
      expect(stat.sd).toBeCloseTo(sd, 12);
      expect(stat.ci95?.[0]).toBeCloseTo(mean - half, 10);
      expect(stat.ci95?.[1]).toBeCloseTo(mean + half, 10);
    }
    // Probe m-coherence figures, whatever the summary calls them, over both seeds.
    const coherence = compared.metricNames.filter((m) => /oherence/.test(m) && !/step/i.test(m));
    expect(coherence.length).toBeGreaterThan(0);
    for (const name of coherence) expect(random.metrics[name].n).toBe(2);
    // Real labels: no corrupt examples, so no memorized fraction (missing, not zero).
    expect(compared.cells[0].metrics.memorizedFraction).toMatchObject({
      n: 0,
      missing: 2,
      mean: null,
    });

    const table = runCli(['compare', '--sweep', sweepId, '--format', 'markdown', ...db], lab.env);
    expect(table.stdout).toMatch(/\| variant \| n \| finalTestAcc \|/);
    expect(table.stdout).toMatch(/\| random \| 2 \| \d\.\d{3} ± \d\.\d{3} \|/);
  });

  it('writes the HTML report grouped by cell', () => {
    const out = join(lab.dir, 'sweep.html');
    const result = runCli(['report', '--sweep', sweepId, '--out', out, ...db], lab.env);
    expect(result.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Summary by cell');
    expect(html).toContain('variant=random');
    expect(html).toMatch(/± \d\.\d{3} <small>\(n = 2\)<\/small>/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('exports runs with their sweep and imports them into another project, keeping the link', async () => {
    const bundle = join(lab.dir, 'sweep-runs.json');
    const other = ['--db', join(lab.dir, 'other.clab')];
    expect(
      runCli(['export', '1', '2', '3', '4', '--format', 'json', '--out', bundle, ...db], lab.env)
        .status,
    ).toBe(0);
    const imported = runCli(['import', bundle, '--json', ...other], lab.env);
    expect(imported.status).toBe(0);
    const api = await project(join(lab.dir, 'other.clab'));
    expect(await api.call('sweeps.list', {})).toEqual([
      expect.objectContaining({ sweepId, inProject: 4, executor: null }),
    ]);
    const there = await api.call('sweeps.compare', { sweepId });
    await api.close();
    const here = json<ApiResult<'sweeps.compare'>>(
      runCli(['compare', '--sweep', sweepId, '--json', ...db], lab.env).stdout,
    );
    expect(there.cells.map((c) => c.metrics)).toEqual(here.cells.map((c) => c.metrics));
    // The imported runs keep their definitions version and split sizes (bundles v2).
    const importedRows = await project(join(lab.dir, 'other.clab')).then((o) =>
      o.call('runs.list', {}),
    );
    const hereRows = await project().then((h) => h.call('runs.list', {}));
    expect(importedRows.map((r) => [r.metricsVersion, r.testCount])).toEqual(
      hereRows.slice(0, 4).map((r) => [r.metricsVersion, r.testCount]),
    );
    // The same tasks again: refused as a whole, nothing written.
    const again = runCli(['import', bundle, ...other], lab.env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(
      /task 0 of sweep .* is already run 1 in this project; nothing was imported/,
    );
    const after = await project(join(lab.dir, 'other.clab'));
    expect(await after.call('runs.list', {})).toHaveLength(4);
  }, 300_000);
});
