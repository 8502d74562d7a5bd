import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src-main/sweeps/canonicalJson';
import { cellMetricStatistics, numericFields } from '../../src-main/sweeps/cellMetrics';
import {
  readShardProgress,
  shardProgressPath,
  writeShardProgress,
  type ShardProgress,
} from '../../src-main/sweeps/shardProgress';
import { newSweepId } from '../../src-main/sweeps/sweepIds';
import { meanRunSeconds, sweepEtaSeconds } from '../../src-main/sweeps/sweepProgress';
import { readShardState, type ShardState } from '../../src-main/sweeps/sweepShard';
import { slurmTaskState, type SlurmTaskView } from '../../src-main/sweeps/slurm/slurmTaskState';

describe('cell metrics from run summaries', () => {
  it('flattens nested numeric fields to dotted names and keeps nulls as missing', () => {
    const summary = {
      finalTestAcc: 0.8,
      memorizedFraction: null,
      probeCoherence: { peak: { value: 12.5, step: 300 }, init: { value: 3, step: 0 } },
      label: 'not a number',
      flags: [1, 2],
      done: true,
    };
    expect([...numericFields(summary)]).toEqual([
      ['finalTestAcc', 0.8],
      ['memorizedFraction', null],
      ['probeCoherence.peak.value', 12.5],
      ['probeCoherence.peak.step', 300],
      ['probeCoherence.init.value', 3],
      ['probeCoherence.init.step', 0],
    ]);
  });

  it('pins n, mean, sd and the Student t interval against hand-computed values', () => {
    // Three seeds of one cell. Mean 0.85; deviations ±0.05, 0 → sd = √(0.005/2) = 0.05;
    // half-width = t_{0.975,2} · 0.05/√3 = 4.30265273 · 0.0288675135 = 0.124206886.
    const stats = cellMetricStatistics([
      { acc: 0.8, peak: { value: 10, step: 100 } },
      { acc: 0.85, peak: { value: 14, step: 200 } },
      { acc: 0.9, peak: null },
    ]);
    expect(Object.keys(stats)).toEqual(['acc', 'peak.value', 'peak.step']);
    const acc = stats.acc;
    expect(acc.n).toBe(3);
    expect(acc.mean).toBeCloseTo(0.85, 12);
    expect(acc.sd).toBeCloseTo(0.05, 12);
    expect(acc.halfWidth95).toBeCloseTo(0.124206886, 8);
    expect(acc.ci95?.[0]).toBeCloseTo(0.85 - 0.124206886, 8);
    // Two values (one run has no peak): t_{0.975,1} = 12.7062047; sd = √8 = 2.8284271;
    // half-width = 12.7062047 · 2.8284271/√2 = 25.4124094.
    const peak = stats['peak.value'];
    expect([peak.n, peak.missing, peak.mean]).toEqual([2, 1, 12]);
    expect(peak.halfWidth95).toBeCloseTo(25.4124094, 6);
  });

  it('counts a metric that one run lacks as missing for it, and one value has no interval', () => {
    const stats = cellMetricStatistics([{ a: 1 }, { b: 2 }]);
    expect(stats.a).toMatchObject({ n: 1, missing: 1, mean: 1, sd: null, ci95: null });
    expect(stats.b).toMatchObject({ n: 1, missing: 1, mean: 2 });
  });
});

