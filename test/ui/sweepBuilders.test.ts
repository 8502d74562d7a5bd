import { describe, expect, it } from 'vitest';
import type {
  CellSeries,
  RunListRow,
  SweepRow,
  SweepStatus,
  SweepTaskStatus,
} from '../../src-main/api/contract';
import {
  bandPointCount,
  cellBandsCsv,
  cellBandsOption,
} from '../../src-renderer/src/charts/cellBandsChart';
import { cellGroupsOf, hasSweepCells } from '../../src-renderer/src/compare/cellGroups';
import {
  describeCellStat,
  formatCellStat,
  headlineCellMetrics,
} from '../../src-renderer/src/compare/cellMetrics';
import { parseAxisValues } from '../../src-renderer/src/sweeps/axisValues';
import {
  emptySweepForm,
  runRequestOf,
  slurmOptionsOf,
  sweepDefinitionOf,
} from '../../src-renderer/src/sweeps/sweepFormState';
import {
  runsOutsideSweeps,
  sweepActions,
  sweepCells,
  sweepProgressView,
  sweepRunIds,
} from '../../src-renderer/src/sweeps/sweepRows';

const run = (runId: number, sweep: RunListRow['sweep'] = null): RunListRow => ({
  runId,
  name: `run-${runId}`,
  tags: [],
  notes: '',
  groupId: null,
  status: 'completed',
  dataset: 'mnist',
  model: 'MLP 16',
  labelNoise: 0,
  aggregator: 'mean',
  backend: 'wasm',
  createdAt: '2025-01-01T00:00:00Z',
  progress: null,
  latest: {},
  probeM: 50,
  testCount: 100,
  metricsVersion: 2,
  sweep,
});
const tag = (sweepId: string, cellIndex: number, taskIndex: number, seed: number) => ({
  sweepId,
  taskIndex,
  cellIndex,
  cellLabel: `labelNoise=${cellIndex * 0.5}`,
  seed,
});

describe('grouping compared runs by sweep cell', () => {
  it('puts the seeds of a cell together, in selection order, and leaves other runs alone', () => {
    const runs = new Map([
      [1, run(1, tag('a', 0, 0, 1))],
      [2, run(2, tag('a', 1, 1, 1))],
      [3, run(3, tag('a', 0, 2, 2))],
      [4, run(4)],
    ]);
    const groups = cellGroupsOf([2, 1, 4, 3], runs);
    expect(groups.map((g) => [g.key, g.label, g.runIds])).toEqual([
      ['a#1', 'labelNoise=0.5', [2]],
      ['a#0', 'labelNoise=0', [1, 3]],
      ['run-4', 'run-4 #4', [4]],
    ]);
    expect(hasSweepCells(groups)).toBe(true);
    expect(hasSweepCells(cellGroupsOf([4], runs))).toBe(false);
  });

  it('names the sweep in each label when cells of several sweeps are compared', () => {
    const runs = new Map([
      [1, run(1, tag('a', 0, 0, 1))],
      [2, run(2, tag('b', 0, 0, 1))],
    ]);
    expect(cellGroupsOf([1, 2], runs).map((g) => g.label)).toEqual([
      'a: labelNoise=0',
      'b: labelNoise=0',
    ]);
  });
});

