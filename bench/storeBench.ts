/**
 * How fast does the project store take and give back metric points? Measures, on a real
 * project file in a temp folder:
 * - insertPointsPerSec: 500k points appended in batches of 5k (one transaction per batch,
 *   as the recorder writes them);
 * - read1MPointsMs: one series of 10 runs × 100k points (1M in all) read into typed columns
 *   with readSeries, as the compare view does.
 * Targets: ≥ 500k points/s insert, < 500 ms read. Run standalone:
 * `npx tsx bench/storeBench.ts` prints the JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetricPoint } from '../src-main/engine/records/engineRecords';
import { openProject, type ProjectStore } from '../src-main/store/projectStore';

export interface StoreBenchResult {
  readonly insertPointsPerSec: number;
  readonly read1MPointsMs: number;
}

export interface StoreBenchOptions {
  readonly insertPoints?: number;
  readonly batchSize?: number;
  readonly readRuns?: number;
  readonly pointsPerRun?: number;
}

function batchOf(start: number, size: number, series: MetricPoint['series']): MetricPoint[] {
  const points: MetricPoint[] = new Array<MetricPoint>(size);
  for (let i = 0; i < size; i++) {
    const step = start + i;
    points[i] = {
      series,
      subset: 'train',
      step,
      epoch: step / 600,
      examplesSeen: step * 100,
      wallMs: step * 3.5,
      value: Math.exp(-step / 1e5),
    };
  }
  return points;
}

function newRun(store: ProjectStore, name: string): number {
  return store.runs.create({
    name,
    tags: ['bench'],
    notes: '',
    groupId: null,
    config: {},
    seed: 1,
    appVersion: 'bench',
  });
}

export async function benchStore(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const insertPoints = options.insertPoints ?? 500_000;
  const batchSize = options.batchSize ?? 5_000;
  const readRuns = options.readRuns ?? 10;
  const pointsPerRun = options.pointsPerRun ?? 100_000;
  const dir = mkdtempSync(path.join(tmpdir(), 'clab-store-bench-'));
  const store = openProject(path.join(dir, 'bench.clab'), { create: true, appVersion: 'bench' });
  try {
    // Insert: batches are built beforehand so only the store is timed.
    const insertRun = newRun(store, 'insert');
    const batches: MetricPoint[][] = [];
    for (let s = 0; s < insertPoints; s += batchSize) {
      batches.push(batchOf(s, Math.min(batchSize, insertPoints - s), 'loss'));
    }
    const t0 = performance.now();
    for (const points of batches) store.series.append(insertRun, { points });
    const insertMs = performance.now() - t0;

    // Read: 10 runs × 100k points of one series, among another series so the range scan matters.
    const runIds: number[] = [];
    for (let r = 0; r < readRuns; r++) {
      const runId = newRun(store, `read ${r}`);
      runIds.push(runId);
      for (let s = 0; s < pointsPerRun; s += 50_000) {
        const n = Math.min(50_000, pointsPerRun - s);
        store.series.append(runId, {
          points: [...batchOf(s, n, 'accuracy'), ...batchOf(s, n, 'loss')],
        });
      }
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.series.readSeries(runIds.slice(0, 1), 'accuracy', 'train'); // warm the statement
    const t1 = performance.now();
    const columns = store.series.readSeries(runIds, 'accuracy', 'train', { xAxis: 'examplesSeen' });
    const readMs = performance.now() - t1;
    const total = columns.reduce((sum, c) => sum + c.y.length, 0);
    if (total !== readRuns * pointsPerRun) throw new Error(`read ${total} points`);
    return {
      insertPointsPerSec: Math.round(insertPoints / (insertMs / 1000)),
      read1MPointsMs: Math.round(readMs),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  console.log(JSON.stringify(await benchStore(), null, 2));
}
