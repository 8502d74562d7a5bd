import { describe, expect, it } from 'vitest';
import { planReproduction, runReproduction } from '../../src-main/reproduce/reproduction';
import type { RunRecord, SuiteExecutor, SuiteReader } from '../../src-main/reproduce/suiteData';
import { cellStatistic } from '../../src-main/sweeps/cellStatistics';

const STEPS = [0, 10, 25, 50, 100, 200];
const flat = (value: number) => ({ steps: STEPS, values: STEPS.map(() => value) });

/** A record whose probe m-coherence is `trainProbe` at every step; the rest constant. */
const record = (trainProbe: number): RunRecord => ({
  coherence: { train: flat(trainProbe), pristine: flat(4), corrupt: flat(2) },
  accuracy: { train: flat(0.5), test: flat(0.8), pristine: flat(0.9), corrupt: flat(0.2) },
});

describe('planning the suite', () => {
  it('trains each arm once per seed, seed-major, sharing plain SGD between G5, P2 and P4', () => {
    const plan = planReproduction({ tier: 'quick', seedCount: 3 });
    expect(plan.claims.map((c) => c.id)).toEqual([
      'G1',
      'G5/P1-a',
      'G5/P1-b',
      'G5/P1-c',
      'G7/P2',
      'G7/P4-RM3',
      'G7/P4-M3',
      'G4',
    ]);
    // G1: real, random; 50 % noise: SGD (= winsorized c = 0), c = 1, 2, 4, 8, A3, M3, RA3, RM3;
    // G4: the linear toy's real, random and one-step real runs.
    expect(plan.arms).toHaveLength(14);
    expect(plan.requests).toHaveLength(42);
    expect(plan.requests.slice(0, 14).every((r) => r.seed === 1)).toBe(true);
    expect(plan.requests.slice(28).every((r) => r.seed === 3)).toBe(true);
    expect(plan.requests.filter((r) => r.armKey === 'noise50-sgd')).toHaveLength(3);
    expect(plan.requests[0].config).toMatchObject({ seed: 1, labelNoise: 0 });
    expect(plan.notRun.map((c) => c.id)).toContain('P3');
    // The full tier adds Fashion-MNIST, the CNN and P3.
    const full = planReproduction({ tier: 'full', seedCount: 3 });
    expect(full.claims.map((c) => c.id)).toEqual(
      expect.arrayContaining(['G1-fashion', 'G1-cnn', 'P3']),
    );
    expect(full.notRun.map((c) => c.id)).not.toContain('P3');
  });

  it('judges G3 on the cells the project can run, and says how to add CIFAR-10', () => {
    const full = planReproduction({ tier: 'full', seedCount: 3, only: ['G3'] });
    const [g3] = full.claims;
    expect(g3.arms).toHaveLength(12);
    expect(g3.rule).toMatch(/ResNet Fashion-MNIST/);
    expect(g3.rule).not.toMatch(/CIFAR/);
    const cifar = full.notRun.find((c) => c.id === 'G3-cifar10');
    expect(cifar?.reason).toMatch(/datasets import .* --format cifar10 --name cifar10/);
    const resnet = full.arms.find((a) => a.key === 'mnist-resnet-real');
    expect(resnet?.config.model).toMatchObject({ kind: 'resnet', norm: 'group' });
    expect(resnet?.config).toMatchObject({ steps: 500, coherence: { m: 1000 } });
    const withCifar = planReproduction({
      tier: 'full',
      seedCount: 3,
      only: ['G3'],
      context: { cifar10: true },
    });
    expect(withCifar.claims[0].arms).toHaveLength(18);
    expect(withCifar.claims[0].rule).toMatch(/ResNet CIFAR-10/);
    expect(withCifar.notRun.map((c) => c.id)).not.toContain('G3-cifar10');
    expect(withCifar.requests.find((r) => r.armKey === 'cifar10-cnn-real')?.config).toMatchObject({
      dataset: { name: 'cifar10' },
      model: { kind: 'cnn' },
    });
  });

  it('reads per-layer sums only for P3-layers and final weights only for the one-step toy', async () => {
    const plan = planReproduction({ tier: 'full', seedCount: 3, only: ['P3-layers', 'G4'] });
    const asked = new Map<number, readonly string[]>();
    const execute: SuiteExecutor = async (requests) =>
      requests.map((_, i) => ({ runId: 500 + i, status: 'completed' }));
    const read: SuiteReader = async (runIds, extras) => {
      for (const [runId, reads] of extras ?? []) asked.set(runId, reads);
      return new Map(runIds.map((runId) => [runId, record(1)]));
    };
    await runReproduction(plan, execute, read);
    const readsOf = (armKey: string): Array<readonly string[] | undefined> =>
      plan.requests.flatMap((r, i) => (r.armKey === armKey ? [asked.get(500 + i)] : []));
    expect(readsOf('real-cnn')).toEqual([['layers'], ['layers'], ['layers']]);
    expect(readsOf('linear-toy-real-step1')).toEqual([
      ['finalWeights'],
      ['finalWeights'],
      ['finalWeights'],
    ]);
    expect(readsOf('linear-toy-real')).toEqual([undefined, undefined, undefined]);
  });

  it('keeps only the arms the chosen claims need and applies --set to every run', () => {
    const plan = planReproduction({
      tier: 'quick',
      seedCount: 2,
      only: ['G7/P4-RM3'],
      overrides: ['steps=50', 'coherence.m=20'],
    });
    expect(plan.arms.map((a) => a.key)).toEqual(['noise50-ra3', 'noise50-rm3']);
    for (const request of plan.requests) {
      expect(request.config).toMatchObject({ steps: 50, coherence: { m: 20 } });
    }
  });

  it('refuses unknown claims, bad seeds, a --set of the seed and a --set that breaks a config', () => {
    expect(() => planReproduction({ tier: 'quick', seedCount: 3, only: ['P3'] })).toThrow(
      /unknown claim "P3" for the quick suite/,
    );
    expect(() => planReproduction({ tier: 'quick', seedCount: 0 })).toThrow(/--seeds/);
    expect(() => planReproduction({ tier: 'quick', seedCount: 2.5 })).toThrow(/--seeds/);
    expect(() => planReproduction({ tier: 'quick', seedCount: 3, overrides: ['seed=4'] })).toThrow(
      /use --seeds/,
    );
    expect(() =>
      planReproduction({ tier: 'quick', seedCount: 1, overrides: ['batchSize=0'] }),
    ).toThrow(/MNIST MLP real: invalid run config: .*batchSize/);
  });
});

