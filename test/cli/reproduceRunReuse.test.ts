import { afterAll, describe, expect, it } from 'vitest';
import { CliSession } from '../../src-main/cli/cliSession';
import { planRunReuse, REPRODUCE_TAG } from '../../src-main/cli/commands/reproduceRunReuse';
import type { RunConfigInput } from '../../src-main/engine/config/configSchemas';
import type { SuiteRunRequest } from '../../src-main/reproduce/suiteData';
import { TINY_CONFIG, runCli, tempLab, writeConfig } from './cliHarness';

/**
 * Reuse of second-stage runs (dataset.learnedSubset): creation replaces their train/test sizes
 * by the sizes of the reference run's easy/hard part, so the stored config never equals the
 * request `reproduce` makes; a second `reproduce` must still find them.
 */
const REFERENCE = {
  ...TINY_CONFIG,
  model: { kind: 'mlp', hidden: [32] },
  optimizer: { kind: 'sgd', lr: 0.05 },
  backend: 'wasm',
  steps: 6,
  schedule: { every: 3 },
  checkpointEvery: 6,
} satisfies RunConfigInput;

describe('reproduce run reuse', () => {
  const lab = tempLab();
  let session: CliSession | undefined;
  afterAll(async () => {
    await session?.close();
  });

  it('reuses a completed easy/hard run although its stored sizes were resolved at creation', async () => {
    const reference = runCli(
      ['run', '--config', writeConfig(lab.dir, REFERENCE, 'ref.json'), '--db', lab.db, '--json'],
      lab.env,
    );
    expect(reference.status, reference.stderr).toBe(0);
    const request = (part: 'easy' | 'hard', referenceRun: number): SuiteRunRequest => ({
      armKey: `easyhard-${part}`,
      seed: REFERENCE.seed,
      name: `reproduce easyhard-${part} seed ${REFERENCE.seed}`,
      config: {
        ...REFERENCE,
        dataset: { ...REFERENCE.dataset, learnedSubset: { referenceRun, part } },
      },
      stage: 2,
    });
    const easy = request('easy', 1);
    const trained = runCli(
      [
        'run',
        '--config',
        writeConfig(lab.dir, easy.config, 'easy.json'),
        '--name',
        easy.name,
        '--tags',
        REPRODUCE_TAG,
        '--db',
        lab.db,
        '--json',
      ],
      lab.env,
    );
    expect(trained.status, trained.stderr).toBe(0);

    session = await CliSession.open({ db: lab.db });
    const stored = await session.call('runs.get', { runId: 2 });
    const storedDataset = (stored.config as { dataset: { trainSize: number } }).dataset;
    // The premise: creation rewrote the sizes, so the configs differ as stored.
    expect(storedDataset.trainSize).not.toBe(REFERENCE.dataset.trainSize);

    const plans = await planRunReuse(session, [easy, request('hard', 1), request('easy', 2)]);
    expect(plans[0]).toEqual({ kind: 'completed', runId: 2 });
    // Another part, or another reference run, is not the same run.
    expect(plans[1]).toEqual({ kind: 'new' });
    expect(plans[2]).toEqual({ kind: 'new' });
    // Any other difference still counts.
    const otherSeed = { ...easy, config: { ...easy.config, seed: 4 } };
    expect(await planRunReuse(session, [otherSeed])).toEqual([{ kind: 'new' }]);
  }, 300_000);
});
