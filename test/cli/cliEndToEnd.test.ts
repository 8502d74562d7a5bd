import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempLab, writeConfig } from './cliHarness';

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

interface Summary {
  runId: number;
  name: string;
  status: string;
  backend: string;
  steps: number;
  final: Record<string, number | null>;
  coherence: Array<{
    step: number;
    probe: string;
    m: number;
    value: number;
    layers: Record<string, { N: number; Q: number }>;
  }>;
}

describe('coherence-lab CLI end to end', () => {
  const lab = tempLab();
  const config = writeConfig(lab.dir);

  it('runs a config with --set overrides and prints exactly one JSON summary', () => {
    const result = runCli(
      [
        'run',
        '--config',
        config,
        '--set',
        'labelNoise=0.5',
        '--name',
        'noisy',
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    const summary = json<Summary>(result.stdout);
    expect(summary).toMatchObject({ runId: 1, name: 'noisy', status: 'completed', steps: 60 });
    expect(summary.backend).toMatch(/wasm/);
    for (const key of [
      'trainAcc',
      'testAcc',
      'trainLoss',
      'testLoss',
      'pristineAcc',
      'corruptAcc',
    ]) {
      expect(summary.final[key]).toEqual(expect.any(Number));
    }
    const probes = new Set(summary.coherence.map((c) => c.probe));
    expect(probes).toEqual(new Set(['train', 'pristine', 'corrupt']));
    // The train probe at initialization: real labels (half of them) give coherent gradients.
    // (The corrupt probe holds only changed labels and may sit just below 1 at step 0.)
    const first = summary.coherence.find((c) => c.probe === 'train' && c.step === 0);
    if (!first) throw new Error('no train-probe measurement at step 0');
    expect(first.m).toBe(100);
    expect(first.value).toBeGreaterThan(1);
    expect(first.value).toBeLessThan(100);
    const layerSum = Object.values(first.layers).reduce(
      (s, l) => ({ N: s.N + l.N, Q: s.Q + l.Q }),
      { N: 0, Q: 0 },
    );
    expect(layerSum.N / layerSum.Q).toBeCloseTo(first.value, 6);
  });

  it('rejects an unknown key or an out-of-range value before anything is written', () => {
    const before = runCli(['list', '--db', lab.db, '--json'], lab.env);
    const count = json<{ runs: unknown[] }>(before.stdout).runs.length;
    const unknown = runCli(
      ['run', '--config', config, '--set', 'model.hiden=[64]', '--db', lab.db],
      lab.env,
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/model\.hiden: unknown key/);
    const range = runCli(
      ['run', '--config', config, '--set', 'labelNoise=1.5', '--db', lab.db, '--json'],
      lab.env,
    );
    expect(range.status).toBe(1);
    expect(json<{ error: { message: string } }>(range.stdout).error.message).toMatch(
      /labelNoise: Too big: expected number to be <=1/,
    );
    const after = runCli(['list', '--db', lab.db, '--json'], lab.env);
    expect(json<{ runs: unknown[] }>(after.stdout).runs.length).toBe(count);
  });

  it('lists, compares, reports, and round-trips a run through export and import', () => {
    const second = runCli(
      [
        'run',
        '--config',
        config,
        '--set',
        'optimizer.lr=0.1',
        '--name',
        'fast',
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
    );
    expect(second.status).toBe(0);
    const list = json<{ runs: Array<{ runId: number; name: string; status: string }> }>(
      runCli(['list', '--db', lab.db, '--json'], lab.env).stdout,
    );
    expect(list.runs.map((r) => [r.name, r.status])).toEqual([
      ['noisy', 'completed'],
      ['fast', 'completed'],
    ]);

    const compare = json<{
      configDiff: Array<{ key: string }>;
      series: Record<string, Array<{ runId: number; y: number[] }>>;
    }>(
      runCli(
        [
          'compare',
          '1',
          '2',
          '--series',
          'lossReductionShare/pristine',
          'lossReductionShare/corrupt',
          '--db',
          lab.db,
          '--json',
        ],
        lab.env,
      ).stdout,
    );
    expect(compare.configDiff.map((d) => d.key)).toEqual(['labelNoise', 'optimizer.lr']);
    // f_p and f_c of every step of the noisy run are readable and sum to 1; the clean run has none.
    const [pristine, corrupt] = ['pristine', 'corrupt'].map(
      (subset) => compare.series[`lossReductionShare/${subset}`],
    );
    expect(pristine[0].y).toHaveLength(60);
    pristine[0].y.forEach((fp, i) => expect(fp + corrupt[0].y[i]).toBeCloseTo(1, 5));
    expect(pristine[1].y).toHaveLength(0);

    const reportPath = join(lab.dir, 'report.html');
    expect(runCli(['report', '1', '2', '--out', reportPath, '--db', lab.db], lab.env).status).toBe(
      0,
    );
    const html = readFileSync(reportPath, 'utf8');
    expect(html).toMatch(/<svg[^>]*>/);
    expect((html.match(/<path /g) ?? []).length).toBeGreaterThan(10);
    expect(html).toContain('m-coherence');

    const exportPath = join(lab.dir, 'run1.json');
    expect(
      runCli(['export', '1', '--format', 'json', '--out', exportPath, '--db', lab.db], lab.env)
        .status,
    ).toBe(0);
    const bundle = JSON.parse(readFileSync(exportPath, 'utf8')) as {
      runs: Array<{
        config: unknown;
        metrics: unknown[];
        coherence: unknown[];
        probes: Record<
          'train' | 'pristine' | 'corrupt',
          { positions: number[]; indices: number[]; labels: number[]; corrupt: number[] }
        >;
        weights: Record<string, { shape: number[]; values: number[] }>;
        metricsVersion: number;
        examples: Record<'originalLabel' | 'trainingLabel' | 'selected' | 'corrupt', number[]> & {
          firstLearnedStep: Array<number | null>;
        };
      }>;
    };
    const exported = bundle.runs[0];
    expect(exported.probes.train.indices).toHaveLength(100);
    expect(exported.metricsVersion).toBe(2);
    // Ground truth per example: corrupt means the label changed; selected is kept apart.
    const { examples } = exported;
    expect(examples.corrupt).toHaveLength(600);
    examples.corrupt.forEach((c, i) => {
      expect(c === 1).toBe(examples.trainingLabel[i] !== examples.originalLabel[i]);
      if (c === 1) expect(examples.selected[i]).toBe(1);
    });
    expect(examples.selected.reduce((a, b) => a + b, 0)).toBe(300);
    // Corrupt flags per probe agree with the examples: the pristine probe holds none, the
    // corrupt probe only changed labels.
    for (const [name, probe] of Object.entries(exported.probes)) {
      probe.corrupt.forEach((c, k) => expect(c).toBe(examples.corrupt[probe.positions[k]]));
      if (name === 'pristine') expect(probe.corrupt.every((c) => c === 0)).toBe(true);
      if (name === 'corrupt') expect(probe.corrupt.every((c) => c === 1)).toBe(true);
    }
    expect(exported.weights['dense1/kernel'].shape).toEqual([784, 32]);
    expect(exported.weights['dense1/kernel'].values).toHaveLength(784 * 32);

    const other = join(lab.dir, 'other.clab');
    const imported = runCli(['import', exportPath, '--db', other, '--json'], lab.env);
    expect(imported.status).toBe(0);
    const reexportPath = join(lab.dir, 'reexport.json');
    expect(
      runCli(['export', '1', '--format', 'json', '--out', reexportPath, '--db', other], lab.env)
        .status,
    ).toBe(0);
    const again = (JSON.parse(readFileSync(reexportPath, 'utf8')) as typeof bundle).runs[0];
    expect(again.config).toEqual(exported.config);
    expect(again.metrics).toEqual(exported.metrics);
    expect(again.coherence).toEqual(exported.coherence);
    expect(again.probes).toEqual(exported.probes);
    expect(again.weights).toEqual(exported.weights);
    expect(again.metricsVersion).toBe(2);
    expect(again.examples).toEqual(exported.examples);
    // The imported run's summary figures equal the original's (q comes from its examples).
    const summaryOf = (db: string): unknown =>
      json<{ summary: unknown[] }>(runCli(['compare', '1', '--db', db, '--json'], lab.env).stdout)
        .summary[0];
    expect(summaryOf(other)).toEqual(summaryOf(lab.db));

    const csvPath = join(lab.dir, 'runs.csv');
    expect(
      runCli(['export', '1', '2', '--format', 'csv', '--out', csvPath, '--db', lab.db], lab.env)
        .status,
    ).toBe(0);
    const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'run_id,run_name,kind,series,subset,m,step,epoch,examples_seen,wall_ms,value',
    );
    const db = new Database(lab.db, { readonly: true });
    const rows = (
      db
        .prepare(
          'SELECT (SELECT COUNT(*) FROM metric_points) + (SELECT COUNT(*) FROM coherence_measurements) AS n',
        )
        .get() as { n: number }
    ).n;
    db.close();
    expect(csv.length - 1).toBe(rows);
  });

  it('deletes a run', () => {
    expect(runCli(['delete', '2', '--db', lab.db], lab.env).status).toBe(0);
    const shown = runCli(['show', '2', '--db', lab.db, '--json'], lab.env);
    expect(shown.status).toBe(1);
    expect(shown.stdout).toMatch(/there is no run 2/);
  });
});