describe('running the suite through an executor and a reader', () => {
  const plan = planReproduction({ tier: 'quick', seedCount: 3, only: ['G1'] });
  // Real-label probe 20, 24, 28 over seeds 1–3; random 2: ratios 10, 12, 14 → G1 holds.
  const probeOf = (armKey: string, seed: number): number =>
    armKey === 'mnist-mlp-real' ? 16 + 4 * seed : 2;

  it('judges every seed and draws mean ± 95 % CI bands from the seeds', async () => {
    const calls: number[] = [];
    const execute: SuiteExecutor = async (requests) => {
      calls.push(requests.length);
      return requests.map((_, i) => ({ runId: 100 + i, status: 'completed' }));
    };
    const read: SuiteReader = async (runIds) =>
      new Map(
        runIds.map((runId, i) => {
          const request = plan.requests[i];
          return [runId, record(probeOf(request.armKey, request.seed))];
        }),
      );
    const result = await runReproduction(plan, execute, read);
    expect(calls).toEqual([6]);
    const [g1] = result.claims;
    expect(g1).toMatchObject({ id: 'G1', verdict: 'holds', reason: '3 of 3 seeds hold, 0 fail' });
    expect(g1.seeds.map((s) => s.numbers.medianRatio)).toEqual([10, 12, 14]);
    const [real, random] = g1.figures.probeCoherence.bands;
    expect(real.steps).toEqual(STEPS);
    const expected = cellStatistic([20, 24, 28]);
    expect(real.mean[0]).toBeCloseTo(24, 12);
    expect(real.lo[0]).toBeCloseTo((expected.ci95 as [number, number])[0], 12);
    expect(real.hi[0]).toBeCloseTo((expected.ci95 as [number, number])[1], 12);
    expect(random.lo[0]).toBe(2);
    expect(g1.runs['mnist-mlp-real'].map((r) => r.runId)).toEqual([100, 102, 104]);
  });

  it('does not judge or draw a run that did not complete: that seed is undetermined', async () => {
    const execute: SuiteExecutor = async (requests) =>
      requests.map((_, i) => ({ runId: 100 + i, status: i === 2 ? 'failed' : 'completed' }));
    const read: SuiteReader = async (runIds) =>
      new Map(runIds.map((runId, i) => [runId, record(probeOf(plan.requests[i].armKey, 1))]));
    const [g1] = (await runReproduction(plan, execute, read)).claims;
    expect(g1.verdict).toBe('inconclusive');
    expect(g1.seeds[1]).toMatchObject({ seed: 2, outcome: 'undetermined' });
    expect(g1.seeds[1].note).toMatch(/no completed run of mnist-mlp-real/);
    expect(g1.figures.probeCoherence.bands[0].n[0]).toBe(2);
  });
});

