import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunListRow } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { runCli, tempLab } from '../cli/cliHarness';
import { syntheticBundle } from './bundleFixture';
import { FailFastLauncher, useLabHome } from './reliabilityHarness';

const lab = tempLab();
let api: LabApi;
const bundle = syntheticBundle(12, 'imported');
const run = bundle.runs[0];

/** The value at the highest step of one series of the bundle: what "latest" must show. */
function lastValue(series: string, subset: string): number {
  const points = run.metrics.filter((p) => p.series === series && p.subset === subset);
  return points.reduce((a, b) => (b.step > a.step ? b : a)).value;
}
const lastCoherence = run.coherence.reduce((a, b) => (b.step > a.step ? b : a)).value;

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
  // Out of order on purpose: "latest" is the highest step, not the last entry of the file.
  const shuffled = { ...bundle, runs: [{ ...run, metrics: [...run.metrics].reverse() }] };
  await api.call('runs.importJson', { json: JSON.stringify(shuffled) });
});
afterAll(async () => {
  await api.close();
});

describe('imported runs fill the latest-values table', () => {
  it('runs.list and runs.get carry the latest test accuracy, loss and probe m-coherence', async () => {
    const [row] = (await api.call('runs.list', {})) as RunListRow[];
    expect(row.latest['accuracy/test']).toBeCloseTo(lastValue('accuracy', 'test'), 12);
    expect(row.latest['loss/train']).toBeCloseTo(lastValue('loss', 'train'), 12);
    expect(row.latest['coherence/train']).toBeCloseTo(lastCoherence, 12);
    const detail = (await api.call('runs.get', { runId: row.runId })) as RunListRow;
    expect(detail.latest).toEqual(row.latest);
  });

  it('`list` shows test accuracy and probe m-coherence instead of —, as `compare` does', () => {
    const list = runCli(['list', '--db', lab.db], lab.env);
    expect(list.status, list.stderr).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.includes('imported')) ?? '';
    expect(line).toContain(lastValue('accuracy', 'test').toFixed(3));
    expect(line).toContain(lastCoherence.toFixed(2));
    const json = JSON.parse(runCli(['list', '--db', lab.db, '--json'], lab.env).stdout) as {
      runs: RunListRow[];
    };
    expect(json.runs[0].latest['accuracy/test']).toBeCloseTo(lastValue('accuracy', 'test'), 12);
  });
});

describe('imported runs keep the metric definitions they were recorded under', () => {
  it('a version-1 bundle imports as definitions v1, marked † with its footnote in `compare`', async () => {
    const [row] = await api.call('runs.list', {});
    expect(row.metricsVersion).toBe(1);
    const table = runCli(['compare', String(row.runId), '--db', lab.db], lab.env);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/imported †/);
    expect(table.stdout).toMatch(/† runs \d+: recorded before definitions v2/);
  });
});
