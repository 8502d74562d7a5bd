import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import type {
  EngineCheckpoint,
  EngineRecord,
  MetricPoint,
} from '../../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import type { RunConfigInput } from '../../../src-main/engine/config/configSchemas';
import { testsBackend, useBackend } from '../backendsUnderTest';
import { collectRecords } from './trainingHarness';

/** A run small enough for CI: 600 MNIST examples, a 784-32-10 MLP, probes of 100. */
function tinyConfig(overrides: RunConfigInput = {}): ReturnType<typeof parseRunConfig> {
  return parseRunConfig({
    dataset: { name: 'mnist', trainSize: 600, testSize: 200 },
    model: { kind: 'mlp', hidden: [32] },
    optimizer: { kind: 'sgd', lr: 0.05 },
    batchSize: 50,
    steps: 40,
    seed: 7,
    coherence: { m: 100, chunkSize: 50 },
    schedule: { every: 20 },
    backend: 'wasm',
    ...overrides,
  });
}

const collect = collectRecords;

const points = (records: EngineRecord[]): MetricPoint[] =>
  records.flatMap((r) => (r.kind === 'metrics' ? r.points : []));
const withoutWall = <T extends { wallMs: number }>(items: T[]): Array<Omit<T, 'wallMs'>> =>
  items.map(({ wallMs: _wall, ...rest }) => rest);
const coherence = (records: EngineRecord[]): Array<Record<string, unknown>> =>
  records.flatMap((r) => (r.kind === 'coherence' ? withoutWall([...r.measurements]) : []));

beforeAll(async () => {
  await selectBackend('wasm');
});