describe('staged execution: second-stage arms start from a first-stage run of the same seed', () => {
  const plan = planReproduction({
    tier: 'full',
    seedCount: 3,
    only: ['G6/P5', 'G6/P5-reliability', 'adversarial-init'],
  });
  const firstStage = ['easyhard-reference', 'advinit-random-pretraining', 'advinit-real-fresh'];

  it('plans the first stage before the second, every seed in each', () => {
    expect(plan.requests.map((r) => r.stage)).toEqual([...Array(9).fill(1), ...Array(9).fill(2)]);
    expect(new Set(plan.requests.slice(0, 9).map((r) => r.armKey))).toEqual(new Set(firstStage));
    expect(plan.requests.slice(9, 12).map((r) => r.seed)).toEqual([1, 1, 1]);
    expect(plan.notRun.map((c) => c.id)).not.toContain('G6/P5');
    expect(plan.notRun.map((c) => c.id)).not.toContain('adversarial-init');
    const quick = planReproduction({ tier: 'quick', seedCount: 3 });
    expect(quick.notRun.map((c) => c.id)).toEqual(
      expect.arrayContaining(['G6/P5', 'adversarial-init']),
    );
  });

  it('links each second-stage run to its seed’s first-stage run; a failed first stage skips it', async () => {
    const batches: Array<Array<{ armKey: string; seed: number; config: unknown }>> = [];
    let nextId = 1;
    const idOf = new Map<string, number>();
    const execute: SuiteExecutor = async (requests) => {
      batches.push(requests.map((r) => ({ armKey: r.armKey, seed: r.seed, config: r.config })));
      return requests.map((r) => {
        const runId = nextId++;
        idOf.set(`${r.armKey}#${r.seed}`, runId);
        // Seed 3's reference run fails: its easy/hard runs cannot be created.
        const failed = r.armKey === 'easyhard-reference' && r.seed === 3;
        return { runId, status: failed ? 'failed' : 'completed' };
      });
    };
    const learnTimesAsked: number[][] = [];
    const read: SuiteReader = async (runIds, extras = new Map()) => {
      learnTimesAsked.push(
        [...extras].filter(([, reads]) => reads.includes('learnTimes')).map(([id]) => id),
      );
      return new Map(runIds.map((id) => [id, record(2)]));
    };
    const result = await runReproduction(plan, execute, read);
    expect(batches.map((b) => b.length)).toEqual([9, 7]);
    for (const request of batches[1]) {
      const config = request.config as {
        dataset: { learnedSubset?: { referenceRun: number } };
        init?: { fromRun: number };
      };
      if (request.armKey === 'advinit-real-from-random') {
        expect(config.init?.fromRun).toBe(idOf.get(`advinit-random-pretraining#${request.seed}`));
      } else {
        expect(request.seed).not.toBe(3);
        expect(config.dataset.learnedSubset?.referenceRun).toBe(
          idOf.get(`easyhard-reference#${request.seed}`),
        );
      }
    }
    // The reliability rule reads the reference runs' learn times.
    expect(learnTimesAsked).toEqual([[1, 4, 7]]);
    const g6 = result.claims.find((c) => c.id === 'G6/P5');
    expect(g6?.seeds[2]).toMatchObject({ seed: 3, outcome: 'undetermined' });
    expect(g6?.seeds[2].note).toMatch(/no completed run of easyhard-reference, easyhard-easy/);
  });
});
