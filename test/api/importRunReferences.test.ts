import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import type { RunBundle } from '../../src-main/api/runBundle';
import { tempLab } from '../cli/cliHarness';
import { syntheticBundle } from '../reliability/bundleFixture';
import { FailFastLauncher, useLabHome } from '../reliability/reliabilityHarness';

/**
 * Imported runs whose configs name other runs (init.fromRun, dataset.learnedSubset.referenceRun)
 * by the exporting project's ids: renumbered when the run came in the same bundle, otherwise
 * kept as trained but not linked, since the old id names an unrelated run of this project.
 */
const lab = tempLab();
let api: LabApi;

type BundleRun = RunBundle['runs'][number];
const base = syntheticBundle(6, 'base').runs[0];
const referring = (name: string, runId: number, referenceRun: number): BundleRun => ({
  ...base,
  runId,
  name,
  config: {
    ...base.config,
    init: { fromRun: referenceRun },
    dataset: {
      ...(base.config.dataset as object),
      learnedSubset: { referenceRun, part: 'hard' },
    },
  },
});

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
});
afterAll(async () => {
  await api.close();
});

describe('importing runs that refer to other runs', () => {
  it('renumbers references within the bundle; a reference outside it is kept but not linked', async () => {
    // Runs 1 and 2 of this project: unrelated to the bundle's, but with the ids it uses.
    const filler = syntheticBundle(6, 'unrelated');
    await api.call('runs.importJson', {
      json: JSON.stringify({ ...filler, runs: [filler.runs[0], filler.runs[0]] }),
    });
    const bundle: RunBundle = {
      ...syntheticBundle(6),
      version: 2,
      // The child comes first: renumbering must not depend on the order of the bundle.
      runs: [
        referring('child of 2', 5, 2),
        { ...base, runId: 2, name: 'reference' },
        referring('child of 1', 6, 1),
      ],
    };
    const { runIds } = await api.call('runs.importJson', { json: JSON.stringify(bundle) });
    const [child, reference, orphan] = runIds;
    expect(runIds).toEqual([3, 4, 5]);

    const inBundle = await api.call('runs.get', { runId: child });
    expect(inBundle.parentRunId).toBe(reference);
    expect(inBundle.learnedSubset).toEqual({
      referenceRunId: reference,
      part: 'hard',
      referenceExists: true,
    });
    expect(inBundle.config).toMatchObject({
      init: { fromRun: reference },
      dataset: { learnedSubset: { referenceRun: reference, part: 'hard' } },
    });

    // Run 1 here is "unrelated": the orphan's reference must not point at it.
    const outside = await api.call('runs.get', { runId: orphan });
    expect(outside.parentRunId).toBeNull();
    expect(outside.learnedSubset).toEqual({
      referenceRunId: 1,
      part: 'hard',
      referenceExists: false,
    });
    expect(outside.config).toMatchObject({
      init: { fromRun: 1 },
      dataset: { learnedSubset: { referenceRun: 1 } },
    });

    // Export and import again: the exported ids let the pair find each other once more.
    const exported = await api.call('runs.exportJson', { runIds: [reference, child] });
    const again = await api.call('runs.importJson', { json: exported.json });
    const [reference2, child2] = again.runIds;
    const reimported = await api.call('runs.get', { runId: child2 });
    expect(reimported.parentRunId).toBe(reference2);
    expect(reimported.learnedSubset?.referenceRunId).toBe(reference2);
    expect(reimported.learnedSubset?.referenceExists).toBe(true);
  });
});