describe('the cell band chart', () => {
  const band = (label: string, lo: Array<number | null>): CellSeries => ({
    label,
    runIds: [1, 2],
    steps: [0, 10, 20],
    n: [2, 2, 2],
    mean: [1, 2, 3],
    sd: [0.1, 0.2, 0.3],
    lo,
    hi: lo.map((v) => (v === null ? null : v + 1)),
    leftOut: [],
  });

  it('draws each cell as a filled band (lower bound + width, stacked) under its mean line', () => {
    const option = cellBandsOption({
      quantity: { label: 'accuracy, test', referenceAtOne: false },
      bands: [band('noise=0', [0.5, 1.5, 2.5]), band('noise=0.5', [0.4, null, 2.4])],
      colors: ['red', 'blue'],
    }) as unknown as {
      series: Array<{
        name: string;
        stack?: string;
        data: unknown[];
        areaStyle?: unknown;
        color: string;
      }>;
    };
    expect(option.series).toHaveLength(6);
    const [lower0, width0, lower1, width1, mean0, mean1] = option.series;
    expect(lower0).toMatchObject({ stack: 'cell-band-0', color: 'red', name: 'noise=0 (n = 2)' });
    expect(lower0.areaStyle).toBeUndefined();
    expect(lower0.data).toEqual([
      [0, 0.5],
      [10, 1.5],
      [20, 2.5],
    ]);
    expect(width0).toMatchObject({ stack: 'cell-band-0', areaStyle: { color: 'red' } });
    expect(width0.data).toEqual([
      [0, 1],
      [10, 1],
      [20, 1],
    ]);
    // No interval at a step (one seed): the band breaks there.
    expect(lower1.data[1]).toEqual([10, '-']);
    expect(width1.data[1]).toEqual([10, '-']);
    expect(mean0).toMatchObject({ name: 'noise=0 (n = 2)', color: 'red' });
    expect(mean0.stack).toBeUndefined();
    expect(mean0.data).toEqual([
      [0, 1],
      [10, 2],
      [20, 3],
    ]);
    expect(mean1.color).toBe('blue');
    expect(bandPointCount([band('x', [1, 1, 1])])).toBe(3);
  });

  it('exports what it draws: n, mean, sd and the interval per cell and step', () => {
    const csv = cellBandsCsv([band('noise=0', [0.5, null, 2.5])], 'accuracy, test');
    expect(csv.split('\n')).toEqual([
      'cell,quantity,step,n,mean,sd,ci95_low,ci95_high',
      'noise=0,"accuracy, test",0,2,1,0.1,0.5,1.5',
      'noise=0,"accuracy, test",10,2,2,0.2,,',
      'noise=0,"accuracy, test",20,2,3,0.3,2.5,3.5',
      '',
    ]);
  });
});

describe('cell metrics in tables', () => {
  it('picks the headline metrics whatever the summary names them, without their steps', () => {
    expect(
      headlineCellMetrics([
        'finalTrainAcc',
        'finalTestAcc',
        'bestTestAcc',
        'bestTestStep',
        'memorizedFraction',
        'probeCoherence.peak.value',
        'probeCoherence.peak.step',
        'adjustedOverfit',
      ]),
    ).toEqual([
      'finalTestAcc',
      'bestTestAcc',
      'memorizedFraction',
      'probeCoherence.peak.value',
      'adjustedOverfit',
    ]);
  });

  it('shows mean ± half-width, the value alone for one seed, and explains in the tooltip', () => {
    const stat = { n: 3, missing: 1, mean: 0.8, sd: 0.05, ci95: [0.7, 0.9] as [number, number] };
    expect(formatCellStat(stat)).toBe('0.8 ± 0.1');
    expect(formatCellStat({ ...stat, n: 1, sd: null, ci95: null })).toBe('0.8');
    expect(formatCellStat({ n: 0, missing: 2, mean: null, sd: null, ci95: null })).toBe('—');
    expect(describeCellStat(stat)).toBe('mean 0.8, 95 % CI [0.7, 0.9], sd 0.05, n = 3 (1 missing)');
  });
});

describe('sweep rows of the run table', () => {
  const row: SweepRow = {
    sweepId: 'a',
    name: 'noise',
    executor: 'slurm',
    createdAt: '',
    runs: 4,
    cells: 2,
    seeds: [1, 2],
    axes: ['labelNoise'],
    cellLabels: ['labelNoise=0', 'labelNoise=0.5'],
    inProject: 1,
    workDir: '/shared/a',
  };
  const task = (taskIndex: number, state: SweepTaskStatus['state'], runId: number | null) => ({
    taskIndex,
    cellIndex: taskIndex % 2,
    seed: 1 + Math.floor(taskIndex / 2),
    name: `t${taskIndex}`,
    state,
    runStatus: null,
    runId,
    stepsDone: null,
    totalSteps: null,
    etaSec: state === 'running' ? 75 : null,
    reason: null,
    slurm: null,
  });
  const status: SweepStatus = {
    sweepId: 'a',
    executor: 'slurm',
    total: 4,
    completed: 2,
    running: 1,
    pending: 0,
    failed: 1,
    cancelled: 0,
    inProject: 1,
    etaSec: 75,
    tasks: [
      task(0, 'completed', 7),
      task(1, 'completed', null),
      task(2, 'running', null),
      task(3, 'failed', null),
    ],
    warnings: [],
  };

  it('summarizes progress across tasks with the ETA, and offers what applies', () => {
    expect(sweepProgressView(row, status)).toEqual({
      total: 4,
      completed: 2,
      running: 1,
      pending: 0,
      unfinished: 1,
      text: '2/4 done · 1 running · 1 failed · 1 collected',
      etaText: '1 min 15 s',
    });
    expect(sweepActions(row, status)).toEqual({
      collect: true,
      cancel: true,
      resubmit: true,
      compare: true,
    });
    expect(sweepActions({ ...row, executor: null, inProject: 0 }, undefined)).toEqual({
      collect: false,
      cancel: false,
      resubmit: false,
      compare: false,
    });
    expect(sweepProgressView({ ...row, executor: null }, undefined).text).toBe('not started');
  });

  it('expands into cells with one task per seed and the runs the project holds', () => {
    const runs = new Map([[7, run(7, tag('a', 0, 0, 1))]]);
    const cells = sweepCells(row, status, runs);
    expect(
      cells.map((c) => [c.label, c.tasks.map((t) => [t.seed, t.state, t.run?.runId ?? null])]),
    ).toEqual([
      [
        'labelNoise=0',
        [
          [1, 'completed', 7],
          [2, 'running', null],
        ],
      ],
      [
        'labelNoise=0.5',
        [
          [1, 'completed', null],
          [2, 'failed', null],
        ],
      ],
    ]);
    const rows = [run(9, tag('a', 1, 3, 2)), run(8), run(7, tag('a', 0, 0, 1))];
    expect(runsOutsideSweeps(rows).map((r) => r.runId)).toEqual([8]);
    expect(sweepRunIds('a', rows)).toEqual([7, 9]);
  });
});

