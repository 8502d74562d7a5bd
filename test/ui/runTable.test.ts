import { describe, expect, it } from 'vitest';
import type { RunListRow } from '../../src-main/api/contract';
import {
  formatDuration,
  formatNumber,
  formatPercent,
} from '../../src-renderer/src/format/formatters';
import { rowsWithProgress, withProgress } from '../../src-renderer/src/runTable/runProgress';
import { selectionInRows, toggledSelection } from '../../src-renderer/src/runTable/runSelection';
import {
  filterAndSortRuns,
  nextSort,
  RUN_TABLE_COLUMNS,
} from '../../src-renderer/src/runTable/runTableSort';
import { parseTags } from '../../src-renderer/src/runTable/runTags';
import { ariaSortOf, nextColumnSort } from '../../src-renderer/src/tableSort/columnSort';

function row(runId: number, overrides: Partial<RunListRow> = {}): RunListRow {
  return {
    runId,
    name: `run-${runId}`,
    tags: [],
    notes: '',
    groupId: null,
    status: 'completed',
    dataset: 'mnist',
    model: 'MLP 32',
    labelNoise: 0,
    aggregator: 'mean',
    backend: 'wasm',
    createdAt: '2025-01-01T00:00:00Z',
    progress: null,
    latest: {},
    probeM: 100,
    testCount: 10_000,
    metricsVersion: 2,
    sweep: null,
    ...overrides,
  };
}

const rows = [
  row(1, { name: 'baseline', tags: ['paper'], latest: { 'accuracy/test': 0.91 } }),
  row(2, { name: 'random labels', labelNoise: 1, latest: { 'accuracy/test': 0.1 } }),
  row(3, { name: 'cnn', model: 'CNN 16c3', status: 'running', notes: 'check lr' }),
];

describe('run table', () => {
  it('sorts by a latest value, runs without it last when descending', () => {
    const ids = (list: RunListRow[]): number[] => list.map((r) => r.runId);
    expect(ids(filterAndSortRuns(rows, '', 'testAcc', true))).toEqual([1, 2, 3]);
    expect(ids(filterAndSortRuns(rows, '', 'testAcc', false))).toEqual([3, 2, 1]);
    expect(ids(filterAndSortRuns(rows, '', 'runId', true))).toEqual([3, 2, 1]);
    expect(ids(filterAndSortRuns(rows, '', 'name', false))).toEqual([1, 3, 2]);
  });

  it('filters on name, tags, model, status and notes, case-insensitively', () => {
    const ids = (filter: string): number[] =>
      filterAndSortRuns(rows, filter, 'runId', false).map((r) => r.runId);
    expect(ids('PAPER')).toEqual([1]);
    expect(ids('cnn 16')).toEqual([3]);
    expect(ids('running')).toEqual([3]);
    expect(ids('check')).toEqual([3]);
    expect(ids('  ')).toEqual([1, 2, 3]);
  });

  it('flips the order on the sorted column; a new column starts descending, names ascending', () => {
    expect(nextSort({ key: 'runId', descending: true }, 'runId')).toEqual({
      key: 'runId',
      descending: false,
    });
    expect(nextSort({ key: 'runId', descending: false }, 'testAcc')).toEqual({
      key: 'testAcc',
      descending: true,
    });
    expect(nextSort({ key: 'runId', descending: true }, 'name')).toEqual({
      key: 'name',
      descending: false,
    });
    expect(RUN_TABLE_COLUMNS.map((c) => c.key)).toContain('coherence');
  });

  it('sorts any table by a clicked header the same way, and says so in aria-sort', () => {
    type Key = 'name' | 'kind' | 'acc';
    const none = { key: null, descending: false };
    expect(nextColumnSort<Key>(none, 'acc', ['name', 'kind'])).toEqual({
      key: 'acc',
      descending: true,
    });
    expect(nextColumnSort<Key>(none, 'kind', ['name', 'kind'])).toEqual({
      key: 'kind',
      descending: false,
    });
    expect(nextColumnSort<Key>({ key: 'acc', descending: true }, 'acc', [])).toEqual({
      key: 'acc',
      descending: false,
    });
    expect(ariaSortOf<Key>({ key: 'acc', descending: true }, 'acc')).toBe('descending');
    expect(ariaSortOf<Key>({ key: 'acc', descending: false }, 'acc')).toBe('ascending');
    expect(ariaSortOf<Key>({ key: 'acc', descending: true }, 'name')).toBe('none');
    expect(ariaSortOf<Key>(none, 'name')).toBe('none');
  });

  it('patches one run’s progress from an event and leaves the list alone for unknown runs', () => {
    const event = { runId: 3, done: 40, total: 100, rate: 12.5, etaSec: 4.8 };
    const patched = rowsWithProgress(rows, event);
    expect(patched[2].progress).toEqual({ done: 40, total: 100, rate: 12.5, etaSec: 4.8 });
    expect(patched[0]).toBe(rows[0]);
    expect(rowsWithProgress(rows, { ...event, runId: 99 })).toBe(rows);
    expect(withProgress(rows[0], event).runId).toBe(1);
  });

  it('keeps a selection of existing runs only, toggling one at a time', () => {
    const selected = toggledSelection(toggledSelection(new Set([1]), 2), 1);
    expect([...selected]).toEqual([2]);
    expect([...selectionInRows(new Set([2, 5]), rows)]).toEqual([2]);
  });

  it('parses tags as comma-separated, trimmed, without repeats or blanks', () => {
    expect(parseTags(' paper, noise ,paper,, ')).toEqual(['paper', 'noise']);
  });

  it('formats values as the table shows them', () => {
    expect(formatPercent(0.9134)).toBe('91.3 %');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatNumber(12.34567)).toBe('12.35');
    expect(formatNumber(2.5e-5)).toBe('2.50e-5');
    expect(formatDuration(3725)).toBe('1 h 2 min');
  });
});
