import { describe, expect, it } from 'vitest';
import { TINY_CONFIG, runCli, tempLab, writeConfig } from './cliHarness';

const SMALL = { ...TINY_CONFIG, steps: 10, schedule: { every: 5 }, checkpointEvery: 10 };

describe('init.fromRun through the CLI (API check, trainer, recorded parent)', () => {
  it('refuses a missing parent or one of another shape, naming the key; trains from a fitting one', () => {
    const lab = tempLab();
    const early = runCli(
      ['run', '--config', writeConfig(lab.dir, { ...SMALL, init: { fromRun: 1 } }), '--db', lab.db],
      lab.env,
    );
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/config\.init\.fromRun: there is no run 1 in this project/);

    const parent = runCli(
      ['run', '--config', writeConfig(lab.dir, SMALL), '--db', lab.db, '--json'],
      lab.env,
    );
    expect(parent.status, parent.stderr).toBe(0);

    const wider = writeConfig(
      lab.dir,
      { ...SMALL, model: { kind: 'mlp', hidden: [48] }, init: { fromRun: 1 } },
      'wider.json',
    );
    const refused = runCli(['run', '--config', wider, '--db', lab.db], lab.env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /config\.init\.fromRun: run 1's weights do not fit this model: dense1\/kernel is \[784, 32\], this model's is \[784, 48\]/,
    );

    const child = runCli(
      [
        'run',
        '--config',
        writeConfig(lab.dir, { ...SMALL, init: { fromRun: 1 } }, 'child.json'),
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
    );
    expect(child.status, child.stderr).toBe(0);
    const shown = JSON.parse(runCli(['show', '2', '--db', lab.db, '--json'], lab.env).stdout) as {
      detail: { parentRunId: number | null; status: string };
    };
    expect(shown.detail).toMatchObject({ parentRunId: 1, status: 'completed' });
  }, 300_000); // five CLI processes, two of them training: minutes on a loaded machine
});
