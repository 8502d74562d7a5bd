import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src-main/engine/backend';
import type { RunConfigInput } from '../../src-main/engine/config/configSchemas';
import { learnedSubsetSizes } from '../../src-main/engine/data/learnedSubset';
import type { EngineRecord } from '../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../src-main/engine/runConfig';
import { findPreset, learnedPartConfig, mergeConfig } from '../../src-main/runs/presets';
import { collectRecords } from '../engine/train/trainingHarness';

/**
 * The two-stage presets (easy vs hard, adversarial initialization): each preset is the first
 * stage; a tiny version of it and of its second stage trains in-process.
 */
const TINY: RunConfigInput = {
  dataset: { trainSize: 200, testSize: 100 },
  model: { kind: 'mlp', hidden: [16] },
  optimizer: { lr: 0.05 },
  batchSize: 10,
  steps: 6,
  coherence: { m: 10, chunkSize: 10 },
  schedule: { every: 3 },
  checkpointEvery: 6,
  backend: 'wasm',
};

const endOf = (records: EngineRecord[]) => records.find((r) => r.kind === 'end');

describe('two-stage presets', () => {
  it('easy-vs-hard-reference: 50 steps on 10k examples; a tiny reference and its easy and hard runs train', async () => {
    const preset = findPreset('easy-vs-hard-reference');
    expect(preset.description).toMatch(/PAPER-CLAIMS G6\/P5/);
    expect(preset.description).toMatch(/dataset\.learnedSubset/);
    expect(parseRunConfig(mergeConfig(preset.base, {}))).toMatchObject({
      dataset: { trainSize: 10_000 },
      steps: 50,
      optimizer: { lr: 0.01 },
    });
    await selectBackend('wasm');
    const reference = await collectRecords(parseRunConfig(mergeConfig(preset.base, TINY)));
    expect(endOf(reference)).toMatchObject({ status: 'completed', step: 6 });
    const start = reference.find((r) => r.kind === 'start');
    const times = reference.filter((r) => r.kind === 'learnTimes').at(-1);
    if (start?.kind !== 'start' || times?.kind !== 'learnTimes') throw new Error('no learn times');
    expect(times.step).toBe(6);
    const state = {
      sourceIndex: start.examples.sourceIndex,
      learned: Uint8Array.from(times.learnedSinceStep, (s) => (s >= 0 ? 1 : 0)),
    };
    const sizes = learnedSubsetSizes(state);
    for (const part of ['easy', 'hard'] as const) {
      const config = parseRunConfig(
        mergeConfig(mergeConfig(learnedPartConfig(1, part), TINY), {
          dataset: { trainSize: sizes.train, testSize: sizes.test },
          batchSize: Math.min(10, sizes.train),
          coherence: { m: Math.min(10, sizes.train) },
        }),
      );
      const records = await collectRecords(config, { learnedSubsetReference: state });
      expect(endOf(records)).toMatchObject({ status: 'completed' });
      const partStart = records.find((r) => r.kind === 'start');
      expect(partStart).toMatchObject({ trainCount: sizes.train, testCount: sizes.test });
    }
    // A changed reference (other sizes than the run was created with) is refused.
    const created = parseRunConfig(
      mergeConfig(mergeConfig(learnedPartConfig(1, 'easy'), TINY), {
        dataset: { trainSize: sizes.train + 1, testSize: sizes.test },
        batchSize: 1,
        coherence: { m: 1 },
      }),
    );
    await expect(collectRecords(created, { learnedSubsetReference: state })).rejects.toThrow(
      /dataset\.learnedSubset: reference run 1 now gives/,
    );
  }, 120_000);

  it('adversarial-init-pretrain: random labels, then real labels from its final weights', async () => {
    const preset = findPreset('adversarial-init-pretrain');
    expect(preset.description).toMatch(/PAPER-CLAIMS section 4/);
    expect(preset.description).toMatch(/init\.fromRun/);
    expect(parseRunConfig(mergeConfig(preset.base, {}))).toMatchObject({
      labelNoise: 1,
      noiseMode: 'permute',
    });
    await selectBackend('wasm');
    const pretraining = await collectRecords(parseRunConfig(mergeConfig(preset.base, TINY)));
    const end = endOf(pretraining);
    if (end?.kind !== 'end') throw new Error('no end record');
    const real = await collectRecords(
      parseRunConfig(mergeConfig(mergeConfig(preset.base, TINY), { labelNoise: 0 })),
      { initialWeights: end.finalWeights },
    );
    expect(endOf(real)).toMatchObject({ status: 'completed', step: 6 });
  }, 120_000);
});
