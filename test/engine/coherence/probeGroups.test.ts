import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import {
  crossCoherence,
  measureProbeCoherence,
} from '../../../src-main/engine/coherence/probeCoherence';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import type {
  CoherenceMeasurement,
  MetricPoint,
  StartRecord,
} from '../../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { referenceGradients, tinyData } from '../model/referenceGradients';
import { collectRecords } from '../train/trainingHarness';

/**
 * The probes of the paper experiments (issue 13): one per class, nested prefixes for an m
 * sweep, and the cross-coherence of the pristine and corrupt groups. Cross-coherence is checked
 * against a float64 brute force from single-example gradients; the probe sets and recorded
 * values come from real training runs on MNIST.
 */
beforeAll(async () => {
  await selectBackend('cpu');
});

describe('cross-coherence', () => {
  it('equals ⟨S_A, S_B⟩/(‖S_A‖‖S_B‖) from single-example gradients', async () => {
    const model = buildModel(
      { kind: 'mlp', hidden: [5], activation: 'tanh', init: 'glorot' },
      { height: 2, width: 3, channels: 1 },
      4,
      2,
    );
    const n = 12;
    const { x, labels } = tinyData(n, model.inputSize, 4, 9);
    const groupA = [0, 2, 3, 7, 11];
    const groupB = [1, 4, 5, 6, 8, 9, 10];
    const ref = referenceGradients(model, x, labels);
    const sumOver = (rows: number[]): Float64Array[] =>
      ref.summed.map((_, v) => {
        const out = new Float64Array(ref.summed[v].length);
        for (const i of rows) ref.perExample[i][v].forEach((g, k) => (out[k] += g));
        return out;
      });
    const [a, b] = [sumOver(groupA), sumOver(groupB)];
    let ab = 0;
    let aa = 0;
    let bb = 0;
    a.forEach((va, v) =>
      va.forEach((value, k) => {
        ab += value * b[v][k];
        aa += value * value;
        bb += b[v][k] * b[v][k];
      }),
    );
    const expected = ab / Math.sqrt(aa * bb);
    const measured = async (rows: number[]): Promise<readonly Float64Array[]> =>
      (
        await measureProbeCoherence(
          model,
          x,
          rows.map((r) => labels[r]),
          rows,
          2,
        )
      ).summed;
    const value = crossCoherence(await measured(groupA), await measured(groupB));
    expect(Math.abs((value ?? NaN) - expected)).toBeLessThan(1e-6);
    // Symmetric, and +1 with itself.
    expect(crossCoherence(await measured(groupB), await measured(groupA))).toBeCloseTo(
      value ?? NaN,
      12,
    );
    expect(crossCoherence(await measured(groupA), await measured(groupA))).toBeCloseTo(1, 12);
    expect(crossCoherence([new Float64Array(3)], [Float64Array.from([1, 2, 3])])).toBeNull();
    model.dispose();
  });
});

describe('per-class and nested probes in a training run', () => {
  it('draws class probes by training label and nested prefixes, and records cross-coherence', async () => {
    const config = parseRunConfig({
      dataset: { name: 'mnist', trainSize: 300, testSize: 100 },
      model: { kind: 'mlp', hidden: [16], activation: 'relu', init: 'he' },
      labelNoise: 0.5,
      batchSize: 50,
      steps: 4,
      seed: 3,
      backend: 'cpu',
      coherence: { m: 20, perClass: true, nested: [5, 50, 200], batch: false },
      schedule: { every: 2 },
    });
    const records = await collectRecords(config);
    const start = records.find((r): r is StartRecord => r.kind === 'start');
    if (!start) throw new Error('no start record');
    const probes = new Map(start.probes.map((p) => [p.name, p]));
    const trainingLabel = new Map(
      start.examples.sourceIndex.map((source, i) => [source, start.examples.trainingLabel[i]]),
    );
    // One probe per class present, each only that class's examples (training labels), ≤ m.
    for (let k = 0; k < 10; k++) {
      const probe = probes.get(`class${k}`);
      expect(probe, `class${k}`).toBeDefined();
      expect(probe?.positions.length).toBeLessThanOrEqual(20);
      expect(probe?.positions.length).toBeGreaterThan(0);
      expect(probe?.labels.every((label) => label === k)).toBe(true);
      for (const source of probe?.sourceIndices ?? []) expect(trainingLabel.get(source)).toBe(k);
    }
    // Nested: sizes as asked, each contained in the next.
    const nested = [5, 50, 200].map((size) => probes.get(`train@${size}`));
    nested.forEach((probe, i) => expect(probe?.positions.length).toBe([5, 50, 200][i]));
    for (let i = 0; i + 1 < nested.length; i++) {
      const larger = new Set(nested[i + 1]?.positions);
      expect(nested[i]?.positions.every((p) => larger.has(p))).toBe(true);
    }
    // Every probe is measured at every evaluation, with its own m.
    const measurements = records.flatMap((r) =>
      r.kind === 'coherence' ? r.measurements : [],
    ) as CoherenceMeasurement[];
    const steps = [...new Set(measurements.map((m) => m.step))];
    expect(steps.length).toBeGreaterThan(1);
    for (const step of steps) {
      const at = measurements.filter((m) => m.step === step);
      expect(new Set(at.map((m) => m.probe))).toEqual(new Set(probes.keys()));
      expect(at.find((m) => m.probe === 'train@50')?.m).toBe(50);
    }
    // Cross-coherence of the pristine and corrupt probes at every evaluation, in [−1, 1].
    const cross = records
      .flatMap((r) => (r.kind === 'metrics' ? r.points : []))
      .filter((p: MetricPoint) => p.series === 'crossCoherence');
    expect(cross.map((p) => p.step)).toEqual(steps);
    for (const p of cross) expect(Math.abs(p.value)).toBeLessThanOrEqual(1);
  });

  it('refuses nested sizes larger than the training subset or listed twice, naming the key', () => {
    expect(() =>
      parseRunConfig({
        dataset: { trainSize: 100 },
        steps: 1,
        coherence: { m: 10, nested: [10, 500] },
      }),
    ).toThrow(/coherence\.nested\.1: must be at most dataset\.trainSize \(100\)/);
    expect(() =>
      parseRunConfig({
        dataset: { trainSize: 100 },
        steps: 1,
        coherence: { m: 10, nested: [10, 10] },
      }),
    ).toThrow(/coherence\.nested\.1: 10 is listed twice/);
  });
});
