import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src-main/engine/backend';
import type { RunConfigInput } from '../../src-main/engine/config/configSchemas';
import { parseRunConfig } from '../../src-main/engine/runConfig';
import { CIFAR10_DATASET_NAME, findPreset, mergeConfig } from '../../src-main/runs/presets';
import { runCli, tempLab } from '../cli/cliHarness';
import { collectRecords } from '../engine/train/trainingHarness';

/** Each preset shrunk to seconds: the same model and variants on a few examples and steps. */
const TINY: RunConfigInput = {
  dataset: { trainSize: 40, testSize: 20 },
  batchSize: 20,
  steps: 3,
  coherence: { m: 20, chunkSize: 20 },
  schedule: { every: 2 },
  checkpointEvery: 3,
  backend: 'wasm',
};

describe('VGG-style CNN presets', () => {
  it.each([
    ['cnn-real-vs-random', 'mnist'],
    ['cnn-real-vs-random-fashion', 'fashion-mnist'],
  ])(
    '%s: real and random labels on %s, identical otherwise; a tiny version trains',
    async (name, dataset) => {
      const preset = findPreset(name);
      expect(preset.description).toMatch(/PAPER-CLAIMS G1/);
      expect(preset.description).toMatch(/Simonyan & Zisserman 2015/);
      const configs = preset.variants.map((v) =>
        parseRunConfig(mergeConfig(preset.base, v.overrides)),
      );
      expect(preset.variants.map((v) => v.name)).toEqual(['real', 'random']);
      expect(configs.map((c) => c.labelNoise)).toEqual([0, 1]);
      expect({ ...configs[1], labelNoise: 0 }).toEqual(configs[0]);
      expect(configs[0]).toMatchObject({
        dataset: { name: dataset, trainSize: 10_000 },
        optimizer: { kind: 'sgd', lr: 0.01 },
        batchSize: 100,
        steps: 1500,
        coherence: { m: 1000 },
      });
      expect(configs[0].model).toMatchObject({ kind: 'cnn', hidden: [] });
      await selectBackend('wasm');
      for (const variant of preset.variants) {
        const config = parseRunConfig(
          mergeConfig(mergeConfig(preset.base, variant.overrides), TINY),
        );
        const records = await collectRecords(config);
        const end = records.find((r) => r.kind === 'end');
        expect(end).toMatchObject({ kind: 'end', status: 'completed', step: 3 });
        const start = records.find((r) => r.kind === 'start');
        expect(start).toMatchObject({
          layerNames: ['conv1', 'conv2', 'conv3', 'conv4', 'dense1'],
        });
        expect(records.some((r) => r.kind === 'coherence')).toBe(true);
      }
    },
  );

  it('cnn-real-vs-random-cifar10 says what to import until CIFAR-10 is imported, then trains', () => {
    const lab = tempLab();
    const preset = findPreset('cnn-real-vs-random-cifar10');
    expect(preset.requiresImport?.dataset).toBe(CIFAR10_DATASET_NAME);
    const tinyArgs = [
      '--set',
      'dataset.trainSize=40',
      '--set',
      'dataset.testSize=20',
      '--set',
      'batchSize=20',
      '--set',
      'steps=2',
      '--set',
      'coherence.m=20',
      '--set',
      'coherence.chunkSize=20',
      '--set',
      'backend=wasm',
    ];
    const before = runCli(
      ['run', '--preset', 'cnn-real-vs-random-cifar10', ...tinyArgs, '--db', lab.db],
      lab.env,
    );
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/does not have/);
    expect(before.stderr).toMatch(/cifar-10-binary\.tar\.gz/);
    expect(before.stderr).toMatch(/datasets import .*--format cifar10 --name cifar10/);

    // CIFAR-10's binary format: per record one label byte, then the red, green and blue planes.
    const batch = (n: number): Buffer => {
      const record = 1 + 3 * 32 * 32;
      const bytes = Buffer.alloc(n * record);
      for (let i = 0; i < n; i++) {
        bytes[i * record] = i % 10;
        for (let p = 1; p < record; p++) bytes[i * record + p] = (i * 31 + p * 7) % 256;
      }
      return bytes;
    };
    writeFileSync(join(lab.dir, 'data_batch_1.bin'), batch(60));
    writeFileSync(join(lab.dir, 'test_batch.bin'), batch(30));
    const imported = runCli(
      [
        'datasets',
        'import',
        join(lab.dir, 'data_batch_1.bin'),
        '--format',
        'cifar10',
        '--name',
        'cifar10',
        '--test',
        join(lab.dir, 'test_batch.bin'),
        '--db',
        lab.db,
      ],
      lab.env,
    );
    expect(imported.status, imported.stderr).toBe(0);
    const after = runCli(
      ['run', '--preset', 'cnn-real-vs-random-cifar10', ...tinyArgs, '--db', lab.db, '--json'],
      lab.env,
    );
    expect(after.status, after.stderr).toBe(0);
    const listed = JSON.parse(runCli(['list', '--db', lab.db, '--json'], lab.env).stdout) as {
      runs: Array<{ name: string; status: string; dataset: string }>;
    };
    expect(listed.runs.map((r) => `${r.name}:${r.status}:${r.dataset}`).sort()).toEqual([
      'random:completed:cifar10',
      'real:completed:cifar10',
    ]);
  }, 300_000); // four CLI processes, two training runs: minutes on a loaded machine
});