describe('sweep ETA', () => {
  it('runs pending tasks on the first slot that frees up', () => {
    // Two slots busy for 10 s and 30 s; three pending runs of 20 s each:
    // slot A: 10 → 30 → 50, slot B: 30 → 50 → done at 50.
    expect(sweepEtaSeconds([10, 30], 3, 2, 20)).toBe(50);
    // An idle slot takes work at once.
    expect(sweepEtaSeconds([10], 2, 2, 20)).toBe(30);
    expect(sweepEtaSeconds([], 0, 2, null)).toBe(0);
  });

  it('is unknown when a needed duration is unknown', () => {
    expect(sweepEtaSeconds([null], 0, 1, null)).toBeNull();
    expect(sweepEtaSeconds([5], 1, 1, null)).toBeNull();
    // A running task without its own ETA is assumed to take a whole run.
    expect(sweepEtaSeconds([null], 0, 1, 12)).toBe(12);
  });

  it('measures runs from their start and finish times', () => {
    expect(
      meanRunSeconds([
        { startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:10Z' },
        { startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:30Z' },
        { startedAt: null, finishedAt: '2025-01-01T00:00:30Z' },
      ]),
    ).toBe(20);
    expect(meanRunSeconds([])).toBeNull();
  });
});

describe("a Slurm task's state from its shard and Slurm", () => {
  const run = (
    status:
      'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'diverged',
    error: string | null = null,
  ): ShardState => ({
    kind: 'run',
    run: { status, progress: null, error, startedAt: null, finishedAt: null },
  });
  const slurm = (state: string, extra: Partial<SlurmTaskView> = {}): SlurmTaskView => ({
    state,
    reason: 'None',
    exitCode: 0,
    exitSignal: 0,
    restarts: 0,
    ...extra,
  });
  const verdict = (shard: ShardState, view?: SlurmTaskView, reachable = true): string => {
    const v = slurmTaskState({ shard, slurm: view, submitted: true, slurmReachable: reachable });
    return `${v.state}: ${v.reason ?? ''}`;
  };

  it('trusts a finished shard whatever Slurm says', () => {
    expect(verdict(run('completed'), slurm('RUNNING'))).toBe('completed: ');
    expect(verdict(run('diverged', 'loss became NaN'), undefined)).toBe(
      'completed: diverged: loss became NaN',
    );
  });

  it('takes waiting and running from Slurm, with its reason', () => {
    expect(verdict(run('queued'), slurm('PENDING', { reason: 'Resources' }))).toBe(
      'pending: Resources',
    );
    expect(verdict(run('cancelled'), slurm('PENDING', { reason: 'BeginTime', restarts: 1 }))).toBe(
      'pending: requeued (1×), waiting: BeginTime',
    );
    expect(verdict(run('running'), slurm('RUNNING'))).toBe('running: ');
  });

  it('explains ended tasks: cancelled, time limit, a run that failed', () => {
    expect(verdict(run('cancelled'), slurm('CANCELLED', { exitCode: 0, exitSignal: 15 }))).toBe(
      'cancelled: cancelled in Slurm; stopped at a checkpoint',
    );
    expect(verdict(run('cancelled'), slurm('TIMEOUT', { exitCode: 0, exitSignal: 15 }))).toMatch(
      /^failed: TIMEOUT \(exit code 0, signal 15\): the time limit/,
    );
    expect(verdict(run('failed', 'disk full'), slurm('FAILED', { exitCode: 1 }))).toBe(
      'failed: disk full',
    );
    expect(verdict(run('queued'), slurm('FAILED', { exitCode: 2 }))).toBe(
      'failed: FAILED (exit code 2)',
    );
  });

  it('falls back to the shard when Slurm forgot the task or does not answer', () => {
    expect(verdict(run('cancelled'))).toMatch(/^cancelled: stopped at a checkpoint/);
    expect(verdict(run('running'))).toMatch(/^failed: the worker stopped without finishing/);
    expect(verdict(run('queued'))).toMatch(/^failed: Slurm has no record/);
    expect(verdict(run('running'), undefined, false)).toBe(
      'running: from the shard (Slurm did not answer)',
    );
    expect(verdict({ kind: 'refused', reason: 'it holds 2 runs' })).toBe(
      'failed: shard refused: it holds 2 runs',
    );
    expect(
      slurmTaskState({
        shard: { kind: 'missing' },
        slurm: undefined,
        submitted: false,
        slurmReachable: true,
      }),
    ).toEqual({ state: 'pending', reason: 'not submitted' });
  });
});

describe('progress files and ids', () => {
  const report = (extra: Partial<ShardProgress> = {}): ShardProgress => ({
    format: 1,
    sweepId: 'noise-abc123',
    taskIndex: 3,
    status: 'running',
    done: 40,
    total: 300,
    rate: 20,
    etaSec: 13,
    error: null,
    startedAt: '2025-01-01T00:00:00Z',
    finishedAt: null,
    host: 'node7',
    updatedAt: '2025-01-01T00:00:02Z',
    ...extra,
  });

  it('reads the state of a task from its progress file, never from the shard', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clab-progress-'));
    const shard = join(dir, '00003.clab');
    expect(shardProgressPath(shard)).toBe(join(dir, '00003.progress.json'));
    expect(readShardState(shard, { sweepId: 'noise-abc123', taskIndex: 3 })).toEqual({
      kind: 'missing',
    });
    // A shard file that is not even SQLite: the state comes from the progress file alone.
    writeFileSync(shard, 'written by a worker on another node');
    expect(readShardState(shard, { sweepId: 'noise-abc123', taskIndex: 3 })).toMatchObject({
      kind: 'run',
      run: { status: 'queued' },
    });
    writeShardProgress(shard, report());
    expect(readShardState(shard, { sweepId: 'noise-abc123', taskIndex: 3 })).toEqual({
      kind: 'run',
      run: {
        status: 'running',
        progress: { done: 40, total: 300, rate: 20, etaSec: 13 },
        error: null,
        startedAt: '2025-01-01T00:00:00Z',
        finishedAt: null,
      },
    });
    expect(readShardState(shard, { sweepId: 'other-000000', taskIndex: 3 })).toEqual({
      kind: 'refused',
      reason: 'its progress file reports task 3 of sweep noise-abc123',
    });
    writeFileSync(shardProgressPath(shard), '{"format": 1');
    expect(readShardProgress(shard)).toMatchObject({ ok: false });
  });

  it('makes sweep ids from the name and 6 random hex digits', () => {
    // '×' has no ASCII decomposition and is dropped.
    expect(newSweepId('Noise × LR: a study', Buffer.from([0x3f, 0xa9, 0xc1]))).toBe(
      'noise-lr-a-study-3fa9c1',
    );
    expect(newSweepId('∑∑∑', Buffer.from([0, 0, 1]))).toBe('sweep-000001');
    expect(newSweepId('x'.repeat(100))).toMatch(/^x{24}-[0-9a-f]{6}$/);
  });

  it('compares configs whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