describe.runIf(testsBackend('wasm'))('training loop', () => {
  it('is deterministic: same config and seed give identical metrics and coherence', async () => {
    const a = await collect(tinyConfig());
    const b = await collect(tinyConfig());
    expect(withoutWall(points(a))).toEqual(withoutWall(points(b)));
    expect(coherence(a)).toEqual(coherence(b));
    const c = await collect(tinyConfig({ seed: 8 }));
    expect(withoutWall(points(c))).not.toEqual(withoutWall(points(a)));
  });

  it('measures on the log-spaced schedule and at the final step, with the backend recorded', async () => {
    const records = await collect(tinyConfig({ steps: 30 }));
    const start = records[0];
    expect(start.kind).toBe('start');
    if (start.kind !== 'start') return;
    expect(start.backend.name).toBe('wasm');
    expect(start.backend.version).toMatch(/4\.\d+/);
    const steps = [...new Set(coherence(records).map((c) => c.step))];
    expect(steps).toEqual([0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 30]);
    const end = records[records.length - 1];
    expect(end).toMatchObject({ kind: 'end', status: 'completed', step: 30 });
    // Every training step yields loss, accuracy and batch m-coherence (m = batch size ≤ 50).
    const batchCoherence = points(records).filter((p) => p.series === 'batchCoherence');
    expect(batchCoherence.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    for (const p of batchCoherence) {
      expect(p.value).toBeGreaterThan(0);
      expect(p.value).toBeLessThanOrEqual(50);
    }
  });

  it('reports pristine and corrupt probes and accuracy splits under label noise', async () => {
    const records = await collect(tinyConfig({ labelNoise: 0.5, steps: 20 }));
    const probes = new Set(coherence(records).map((c) => c.probe));
    expect(probes).toEqual(new Set(['train', 'pristine', 'corrupt']));
    const subsets = new Set(
      points(records)
        .filter((p) => p.series === 'accuracy')
        .map((p) => p.subset),
    );
    expect(subsets).toEqual(new Set(['batch', 'train', 'test', 'pristine', 'corrupt']));
    const start = records[0];
    if (start.kind !== 'start') throw new Error('first record must be start');
    // Half of the 600 examples are selected; corrupt = label changed (a permuted label can
    // return to its own class, about 1/K of them).
    const { selected, corrupt, trainingLabel, originalLabel } = start.examples;
    expect(selected.reduce((s, c) => s + c, 0)).toBe(300);
    const changed = corrupt.reduce((s, c) => s + c, 0);
    expect(changed).toBeGreaterThan(240);
    expect(changed).toBeLessThan(300);
    corrupt.forEach((c, i) => expect(c === 1).toBe(trainingLabel[i] !== originalLabel[i]));
  });

  it('reports progress while it trains even when checkpoints flush the points more often', async () => {
    // A checkpoint every step flushes the buffered points every step. Progress must still come
    // every flush interval: timed from the flushes, it never came due and a run sat at 0 %
    // until its end (seen on a tiny Slurm sweep task that could then not be cancelled mid-run).
    const records = await collect(tinyConfig({ steps: 200, checkpointEvery: 1 }), {
      flushIntervalMs: 10,
    });
    const reported = records.flatMap((r) => (r.kind === 'progress' ? [r.done] : []));
    expect(reported[0]).toBe(0);
    expect(reported.at(-1)).toBe(200);
    const between = reported.filter((done) => done > 0 && done < 200);
    expect(between.length).toBeGreaterThanOrEqual(2);
    expect(between).toEqual([...between].sort((a, b) => a - b));
  });

  it('stops a diverging run with status diverged, keeping what came before', async () => {
    const records = await collect(tinyConfig({ optimizer: { kind: 'sgd', lr: 1e6 }, steps: 200 }));
    const end = records[records.length - 1];
    expect(end.kind).toBe('end');
    if (end.kind !== 'end') return;
    expect(end.status).toBe('diverged');
    expect(end.step).toBeLessThan(200);
    expect(end.message).toMatch(/loss became (NaN|Infinity) at step \d+/);
    expect(points(records).length).toBeGreaterThan(0);
  });

  it('does not leak tensors: the tensor count after step 10 equals that after step 100', async () => {
    const counts = new Map<number, number>();
    await collect(tinyConfig({ steps: 110, checkpointEvery: 10, schedule: { every: 1000 } }), {
      onRecord: (r) => {
        if (r.kind === 'checkpoint') counts.set(r.checkpoint.step, tf.memory().numTensors);
      },
    });
    expect(counts.get(10)).toBeDefined();
    expect(counts.get(100)).toBe(counts.get(10));
    // Also after the run: nothing from the run survives it.
  });
});

// On webgpu (SwiftShader) a shorter run: it still measures at every early step, cancels and
// resumes.
const resumeCases = [
  { backend: 'wasm', config: tinyConfig({ steps: 40, checkpointEvery: 1000 }), cancelAt: 17 },
  {
    backend: 'webgpu',
    config: tinyConfig({
      dataset: { name: 'mnist', trainSize: 40, testSize: 20 },
      model: { kind: 'mlp', hidden: [8] },
      batchSize: 10,
      steps: 3,
      coherence: { m: 10, chunkSize: 10 },
      checkpointEvery: 1000,
      backend: 'webgpu',
    }),
    cancelAt: 1,
  },
] as const;

describe('cancel and resume', () => {
  it.for(resumeCases.filter((c) => testsBackend(c.backend)))(
    'cancels via AbortSignal with a checkpoint, and resuming reproduces the uninterrupted run on $backend',
    async ({ backend, config, cancelAt }, context) => {
      await useBackend(backend, context);
      const steps = config.steps ?? 0;
      const full = await collect(config);
      const controller = new AbortController();
      let checkpoint: EngineCheckpoint | undefined;
      const first = await collect(config, {
        signal: controller.signal,
        onRecord: (r) => {
          if (r.kind === 'metrics' && r.points.some((p) => p.step >= cancelAt)) controller.abort();
          if (r.kind === 'checkpoint') checkpoint = r.checkpoint;
        },
      });
      expect(first[first.length - 1]).toMatchObject({ kind: 'end', status: 'cancelled' });
      expect(checkpoint).toBeDefined();
      const resumedAt = (checkpoint as EngineCheckpoint).step;
      expect(resumedAt).toBeGreaterThan(0);
      expect(resumedAt).toBeLessThan(steps);
      const second = await collect(config, { resumeFrom: checkpoint });
      const before = (r: EngineRecord[]): MetricPoint[] =>
        points(r).filter((p) => p.step < resumedAt);
      const after = (r: EngineRecord[]): MetricPoint[] =>
        points(r).filter((p) => p.step >= resumedAt);
      const stitched = [...before(first), ...after(second)];
      const key = (p: Omit<MetricPoint, 'wallMs'>): string => `${p.series}/${p.subset}/${p.step}`;
      const sort = (ps: MetricPoint[]): Array<Omit<MetricPoint, 'wallMs'>> =>
        withoutWall(ps).sort((x, y) => key(x).localeCompare(key(y)));
      expect(sort(stitched)).toEqual(sort(points(full)));
      expect(coherence(second).filter((c) => (c.step as number) >= resumedAt)).toEqual(
        coherence(full).filter((c) => (c.step as number) >= resumedAt),
      );
      const fullEnd = full[full.length - 1];
      const secondEnd = second[second.length - 1];
      if (fullEnd.kind !== 'end' || secondEnd.kind !== 'end') throw new Error('runs must end');
      expect(secondEnd.finalWeights['dense1/kernel'].values).toEqual(
        fullEnd.finalWeights['dense1/kernel'].values,
      );
    },
  );
});
