import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../src-main/api/contract';
import { createLabApi } from '../../src-main/api/labApi';
import { SCHEMA_VERSION } from '../../src-main/store/schemaMigrations';
import { FailFastLauncher } from '../reliability/reliabilityHarness';
import { syntheticBundle } from '../reliability/bundleFixture';
import { runCli, tempLab } from './cliHarness';

/** `coherence-lab doctor`: the diagnostics API through the real CLI. */
describe('coherence-lab doctor', () => {
  it('prints one JSON document about a real project, its runtime and its backends', async () => {
    const lab = tempLab();
    const api = await createLabApi({
      projectPath: lab.db,
      launcher: new FailFastLauncher(),
      cacheDir: join(lab.dir, 'cache'),
    });
    await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(3, 'imported')) });
    await api.close();

    const result = runCli(['doctor', '--json', '--db', lab.db], lab.env);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as DiagnosticsReport;
    expect(report.project).toEqual({
      path: lab.db,
      schemaVersion: SCHEMA_VERSION,
      runCount: 1,
      problem: null,
    });
    expect(report.runtime).toMatchObject({
      node: process.versions.node,
      electron: null,
      platform: process.platform,
      arch: process.arch,
    });
    expect(report.sqlite.version).toMatch(/^3\.\d+\.\d+$/);
    expect(report.sqlite.addon).toMatch(/own build/);
    expect(report.threads.cpus).toBeGreaterThanOrEqual(1);
    expect(report.threads.trainingProcesses).toBe(1);
    expect(report.backends.map((b) => b.name)).toEqual([
      'tfjs-node-gpu',
      'tfjs-node',
      'wasm',
      'cpu',
    ]);
    expect(report.backends.filter((b) => b.used)).toHaveLength(1);
    for (const backend of report.backends) expect(backend.reason.length).toBeGreaterThan(3);
  });

  it('reports a missing project without creating it, in words', () => {
    const lab = tempLab();
    const missing = join(lab.dir, 'missing.clab');
    const result = runCli(['doctor', '--db', missing], lab.env);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(missing)).toBe(false);
    expect(result.stdout).toMatch(/^Coherence Lab \d+\.\d+\.\d+\nRuntime: Node /);
    expect(result.stdout).toMatch(/Training backends \(tried in this order; runs use .+\):/);
    expect(result.stdout).toMatch(/tfjs-node-gpu: unavailable — package not installed/);
    expect(result.stdout).toMatch(/Threads: \d+ logical CPUs, 1 training process at once/);
    expect(result.stdout).toMatch(/SQLite: 3\.\d+\.\d+ \(better-sqlite3 /);
    expect(result.stdout).toContain(`Project: ${missing} — does not exist yet`);
  });

  it('still reports everything else when the project cannot be opened', () => {
    const lab = tempLab();
    const broken = join(lab.dir, 'notes.clab');
    writeFileSync(broken, 'these are my notes, not a database\n'.repeat(20));
    const result = runCli(['doctor', '--json', '--db', broken], lab.env);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as DiagnosticsReport;
    expect(report.project.problem).toMatch(/^cannot be opened: .*not a Coherence Lab project/);
    expect(report.backends.length).toBe(4);
    expect(readFileSync(broken, 'utf8')).toBe('these are my notes, not a database\n'.repeat(20));
  });
});
