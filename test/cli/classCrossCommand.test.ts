import { afterAll, describe, expect, it } from 'vitest';
import type { ClassCrossMatrix } from '../../src-main/api/contract';
import { CliSession } from '../../src-main/cli/cliSession';
import { TINY_CONFIG, runCli, tempLab, writeConfig } from './cliHarness';

/**
 * Class × class cross-coherence through the API, the CLI and the exports, for a real tiny run
 * with per-class probes (the values themselves are checked against a brute force in
 * test/engine/coherence/classCrossCoherence.test.ts).
 */
const PER_CLASS = {
  ...TINY_CONFIG,
  steps: 6,
  schedule: { every: 3 },
  checkpointEvery: 6,
  coherence: { m: 10, chunkSize: 10, perClass: true, batch: false },
};

describe('class cross-coherence: API, CLI and exports', () => {
  const lab = tempLab();
  let session: CliSession | undefined;
  afterAll(async () => {
    await session?.close();
  });

  it('reads the matrix per run and step, prints it, and carries it in JSON and CSV exports', async () => {
    const trained = runCli(
      ['run', '--config', writeConfig(lab.dir, PER_CLASS), '--db', lab.db, '--json'],
      lab.env,
    );
    expect(trained.status, trained.stderr).toBe(0);
    session = await CliSession.open({ db: lab.db });
    const last = await session.call('runs.classCross', { runId: 1 });
    // Measured wherever the probes are (the schedule's dense start, then every 3 steps).
    const probeSteps = (await session.call('runs.coherence', { runId: 1, probe: 'class0' })).map(
      (c) => c.step,
    );
    expect(last.steps).toEqual(probeSteps);
    expect(last.steps).toEqual([0, 1, 2, 3, 5, 6]);
    expect(last.step).toBe(6);
    expect(last.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(last.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const matrix = last.matrix ?? [];
    expect(matrix).toHaveLength(10);
    for (let i = 0; i < 10; i++) {
      expect(matrix[i]).toHaveLength(10);
      expect(matrix[i][i]).toBe(1);
      for (let j = 0; j < 10; j++) {
        expect(matrix[i][j]).toBe(matrix[j][i]);
        expect(Math.abs(matrix[i][j] ?? NaN)).toBeLessThanOrEqual(1);
      }
    }
    const first = await session.call('runs.classCross', { runId: 1, step: 0 });
    expect(first.step).toBe(0);
    expect(first.matrix?.[0][1]).not.toBe(matrix[0][1]);
    await expect(session.call('runs.classCross', { runId: 1, step: 4 })).rejects.toThrow(
      /step: run 1 has no class cross-coherence at step 4 \(measured steps: 0, 1, 2, 3, 5, 6\)/,
    );

    const json = runCli(['class-cross', '1', '--step', '3', '--db', lab.db, '--json'], lab.env);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout) as ClassCrossMatrix).toEqual(
      await session.call('runs.classCross', { runId: 1, step: 3 }),
    );
    const text = runCli(['class-cross', '1', '--db', lab.db], lab.env);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/at step 6 \(measured at 6 steps: 0, 1, 2, 3, 5, 6\)/);
    expect(text.stdout).toContain((matrix[2][7] ?? NaN).toFixed(3));
    const bad = runCli(['class-cross', '1', '--step', 'x', '--db', lab.db], lab.env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--step must be a whole number/);

    // JSON bundle: carried, and imported again as the same matrices.
    const { json: bundle } = await session.call('runs.exportJson', { runIds: [1] });
    const { runIds } = await session.call('runs.importJson', { json: bundle });
    for (const step of last.steps) {
      const original = await session.call('runs.classCross', { runId: 1, step });
      const imported = await session.call('runs.classCross', { runId: runIds[0], step });
      expect(imported.matrix).toEqual(original.matrix);
    }
    // CSV: one row per class pair and measurement.
    const { csv } = await session.call('runs.exportCsv', { runIds: [1] });
    const pairRows = csv
      .split('\n')
      .filter((line) => line.startsWith('1,') && line.includes(',classCross,'));
    expect(pairRows).toHaveLength(45 * 6);
    const row27 = pairRows.find((line) => line.includes(',class2/class7,,6,'));
    expect(Number(row27?.split(',').at(-1))).toBe(matrix[2][7]);
  }, 300_000);
});
