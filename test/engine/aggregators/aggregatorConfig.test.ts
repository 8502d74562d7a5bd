import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { ConfigError } from '../../../src-main/engine/config/configIssues';
import type { RunConfigInput } from '../../../src-main/engine/config/configSchemas';

const base: RunConfigInput = {
  dataset: { name: 'mnist', trainSize: 1000, testSize: 100 },
  model: { kind: 'mlp', hidden: [16] },
  batchSize: 100,
  steps: 10,
};

const messageOf = (input: RunConfigInput): string => {
  try {
    parseRunConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

describe('aggregator config', () => {
  it('defaults to mean and accepts every kind', () => {
    expect(parseRunConfig(base).aggregator).toEqual({ kind: 'mean' });
    for (const kind of ['m3', 'a3', 'rm3', 'ra3'] as const) {
      expect(parseRunConfig({ ...base, aggregator: { kind } }).aggregator.kind).toBe(kind);
    }
    expect(
      parseRunConfig({ ...base, aggregator: { kind: 'winsorized', c: 2 } }).aggregator,
    ).toEqual({
      kind: 'winsorized',
      c: 2,
      memoryBudgetBytes: 2 * 1024 ** 3,
    });
  });

  it('winsorized c must lie in [0, 50)', () => {
    expect(messageOf({ ...base, aggregator: { kind: 'winsorized', c: 50 } })).toMatch(
      /aggregator\.c/,
    );
    expect(messageOf({ ...base, aggregator: { kind: 'winsorized', c: -1 } })).toMatch(
      /aggregator\.c/,
    );
  });

  it.each(['m3', 'a3', 'rm3', 'ra3'] as const)(
    '%s rejects momentum and Adam, saying why',
    (kind) => {
      const momentum = messageOf({ ...base, aggregator: { kind }, optimizer: { momentum: 0.9 } });
      expect(momentum).toMatch(/optimizer\.momentum: aggregator \w+3 needs momentum 0/);
      expect(momentum).toMatch(/is itself the update direction.*re-average/);
      const adam = messageOf({ ...base, aggregator: { kind }, optimizer: { kind: 'adam' } });
      expect(adam).toMatch(/optimizer\.kind: aggregator \w+3 needs plain SGD, not adam/);
      expect(adam).toMatch(/re-average/);
    },
  );

  it('winsorized refuses up front when batch × parameters × 4 bytes exceeds the budget', () => {
    // 784-16-10: 12,730 parameters; batch 100 → 5,092,000 bytes.
    const message = messageOf({
      ...base,
      aggregator: { kind: 'winsorized', c: 2, memoryBudgetBytes: 5_000_000 },
    });
    expect(message).toMatch(/aggregator\.memoryBudgetBytes/);
    expect(message).toMatch(/batch 100 × 12730 parameters × 4 bytes/);
    expect(message).toMatch(/5092000 bytes/);
    expect(message).toMatch(/limit of 4\.8 MiB/);
    expect(() =>
      parseRunConfig({
        ...base,
        aggregator: { kind: 'winsorized', c: 2, memoryBudgetBytes: 5_100_000 },
      }),
    ).not.toThrow();
    // The default 2 GiB refuses a large model at a large batch.
    expect(
      messageOf({
        ...base,
        dataset: { name: 'mnist', trainSize: 20_000, testSize: 100 },
        model: { kind: 'mlp', hidden: [4096, 4096] },
        batchSize: 10_000,
        aggregator: { kind: 'winsorized', c: 2 },
      }),
    ).toMatch(/GiB.*over the limit of 2\.00 GiB/);
  });
});
