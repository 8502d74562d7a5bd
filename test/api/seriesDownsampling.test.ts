/**
 * Series downsampled for drawing: the store's choice of points (at most maxPoints, stored
 * points only, first/last and the lowest and highest y always kept) on brute-force-checked
 * data, and the series reads' `maxPoints` through the real LabApi on a seeded SQLite project.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { downsampleColumns, drawnPointIndices } from '../../src-main/store/seriesDownsampling';
import { SEED_STEP, seedRuns } from '../ui/support/seededRuns';

/** A noisy curve with one spike up and one down inside, where no bucket's triangle favours them. */
function noisyColumns(n: number): {
  runId: number;
  x: Float64Array;
  y: Float64Array;
  step: Float64Array;
} {
  const x = Float64Array.from({ length: n }, (_, i) => i * 10);
  const y = Float64Array.from(
    { length: n },
    (_, i) => Math.sin(i * 0.37) + 0.5 * Math.cos(i * 1.3),
  );
  y[1234] = 9.5;
  y[3210] = -7.25;
  return { runId: 1, x, y, step: Float64Array.from(x) };
}

/** Brute force: the index of the lowest (highest) value, the first one on ties. */
function minIndex(y: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < y.length; i++) if (y[i] < y[best]) best = i;
  return best;
}
function maxIndex(y: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < y.length; i++) if (y[i] > y[best]) best = i;
  return best;
}

describe('downsampling a series for drawing', () => {
  it('keeps at most maxPoints stored points, first, last, lowest and highest among them', () => {
    const columns = noisyColumns(5000);
    for (const maxPoints of [4, 5, 37, 600, 4999]) {
      const kept = drawnPointIndices(columns, maxPoints);
      expect(kept.length).toBeLessThanOrEqual(maxPoints);
      expect(kept.length).toBeGreaterThanOrEqual(Math.min(4, maxPoints));
      // Ascending, distinct indices: a subset of the stored points in stored order.
      for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
      expect(kept[0]).toBe(0);
      expect(kept.at(-1)).toBe(4999);
      expect(kept).toContain(minIndex(columns.y));
      expect(kept).toContain(maxIndex(columns.y));
    }
    const drawn = downsampleColumns(columns, 600);
    expect(drawn.y.length).toBeLessThanOrEqual(600);
    expect(Math.max(...drawn.y)).toBe(9.5);
    expect(Math.min(...drawn.y)).toBe(-7.25);
    // Every drawn point is the stored point at its step, unchanged.
    drawn.step.forEach((step, k) => {
      expect(drawn.x[k]).toBe(columns.x[step / 10]);
      expect(drawn.y[k]).toBe(columns.y[step / 10]);
    });
  });

  it('returns every point of a series no longer than maxPoints, and rejects maxPoints < 4', () => {
    const columns = noisyColumns(300);
    expect(downsampleColumns(columns, 300)).toBe(columns);
    expect(drawnPointIndices(columns, 1000)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(() => drawnPointIndices(columns, 3)).toThrow(/maxPoints must be an integer ≥ 4/);
    expect(() => drawnPointIndices(columns, 10.5)).toThrow(/maxPoints/);
  });

  it('keeps the extremes when some values are not finite', () => {
    const columns = noisyColumns(2000);
    columns.y[10] = Number.NaN;
    columns.y[1500] = Number.POSITIVE_INFINITY;
    const kept = drawnPointIndices(columns, 50);
    expect(kept.length).toBeLessThanOrEqual(50);
    const finite = Array.from(columns.y, (v) => (Number.isFinite(v) ? v : Number.NaN));
    expect(kept).toContain(1234);
    expect(kept).toContain(minIndex(finite.map((v) => (Number.isNaN(v) ? Infinity : v))));
  });
});

describe('series reads with maxPoints through the API', () => {
  let dir: string;
  let api: LabApi;
  let runIds: number[];
  const POINTS = 3000;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clab-downsample-'));
    const projectPath = join(dir, 'd.clab');
    runIds = seedRuns(projectPath, { runs: 2, points: POINTS, metrics: true });
    api = await createLabApi({ projectPath });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('downsamples each run of runs.series and runs.coherenceSeries, saying how many are stored', async () => {
    const full = await api.call('runs.series', { runIds, series: 'accuracy', subset: 'test' });
    const drawn = await api.call('runs.series', {
      runIds,
      series: 'accuracy',
      subset: 'test',
      maxPoints: 200,
    });
    for (const [r, run] of drawn.entries()) {
      expect(run.storedPoints).toBe(POINTS);
      expect(run.returnedPoints).toBe(run.y.length);
      expect(run.y.length).toBeLessThanOrEqual(200);
      expect(run.y.length).toBeGreaterThan(100);
      expect(full[r].storedPoints).toBe(POINTS);
      expect(full[r].returnedPoints).toBe(POINTS);
      expect(run.step[0]).toBe(0);
      expect(run.step.at(-1)).toBe((POINTS - 1) * SEED_STEP);
      expect(Math.min(...run.y)).toBe(Math.min(...full[r].y));
      expect(Math.max(...run.y)).toBe(Math.max(...full[r].y));
      run.step.forEach((step, k) => expect(run.y[k]).toBe(full[r].y[step / SEED_STEP]));
    }
    const coherence = await api.call('runs.coherenceSeries', {
      runIds,
      probe: 'train',
      xAxis: 'examplesSeen',
      maxPoints: 50,
    });
    expect(coherence.map((c) => c.returnedPoints <= 50 && c.storedPoints === POINTS)).toEqual([
      true,
      true,
    ]);
    expect(coherence[0].x[1]).toBe(coherence[0].step[1] * 100);
  });

  it('rejects a bad maxPoints with an error naming the field', async () => {
    for (const maxPoints of [3, 2.5, 100_001, '600']) {
      const error = await api
        .call('runs.series', {
          runIds,
          series: 'loss',
          subset: 'train',
          maxPoints: maxPoints as number,
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ApiError);
      const body = (error as ApiError).body;
      expect(body.code).toBe('invalid-input');
      expect(body.issues?.map((i) => i.path)).toEqual(['maxPoints']);
      expect(body.message).toMatch(/maxPoints/);
    }
  });
});
