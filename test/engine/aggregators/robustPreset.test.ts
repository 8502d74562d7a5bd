import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { findPreset, mergeConfig } from '../../../src-main/runs/presets';

describe('robust-averaging preset', () => {
  it('has one valid run per aggregator, identical except for the aggregator', () => {
    const preset = findPreset('robust-averaging');
    const configs = preset.variants.map((v) =>
      parseRunConfig(mergeConfig(preset.base, v.overrides)),
    );
    expect(preset.variants.map((v) => v.name)).toEqual([
      'mean',
      'winsorized-c2',
      'winsorized-c8',
      'm3',
      'a3',
      'rm3',
      'ra3',
    ]);
    expect(configs.map((c) => c.aggregator)).toEqual([
      { kind: 'mean' },
      { kind: 'winsorized', c: 2, memoryBudgetBytes: 2 * 1024 ** 3 },
      { kind: 'winsorized', c: 8, memoryBudgetBytes: 2 * 1024 ** 3 },
      { kind: 'm3' },
      { kind: 'a3' },
      { kind: 'rm3' },
      { kind: 'ra3' },
    ]);
    for (const config of configs) {
      expect({ ...config, aggregator: null }).toEqual({ ...configs[0], aggregator: null });
      expect(config).toMatchObject({
        labelNoise: 0.5,
        dataset: { name: 'mnist', trainSize: 5000 },
        model: { kind: 'mlp', hidden: [128] },
        optimizer: { kind: 'sgd', lr: 0.1, momentum: 0 },
        batchSize: 100,
        steps: 3000,
      });
    }
  });
});
