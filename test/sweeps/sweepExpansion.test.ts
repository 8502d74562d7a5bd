import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src-main/api/handlers/configHandlers';
import { parseRunConfig } from '../../src-main/engine/runConfig';
import { applyAssignments } from '../../src-main/runs/configOverrides';
import { findPreset, mergeConfig } from '../../src-main/runs/presets';
import { parseAxisArgument } from '../../src-main/sweeps/axisArgument';
import { SweepDefinitionError } from '../../src-main/sweeps/sweepDefinitionError';
import { estimateSweep } from '../../src-main/sweeps/sweepEstimate';
import { expandSweep } from '../../src-main/sweeps/sweepExpansion';

const tinyBase = {
  dataset: { name: 'mnist', trainSize: 600, testSize: 200 },
  model: { kind: 'mlp', hidden: [32] },
  batchSize: 50,
  steps: 40,
  coherence: { m: 100 },
};

function expectSweepError(input: unknown): SweepDefinitionError {
  try {
    expandSweep(input);
  } catch (error) {
    expect(error).toBeInstanceOf(SweepDefinitionError);
    return error as SweepDefinitionError;
  }
  throw new Error('expected a SweepDefinitionError');
}

describe('expandSweep', () => {
  it('crosses the axes (grid) and seeds into validated runs, seed-major', () => {
    const plan = expandSweep({
      name: 'noise',
      base: { config: tinyBase },
      axes: { labelNoise: [0, 0.5], 'optimizer.lr': [0.01, 0.1, 1] },
      seeds: 2,
    });
    expect(plan.seeds).toEqual([1, 2]);
    expect(plan.cells.map((c) => c.label)).toEqual([
      'labelNoise=0 optimizer.lr=0.01',
      'labelNoise=0 optimizer.lr=0.1',
      'labelNoise=0 optimizer.lr=1',
      'labelNoise=0.5 optimizer.lr=0.01',
      'labelNoise=0.5 optimizer.lr=0.1',
      'labelNoise=0.5 optimizer.lr=1',
    ]);
    expect(plan.runs).toHaveLength(12);
    expect(plan.runs.map((r) => [r.taskIndex, r.cellIndex, r.seed])).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((cell) => [cell, cell, 1]),
      ...[0, 1, 2, 3, 4, 5].map((cell) => [cell + 6, cell, 2]),
    ]);
    // Each run's config is exactly what `--set` would make of the base, validated.
    for (const run of plan.runs) {
      const cell = plan.cells[run.cellIndex];
      const expected = parseRunConfig(
        applyAssignments(tinyBase, [
          `labelNoise=${JSON.stringify(cell.key.labelNoise)}`,
          `optimizer.lr=${JSON.stringify(cell.key['optimizer.lr'])}`,
          `seed=${run.seed}`,
        ]),
      );
      expect(run.config).toEqual(expected);
    }
    expect(plan.runs[7].name).toBe('noise labelNoise=0 optimizer.lr=0.1 seed=2');
  });

  it('pairs axes with zip and takes an explicit seed list', () => {
    const plan = expandSweep({
      name: 'paired',
      base: { config: tinyBase },
      axes: { batchSize: [25, 50], 'optimizer.lr': [0.05, 0.1] },
      combine: 'zip',
      seeds: [7, 11, 3],
    });
    expect(plan.cells.map((c) => c.key)).toEqual([
      { batchSize: 25, 'optimizer.lr': 0.05 },
      { batchSize: 50, 'optimizer.lr': 0.1 },
    ]);
    expect(plan.runs.map((r) => r.seed)).toEqual([7, 7, 11, 11, 3, 3]);
    expect(plan.runs[3].config.batchSize).toBe(50);
    expect(plan.runs[3].config.optimizer.lr).toBe(0.1);
  });

  it('crosses a preset’s variants with the axes (the variant leads the cell key)', () => {
    const plan = expandSweep({
      name: 'robust',
      base: { preset: 'robust-averaging', variants: ['winsorized-c2', 'mean'] },
      axes: { labelNoise: [0.25, 0.5] },
      seeds: 3,
    });
    // Preset order, not the listed order: the preset defines its variants.
    expect(plan.cells.map((c) => c.label)).toEqual([
      'variant=mean labelNoise=0.25',
      'variant=mean labelNoise=0.5',
      'variant=winsorized-c2 labelNoise=0.25',
      'variant=winsorized-c2 labelNoise=0.5',
    ]);
    const preset = findPreset('robust-averaging');
    const winsorized = preset.variants.find((v) => v.name === 'winsorized-c2')!;
    const run = plan.runs.find((r) => r.cellIndex === 3 && r.seed === 2)!;
    expect(run.config).toEqual(
      parseRunConfig({
        ...mergeConfig(preset.base, winsorized.overrides),
        labelNoise: 0.5,
        seed: 2,
      }),
    );
  });

  it('takes every variant of a preset with no axes: --preset robust-averaging --seeds 5', () => {
    const plan = expandSweep({ name: 'r', base: { preset: 'robust-averaging' }, seeds: 5 });
    expect(plan.cells).toHaveLength(7);
    expect(plan.runs).toHaveLength(35);
    expect(plan.cells[0].key).toEqual({ variant: 'mean' });
  });

  it('applies base overrides (--set) before the axes, to every variant', () => {
    const plan = expandSweep({
      name: 'short',
      base: { preset: 'real-vs-random', overrides: ['steps=30', 'coherence.m=50'] },
      axes: { 'optimizer.lr': [0.05] },
      seeds: 1,
    });
    expect(
      plan.runs.map((r) => [r.config.steps, r.config.coherence.m, r.config.optimizer.lr]),
    ).toEqual([
      [30, 50, 0.05],
      [30, 50, 0.05],
    ]);
    const error = expectSweepError({
      name: 'bad',
      base: { config: tinyBase, overrides: ['model.hidden.x=3'] },
      seeds: 1,
    });
    expect(error.issues[0]).toMatchObject({ key: 'base.overrides' });
  });

  it('takes array- and object-valued axes', () => {
    const plan = expandSweep({
      name: 'shape',
      base: { config: tinyBase },
      axes: { 'model.hidden': [[16], [32, 32]], aggregator: [{ kind: 'mean' }, { kind: 'm3' }] },
      seeds: 1,
    });
    expect(plan.cells[1].label).toBe('model.hidden=[16] aggregator={"kind":"m3"}');
    expect(plan.runs[2].config.model).toMatchObject({ kind: 'mlp', hidden: [32, 32] });
  });

  it('names the cell and key of a bad value, and writes nothing (throws before returning)', () => {
    const error = expectSweepError({
      name: 'bad',
      base: { config: tinyBase },
      axes: { labelNoise: [0.5, 1.5], 'optimizer.lrr': [0.1] },
      seeds: 3,
    });
    expect(error.issues).toEqual([
      { cell: 'labelNoise=0.5 optimizer.lrr=0.1', key: 'optimizer.lrr', message: 'unknown key' },
      {
        cell: 'labelNoise=1.5 optimizer.lrr=0.1',
        key: 'labelNoise',
        message: expect.stringMatching(/1/),
      },
      { cell: 'labelNoise=1.5 optimizer.lrr=0.1', key: 'optimizer.lrr', message: 'unknown key' },
    ]);
    expect(error.message).toMatch(
      /^invalid sweep: cell labelNoise=0.5 optimizer.lrr=0.1: optimizer.lrr: unknown key/,
    );
  });

  it('reports a cross-key problem of one cell only (batch larger than the data)', () => {
    const error = expectSweepError({
      name: 'batch',
      base: { config: tinyBase },
      axes: { batchSize: [50, 1000] },
      seeds: 2,
    });
    expect(error.issues).toEqual([
      {
        cell: 'batchSize=1000',
        key: 'batchSize',
        message: 'must be at most dataset.trainSize (600)',
      },
    ]);
  });

  it('refuses malformed definitions, naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'x', base: { config: tinyBase }, seeds: 0 }, /seeds/],
      [{ name: 'x', base: { config: tinyBase }, seeds: [1, 1] }, /seeds: lists a seed twice/],
      [
        { name: 'x', base: { config: tinyBase }, axes: { seed: [1, 2] }, seeds: 1 },
        /axes.seed.*not as an axis/,
      ],
      [{ name: 'x', base: { config: tinyBase }, axes: { 'a..b': [1] }, seeds: 1 }, /axes.a..b/],
      [
        { name: 'x', base: { config: tinyBase }, axes: { labelNoise: [] }, seeds: 1 },
        /axes.labelNoise/,
      ],
      [{ name: 'x', base: { preset: 'nope' }, seeds: 1 }, /base.preset: unknown preset "nope"/],
      [
        { name: 'x', base: { preset: 'real-vs-random', variants: ['fake'] }, seeds: 1 },
        /base.variants: preset "real-vs-random" has no variant "fake"/,
      ],
      [
        { name: 'x', base: { config: tinyBase }, axes: { labelNoise: [0.5, 0.5] }, seeds: 1 },
        /axes.labelNoise: lists 0.5 twice/,
      ],
      [
        {
          name: 'x',
          base: { config: tinyBase },
          axes: { labelNoise: [0, 0.5], batchSize: [50] },
          combine: 'zip',
          seeds: 1,
        },
        /same number of values; got labelNoise: 2, batchSize: 1/,
      ],
      [
        { name: 'x', base: { config: tinyBase }, axes: { 'model.kind.x': [1] }, seeds: 1 },
        /cell model.kind.x=1: axes: .*"kind" is not an object/,
      ],
      [{ name: '', base: { config: tinyBase }, seeds: 1 }, /name/],
      [{ name: 'x', base: { config: tinyBase }, seeds: 1, extra: true }, /extra: unknown key/],
    ];
    for (const [input, message] of cases) expect(expectSweepError(input).message).toMatch(message);
  });

  it('refuses a sweep that would expand past the run limit before building it', () => {
    const values = Array.from({ length: 101 }, (_, i) => i / 1000);
    const error = expectSweepError({
      name: 'huge',
      base: { config: tinyBase },
      axes: { labelNoise: values, 'optimizer.momentum': values },
      seeds: 1,
    });
    expect(error.message).toMatch(/expands to 10201 runs \(10201 cells × 1 seeds\); at most 10000/);
  });
});

