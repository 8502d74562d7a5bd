import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { pairIndex } from '../../../src-main/engine/coherence/classCrossCoherence';
import { loadDataset } from '../../../src-main/engine/data/datasetLoader';
import { prepareData } from '../../../src-main/engine/data/prepareData';
import { buildModel } from '../../../src-main/engine/model/buildModel';
import type {
  ClassCrossMeasurement,
  CoherenceMeasurement,
  EndRecord,
  StartRecord,
} from '../../../src-main/engine/records/engineRecords';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { importWeights } from '../../../src-main/engine/train/weightTransfer';
import { referenceGradients } from '../model/referenceGradients';
import { collectRecords, trainingCacheDir } from '../train/trainingHarness';

/**
 * Class × class cross-coherence (issue 13) of a real run with per-class probes on wasm, checked
 * at its last measurement against a brute force: one tf.variableGrads per probe example at the
 * run's final weights (cpu backend), summed per class and compared as cosines in float64.
 */
describe('class-pair cross-coherence', () => {
  it('records ⟨S_i, S_j⟩/(‖S_i‖·‖S_j‖) for every class pair, equal to the single-example brute force', async () => {
    const config = parseRunConfig({
      dataset: { name: 'mnist', trainSize: 200, testSize: 50 },
      model: { kind: 'mlp', hidden: [8], activation: 'tanh', init: 'glorot' },
      batchSize: 20,
      steps: 4,
      seed: 5,
      backend: 'wasm',
      coherence: { m: 6, chunkSize: 4, perClass: true, batch: false },
      schedule: { every: 2 },
    });
    const records = await collectRecords(config);
    const start = records.find((r): r is StartRecord => r.kind === 'start');
    const end = records.find((r): r is EndRecord => r.kind === 'end');
    if (!start || !end) throw new Error('the run emitted no start or end record');
    const crosses = records.flatMap((r) =>
      r.kind === 'coherence' && r.classCross ? [r.classCross] : [],
    ) as ClassCrossMeasurement[];
    const measuredSteps = [
      ...new Set(
        records.flatMap((r) =>
          r.kind === 'coherence' ? r.measurements.map((m: CoherenceMeasurement) => m.step) : [],
        ),
      ),
    ];
    // One matrix at every probe measurement, K(K−1)/2 values for the K classes probed.
    expect(crosses.map((c) => c.step)).toEqual(measuredSteps);
    const classProbes = start.probes
      .filter((p) => /^class\d+$/.test(p.name))
      .sort((a, b) => a.labels[0] - b.labels[0]);
    const classes = classProbes.map((p) => p.labels[0]);
    expect(classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const c of crosses) {
      expect(c.classes).toEqual(classes);
      expect(c.values).toHaveLength((10 * 9) / 2);
    }
    const last = crosses[crosses.length - 1];
    expect(last.step).toBe(end.step);

    // Brute force at the final weights (those of the last measurement).
    await selectBackend('cpu');
    const data = prepareData(loadDataset('mnist', { cacheDir: trainingCacheDir }), config);
    const shape = { height: data.height, width: data.width, channels: data.channels };
    const model = buildModel(config.model, shape, data.numClasses, config.seed);
    importWeights(model, end.finalWeights);
    const width = model.inputSize;
    const sums = classProbes.map((probe) => {
      const x = new Float32Array(probe.positions.length * width);
      probe.positions.forEach((position, row) =>
        x.set(data.trainX.subarray(position * width, (position + 1) * width), row * width),
      );
      // Σ over the class's examples of single-example gradients, in float64, all parameters.
      return referenceGradients(model, x, probe.labels).summed.flatMap((v) => Array.from(v));
    });
    model.dispose();
    const dot = (a: number[], b: number[]): number => a.reduce((s, v, k) => s + v * b[k], 0);
    let largestError = 0;
    for (let i = 0; i < classes.length; i++) {
      for (let j = i + 1; j < classes.length; j++) {
        const expected =
          dot(sums[i], sums[j]) / Math.sqrt(dot(sums[i], sums[i]) * dot(sums[j], sums[j]));
        const recorded = last.values[pairIndex(i, j, classes.length)];
        expect(recorded, `classes ${i}, ${j}`).not.toBeNull();
        largestError = Math.max(largestError, Math.abs((recorded ?? NaN) - expected));
      }
    }
    // float32 gradients on two backends, summed in different orders (seen: 4e-8): 1e-6.
    expect(largestError).toBeLessThan(1e-6);
    // The pairs are not all alike (the test would pass for a constant otherwise).
    const spread = Math.max(...(last.values as number[])) - Math.min(...(last.values as number[]));
    expect(spread).toBeGreaterThan(0.1);
  }, 120_000);

  it('indexes the upper triangle row by row', () => {
    const k = 4;
    const order: string[] = [];
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) order[pairIndex(i, j, k)] = `${i}${j}`;
    expect(order).toEqual(['01', '02', '03', '12', '13', '23']);
  });
});
