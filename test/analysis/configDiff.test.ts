import { describe, expect, it } from 'vitest';
import { configDiff, configTable, sameRunConfig } from '../../src-main/analysis/configDiff';
import { parseRunConfig } from '../../src-main/engine/runConfig';

/** A config as a run made today stores it: parsed, every default filled in. */
const today = parseRunConfig({
  dataset: { name: 'mnist', trainSize: 500 },
  steps: 20,
  coherence: { m: 100 },
});

/** The same run as stored before `coherence.nested` / `coherence.perClass` existed. */
function storedBeforeKeysExisted(config: Record<string, unknown>): Record<string, unknown> {
  const coherence = { ...(config.coherence as Record<string, unknown>) };
  delete coherence.nested;
  delete coherence.perClass;
  return { ...config, coherence };
}

describe('configDiff', () => {
  it('does not list keys an older run lacks only because they did not exist yet (defaults filled)', () => {
    const old = storedBeforeKeysExisted(today as unknown as Record<string, unknown>);
    expect(Object.keys(old.coherence as object)).not.toContain('nested');
    const rows = configDiff([
      { runId: 1, config: old },
      { runId: 2, config: today },
    ]);
    expect(rows).toEqual([]);
  });

  it('lists real differences with each run’s value, filled defaults included', () => {
    const other = parseRunConfig({
      dataset: { name: 'mnist', trainSize: 500 },
      steps: 20,
      coherence: { m: 100 },
      optimizer: { lr: 0.1 },
    });
    const rows = configDiff([
      { runId: 1, config: storedBeforeKeysExisted(today as unknown as Record<string, unknown>) },
      { runId: 2, config: other },
    ]);
    expect(rows).toEqual([{ key: 'optimizer.lr', values: { 1: today.optimizer.lr, 2: 0.1 } }]);
  });

  it('compares a config today’s schema rejects as stored, key by key', () => {
    const removedKey = { ...(today as unknown as Record<string, unknown>), retiredOption: 3 };
    const table = configTable([
      { runId: 1, config: removedKey },
      { runId: 2, config: today },
    ]);
    expect(table.find((row) => row.key === 'retiredOption')).toEqual({
      key: 'retiredOption',
      values: { 1: 3, 2: undefined },
      differs: true,
    });
  });
});

describe('sameRunConfig', () => {
  it('treats a stored config lacking later defaults as the same run, and any real change as not', () => {
    const old = storedBeforeKeysExisted(today as unknown as Record<string, unknown>);
    expect(sameRunConfig(old, today)).toBe(true);
    expect(sameRunConfig(today, { ...today, seed: today.seed + 1 })).toBe(false);
    expect(sameRunConfig(today, { ...today, model: { ...today.model, hidden: [64] } })).toBe(false);
  });
});