describe('parseAxisArgument', () => {
  it('reads values like --set, splitting only top-level commas', () => {
    expect(parseAxisArgument('labelNoise=0,0.25,0.5')).toEqual({
      key: 'labelNoise',
      values: [0, 0.25, 0.5],
    });
    expect(parseAxisArgument('aggregator.kind=mean,m3')).toEqual({
      key: 'aggregator.kind',
      values: ['mean', 'm3'],
    });
    expect(parseAxisArgument('model.hidden=[128],[256,256]')).toEqual({
      key: 'model.hidden',
      values: [[128], [256, 256]],
    });
    expect(
      parseAxisArgument('aggregator={"kind":"winsorized","c":2},{"kind":"m3"}').values,
    ).toEqual([{ kind: 'winsorized', c: 2 }, { kind: 'm3' }]);
  });

  it('refuses malformed arguments with the argument in the message', () => {
    expect(() => parseAxisArgument('labelNoise')).toThrow(/--axis expects key=v1,v2/);
    expect(() => parseAxisArgument('labelNoise=0,,1')).toThrow(/--axis labelNoise: empty value/);
    expect(() => parseAxisArgument('model.hidden=[1,2')).toThrow(/unbalanced/);
    expect(() => parseAxisArgument('__proto__.x=1')).toThrow(/not a valid dotted config key/);
  });
});

