import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_CONFIG, runCli, startCli, tempLab, writeConfig } from '../cli/cliHarness';
import { runKillLoop } from './killLoop';
import { integrityOf, processAlive, runRow, storedPoints, waitUntil } from './reliabilityHarness';

const CI_KILLS = 20;

describe('crash safety: the trainer SIGKILLed at random points', () => {
  it(`survives ${CI_KILLS} kills across one run and resumes to the uninterrupted result`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clab-kills-'));
    const result = await runKillLoop({ dir, kills: CI_KILLS, seed: 20240611 });
    expect(result.failures).toEqual([]);
    expect(result.killsSurvived).toBe(CI_KILLS);
    expect(result.finalStatus).toBe('completed');
    expect(result.matchesReference).toBe(true);
    expect(result.pointCount).toBeGreaterThan(100);
    expect(result.summary?.final).toEqual(result.reference?.final);
  }, 300_000);
});

describe('crash safety: the CLI process itself SIGKILLed mid-run', () => {
  it('takes its trainer down with it; the next open marks the run interrupted and resume completes it', async () => {
    const lab = tempLab();
    const config = writeConfig(lab.dir, { ...TINY_CONFIG, steps: 400, checkpointEvery: 20 });
    const cli = startCli(['run', '--config', config, '--db', lab.db, '--json'], lab.env);
    const exited = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
    let trainerPid = 0;
    await waitUntil(
      () => {
        if (!existsSync(lab.db)) return false;
        let row: ReturnType<typeof runRow>;
        try {
          row = runRow(lab.db, 1);
        } catch {
          return false; // the CLI is still creating the schema
        }
        if (row?.status !== 'running' || row.pid === null) return false;
        trainerPid = row.pid;
        return storedPoints(lab.db, 1).length > 20;
      },
      60_000,
      'the CLI run to be training and storing points',
    );
    expect(processAlive(trainerPid)).toBe(true);
    const committed = storedPoints(lab.db, 1);
    cli.kill('SIGKILL');
    await exited;

    // Not orphaned: the trainer notices its parent is gone and exits within seconds.
    await waitUntil(() => !processAlive(trainerPid), 10_000, `trainer ${trainerPid} to exit`);
    expect(integrityOf(lab.db)).toBe('ok');
    // Nobody was left to record the end: the file still says running until the next open.
    expect(runRow(lab.db, 1)?.status).toBe('running');
    const present = new Set(storedPoints(lab.db, 1));
    expect(committed.filter((p) => !present.has(p))).toEqual([]);

    const listed = runCli(['list', '--db', lab.db, '--json'], lab.env);
    expect(listed.status).toBe(0);
    const runs = (JSON.parse(listed.stdout) as { runs: Array<{ runId: number; status: string }> })
      .runs;
    expect(runs.find((r) => r.runId === 1)?.status).toBe('interrupted');

    const resumed = runCli(['resume', '1', '--db', lab.db, '--json'], lab.env);
    expect(resumed.status).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { status: string; steps: number };
    expect(summary).toMatchObject({ status: 'completed', steps: 400 });
    expect(integrityOf(lab.db)).toBe('ok');
  }, 240_000);
});
