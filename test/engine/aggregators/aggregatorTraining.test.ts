import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import type {
  EndRecord,
  EngineCheckpoint,
  EngineRecord,
  LearnTimesRecord,
  MetricPoint,
} from '../../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import type { RunConfig, RunConfigInput } from '../../../src-main/engine/config/configSchemas';
import { exportWeights } from '../../../src-main/engine/train/weightTransfer';
import { collectRecords } from '../train/trainingHarness';

/** 300 MNIST examples, a 784-8-10 MLP, batch 20: a few steps take milliseconds. */
function tiny(overrides: RunConfigInput = {}): RunConfig {
  return parseRunConfig({
    dataset: { name: 'mnist', trainSize: 300, testSize: 100 },
    model: { kind: 'mlp', hidden: [8] },
    optimizer: { kind: 'sgd', lr: 0.1 },
    batchSize: 20,
    steps: 12,
    seed: 3,
    coherence: { m: 40, chunkSize: 40 },
    schedule: { every: 1000 },
    backend: 'wasm',
    ...overrides,
  });
}

const collect = collectRecords;

const endOf = (records: EngineRecord[]): EndRecord => {
  const end = records[records.length - 1];
  if (end.kind !== 'end') throw new Error('run did not end');
  return end;
};
const points = (records: EngineRecord[]): MetricPoint[] =>
  records.flatMap((r) => (r.kind === 'metrics' ? r.points : []));

async function initialWeights(config: RunConfig): Promise<EndRecord['finalWeights']> {
  const model = buildModel(config.model, { height: 28, width: 28, channels: 1 }, 10, config.seed);
  const weights = await exportWeights(model);
  model.dispose();
  return weights;
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('training with aggregators', () => {
  it('winsorized c = 0 is plain SGD bit for bit; c = 10 trains and differs', async () => {
    const mean = endOf(await collect(tiny()));
    const c0 = endOf(await collect(tiny({ aggregator: { kind: 'winsorized', c: 0 } })));
    for (const key of Object.keys(mean.finalWeights)) {
      expect(c0.finalWeights[key].values).toEqual(mean.finalWeights[key].values);
    }
    const c10 = endOf(await collect(tiny({ aggregator: { kind: 'winsorized', c: 10 } })));
    expect(c10.status).toBe('completed');
    expect(c10.finalWeights['dense1/kernel'].values).not.toEqual(
      mean.finalWeights['dense1/kernel'].values,
    );
  });

  it('rm3 and m3 leave the weights untouched on the first two steps', async () => {
    for (const kind of ['rm3', 'm3'] as const) {
      const config = tiny({ aggregator: { kind }, steps: 2 });
      const end = endOf(await collect(config));
      const start = await initialWeights(config);
      for (const key of Object.keys(start))
        expect(end.finalWeights[key].values).toEqual(start[key].values);
      const three = endOf(await collect(tiny({ aggregator: { kind }, steps: 3 })));
      expect(three.finalWeights['dense2/bias'].values).not.toEqual(start['dense2/bias'].values);
    }
  });

  it.each(['m3', 'rm3', 'winsorized'] as const)(
    '%s: resuming from a mid-buffer checkpoint reproduces the uninterrupted run',
    async (kind) => {
      const aggregator = kind === 'winsorized' ? { kind, c: 10 } : { kind };
      const config = tiny({
        aggregator,
        steps: 20,
        labelNoise: 0.4,
        checkpointEvery: 1000,
        schedule: { every: 5 },
      });
      const full = await collect(config);
      const controller = new AbortController();
      let checkpoint: EngineCheckpoint | undefined;
      await collect(config, {
        signal: controller.signal,
        onRecord: (r) => {
          if (r.kind === 'metrics' && r.points.some((p) => p.step >= 7)) controller.abort();
          if (r.kind === 'checkpoint') checkpoint = r.checkpoint;
        },
      });
      if (!checkpoint) throw new Error('no checkpoint');
      expect(checkpoint.step % 3).not.toBe(0);
      expect(checkpoint.learnTimes?.firstLearnedStep).toHaveLength(300);
      if (kind !== 'winsorized')
        expect(Object.keys(checkpoint.aggregatorState ?? {}).length).toBeGreaterThan(0);
      const resumed = await collect(config, { resumeFrom: checkpoint });
      const a = endOf(full).finalWeights;
      const b = endOf(resumed).finalWeights;
      for (const key of Object.keys(a)) expect(b[key].values).toEqual(a[key].values);
      const lastLearn = (rs: EngineRecord[]): LearnTimesRecord => {
        const found = rs.filter((r): r is LearnTimesRecord => r.kind === 'learnTimes');
        return found[found.length - 1];
      };
      expect(lastLearn(resumed)).toEqual(lastLearn(full));
    },
  );

  it('does not leak tensors across steps (rm3 buffer, winsorized chunks, noise split)', async () => {
    for (const aggregator of [{ kind: 'rm3' as const }, { kind: 'winsorized' as const, c: 5 }]) {
      const counts = new Map<number, number>();
      await collect(tiny({ aggregator, labelNoise: 0.5, steps: 30, checkpointEvery: 10 }), {
        onRecord: (r) => {
          if (r.kind === 'checkpoint') counts.set(r.checkpoint.step, tf.memory().numTensors);
        },
      });
      expect(counts.get(10)).toBeDefined();
      expect(counts.get(20)).toBe(counts.get(10));
    }
  });

  it('with label noise: loss-reduction shares every step summing to 1, and learn-time records', async () => {
    const records = await collect(tiny({ labelNoise: 0.5, steps: 10, schedule: { every: 5 } }));
    const share = points(records).filter((p) => p.series === 'lossReductionShare');
    const byStep = new Map<number, number>();
    for (const p of share) byStep.set(p.step, (byStep.get(p.step) ?? 0) + p.value);
    expect([...byStep.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => i));
    for (const total of byStep.values()) expect(total).toBeCloseTo(1, 9);
    expect(new Set(share.map((p) => p.subset))).toEqual(new Set(['pristine', 'corrupt']));
    const learn = records.filter((r): r is LearnTimesRecord => r.kind === 'learnTimes');
    expect(learn.map((r) => r.step)).toEqual([0, 1, 2, 3, 5, 7, 10]);
    const last = learn[learn.length - 1];
    expect(last.firstLearnedStep).toHaveLength(300);
    for (let i = 0; i < 300; i++) {
      if (last.learnedSinceStep[i] >= 0)
        expect(last.learnedSinceStep[i]).toBeGreaterThanOrEqual(last.firstLearnedStep[i]);
    }
    // Without noise there is nothing to split.
    const clean = await collect(tiny({ steps: 3 }));
    expect(points(clean).some((p) => p.series === 'lossReductionShare')).toBe(false);
  });
});