describe('estimateSweep', () => {
  const plan = expandSweep({
    name: 'est',
    base: { config: tinyBase },
    axes: { 'model.hidden': [[32], [64]] },
    seeds: 3,
  });

  it('sums the new-run form’s per-run estimate and replays the queue on N slots', () => {
    const perRun = (config: unknown): number =>
      estimateCost(config, () => undefined).estimatedSeconds;
    const small = perRun(plan.runs[0].config);
    const large = perRun(plan.runs[1].config);
    expect(large).toBeGreaterThan(small);
    const serial = estimateSweep(plan, perRun, 1);
    expect(serial.runs).toBe(6);
    expect(serial.cells).toBe(2);
    expect(serial.totalRunSeconds).toBeCloseTo(3 * small + 3 * large, 9);
    expect(serial.wallSeconds).toBeCloseTo(serial.totalRunSeconds, 9);
    const two = estimateSweep(plan, perRun, 2);
    expect(two.wallSeconds).toBeLessThan(serial.wallSeconds);
    expect(two.wallSeconds).toBeGreaterThanOrEqual(serial.totalRunSeconds / 2);
    // More slots than runs: the longest run.
    expect(estimateSweep(plan, perRun, 16).wallSeconds).toBeCloseTo(large, 9);
  });

  it('replays a FIFO queue exactly (hand-computed)', () => {
    // Durations 5, 1, 1, 1, 4, 2 on 2 slots: A=5; B=1,1,1 → 3; then B takes 4 → 7; A takes 2 → 7.
    const durations = [5, 1, 1, 1, 4, 2];
    const estimate = estimateSweep(
      plan,
      (config) => durations[plan.runs.findIndex((r) => r.config === config)],
      2,
    );
    expect(estimate.totalRunSeconds).toBe(14);
    expect(estimate.wallSeconds).toBe(7);
    expect(() => estimateSweep(plan, () => 1, 0)).toThrow(/concurrency/);
  });
});
