/**
 * Store speed: batched metric-point insert throughput, and reading one series of 1M points
 * (10 runs × 100k) into typed columns as the compare view does. Real SQLite file in a temp dir.
 * Run standalone: `npx tsx bench/storeBench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetricPoint } from '../src-main/engine/train/engineRecords';
import { ProjectStore } from '../src-main/store/projectStore';

export interface StoreBenchResult {
  readonly insertPointsPerSec: number;
  readonly read1MPointsMs: number;
}

const BATCH = 5_000;
const RUNS = 10;
const POINTS_PER_RUN = 100_000;

function batchOf(start: number, count: number): MetricPoint[] {
  return Array.from({ length: count }, (_, i) => {
    const step = start + i;
    return { series: 'loss', subset: 'batch', step, epoch: step / 100, examplesSeen: step * 100, wallMs: step * 2.5, value: Math.exp(-step / 1e5) };
  });
}

export async function benchStore(): Promise<StoreBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'clab-store-bench-'));
  const store = ProjectStore.open(join(dir, 'bench.clab'), { create: true, appVersion: 'bench' });
  try {
    const runIds = Array.from({ length: RUNS }, (_, i) =>
      store.runs.create({ name: `run ${i}`, tags: [], notes: '', groupId: null, config: {}, seed: i, appVersion: 'bench' }),
    );
    // Build the batches first so only the store's work is timed.
    const batches = Array.from({ length: POINTS_PER_RUN / BATCH }, (_, b) => batchOf(b * BATCH, BATCH));
    const started = performance.now();
    for (const runId of runIds) for (const batch of batches) store.series.append(runId, { points: batch });
    const insertSec = (performance.now() - started) / 1000;
    const readStart = performance.now();
    const columns = store.series.readSeries(runIds, 'loss', 'batch', { xAxis: 'step' });
    const read1MPointsMs = performance.now() - readStart;
    const total = columns.reduce((s, c) => s + c.x.length, 0);
    if (total !== RUNS * POINTS_PER_RUN) throw new Error(`read ${total} points, expected ${RUNS * POINTS_PER_RUN}`);
    return { insertPointsPerSec: Math.round((RUNS * POINTS_PER_RUN) / insertSec), read1MPointsMs: Math.round(read1MPointsMs) };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(JSON.stringify(await benchStore(), null, 2));
}