describe('the new-sweep form', () => {
  it('reads axis values like --set: JSON when it parses, text otherwise, brackets kept', () => {
    expect(parseAxisValues('0, 0.25, 0.5')).toEqual({ values: [0, 0.25, 0.5], error: null });
    expect(parseAxisValues('mean, m3')).toEqual({ values: ['mean', 'm3'], error: null });
    expect(parseAxisValues('[128], [256, 256]')).toEqual({
      values: [[128], [256, 256]],
      error: null,
    });
    expect(parseAxisValues('{"kind": "winsorized", "c": 2}, "a,b"').values).toEqual([
      { kind: 'winsorized', c: 2 },
      'a,b',
    ]);
    expect(parseAxisValues('[1, 2').error).toMatch(/unbalanced/);
    expect(parseAxisValues('1,,2').error).toMatch(/empty value/);
    expect(parseAxisValues('  ').error).toMatch(/at least one/);
  });

  it('builds the definition from the form, or says what is missing', () => {
    const form = emptySweepForm();
    form.axes = [
      { key: 'labelNoise', values: '0, 0.5' },
      { key: '', values: '' },
    ];
    form.overrides = 'steps=300\ncoherence.m=100';
    expect(sweepDefinitionOf(form, { steps: 10 })).toEqual({
      definition: {
        name: 'sweep',
        base: { config: { steps: 10 }, overrides: ['steps=300', 'coherence.m=100'] },
        axes: { labelNoise: [0, 0.5] },
        combine: 'grid',
        seeds: 3,
      },
      problems: [],
    });
    const preset = { ...emptySweepForm(), baseKind: 'preset' as const, preset: 'robust-averaging' };
    preset.variants = ['mean', 'm3'];
    preset.seedsMode = 'list';
    preset.seedList = '1, 7';
    expect(sweepDefinitionOf(preset, null).definition).toMatchObject({
      name: 'robust-averaging',
      base: { preset: 'robust-averaging', variants: ['mean', 'm3'] },
      seeds: [1, 7],
    });
    const bad = { ...emptySweepForm(), seedCount: '0' };
    bad.axes = [{ key: '', values: '1' }];
    expect(sweepDefinitionOf(bad, null)).toEqual({
      definition: null,
      problems: [
        'the configuration is still loading',
        'an axis needs a config key',
        'seeds: a whole number of seeds, at least 1',
      ],
    });
  });

  it('turns the executor fields into the run request', () => {
    const form = emptySweepForm();
    form.concurrency = '3';
    expect(runRequestOf(form, 's')).toEqual({ sweepId: 's', executor: 'local', concurrency: 3 });
    form.executor = 'slurm';
    form.slurm.gres = 'gpu:1';
    form.slurm.time = '2:00:00';
    form.slurm.maxConcurrent = '4';
    form.slurm.sbatchArgs = '--qos=long\n\n--constraint=avx2';
    form.slurm.workDir = '/shared/sweeps';
    expect(slurmOptionsOf(form)).toEqual({
      gres: 'gpu:1',
      time: '2:00:00',
      maxConcurrent: 4,
      sbatchArgs: ['--qos=long', '--constraint=avx2'],
    });
    expect(runRequestOf(form, 's')).toEqual({
      sweepId: 's',
      executor: 'slurm',
      slurm: slurmOptionsOf(form),
      workDir: '/shared/sweeps',
    });
  });
});
