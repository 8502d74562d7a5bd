import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../../src-main/engine/data/datasetTypes';
import { prepareData } from '../../../src-main/engine/data/prepareData';
import { runConfigSchema } from '../../../src-main/engine/runConfig';
import type { RunConfigInput } from '../../../src-main/engine/config/configSchemas';
import { fixtureBytes } from './dataFileFixtures';

/** A small synthetic dataset: 4×4×c images, 10 classes, labels cycling 0..9. */
function synthetic(trainCount = 300, testCount = 50, channels = 1): ImageDataset {
  const size = 16 * channels;
  return {
    name: 'synthetic',
    height: 4,
    width: 4,
    channels,
    numClasses: 10,
    train: {
      pixels: fixtureBytes(trainCount * size, 11),
      labels: Uint8Array.from({ length: trainCount }, (_, i) => (i * 7) % 10),
      count: trainCount,
    },
    test: {
      pixels: fixtureBytes(testCount * size, 12),
      labels: Uint8Array.from({ length: testCount }, (_, i) => i % 10),
      count: testCount,
    },
  };
}

function config(
  overrides: Partial<RunConfigInput> = {},
  trainSize = 200,
  testSize = 40,
): ReturnType<typeof runConfigSchema.parse> {
  return runConfigSchema.parse({
    dataset: { name: 'synthetic', trainSize, testSize },
    steps: 1,
    batchSize: 10,
    coherence: { m: 10 },
    ...overrides,
  });
}

const histogram = (values: Iterable<number>): number[] => {
  const counts = new Array<number>(10).fill(0);
  for (const v of values) counts[v]++;
  return counts;
};

const row = (x: Float32Array, i: number, size: number): number[] =>
  Array.from(x.subarray(i * size, (i + 1) * size));

describe('prepareData', () => {
  const dataset = synthetic();

  it('selects seeded subsets in file order and scales pixels to [0,1] exactly', () => {
    const data = prepareData(dataset, config());
    expect(data.trainCount).toBe(200);
    expect(data.testCount).toBe(40);
    expect(new Set(data.trainSourceIndex).size).toBe(200);
    for (let i = 1; i < 200; i++)
      expect(data.trainSourceIndex[i]).toBeGreaterThan(data.trainSourceIndex[i - 1]);
    for (let i = 0; i < 200; i++) {
      const source = data.trainSourceIndex[i];
      expect(data.originalLabels[i]).toBe(dataset.train.labels[source]);
      expect(row(data.trainX, i, 16)).toEqual(
        Array.from(dataset.train.pixels.subarray(source * 16, source * 16 + 16), (v) =>
          Math.fround(v / 255),
        ),
      );
    }
    expect(Math.min(...data.trainX)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.trainX)).toBeLessThanOrEqual(1);
    expect(Math.max(...data.testX)).toBeLessThanOrEqual(1);
    expect(Array.from(data.testLabels)).toEqual(
      Array.from(data.testSourceIndex, (i) => dataset.test.labels[i]),
    );
    expect(Array.from(data.trainingLabels)).toEqual(Array.from(data.originalLabels));
    expect(data.corrupt.every((c) => c === 0)).toBe(true);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const noisy = { labelNoise: 0.4, randomPixels: 'shuffled' as const };
    const a = prepareData(dataset, config({ ...noisy, seed: 3 }));
    const b = prepareData(dataset, config({ ...noisy, seed: 3 }));
    const c = prepareData(dataset, config({ ...noisy, seed: 4 }));
    for (const key of [
      'trainX',
      'trainSourceIndex',
      'trainingLabels',
      'corrupt',
      'testX',
      'testSourceIndex',
    ] as const) {
      expect(Array.from(a[key])).toEqual(Array.from(b[key]));
    }
    expect(Array.from(a.trainSourceIndex)).not.toEqual(Array.from(c.trainSourceIndex));
    expect(Array.from(a.corrupt)).not.toEqual(Array.from(c.corrupt));
  });

  it('refuses subsets larger than the split, naming the setting', () => {
    expect(() => prepareData(dataset, config({}, 301))).toThrow(
      'dataset.trainSize 301 is larger than the 300 training examples of synthetic',
    );
    expect(() => prepareData(dataset, config({}, 200, 51))).toThrow(
      'dataset.testSize 51 is larger than the 50 test examples of synthetic',
    );
  });

  it('selects exactly round(p·n) examples; corrupt means the label changed', () => {
    for (const [p, n] of [
      [0.3, 200],
      [0.25, 101],
      [1, 50],
    ]) {
      for (const noiseMode of ['permute', 'uniform'] as const) {
        const data = prepareData(dataset, config({ labelNoise: p, noiseMode }, n));
        expect(data.selected.reduce((s, c) => s + c, 0)).toBe(Math.round(p * n));
        for (let i = 0; i < data.trainCount; i++) {
          const changed = data.trainingLabels[i] !== data.originalLabels[i];
          expect(data.corrupt[i] === 1).toBe(changed);
          if (changed) expect(data.selected[i]).toBe(1);
        }
        // Uniform noise always draws another class, so every selected example is corrupt.
        if (noiseMode === 'uniform')
          expect(Array.from(data.corrupt)).toEqual(Array.from(data.selected));
      }
    }
  });

  it('permuted labels that come back to their own class are pristine (about 1/K of them)', () => {
    const data = prepareData(dataset, config({ labelNoise: 1, noiseMode: 'permute' }, 300));
    const kept = Array.from(data.selected.keys()).filter(
      (i) => data.selected[i] === 1 && data.corrupt[i] === 0,
    );
    for (const i of kept) expect(data.trainingLabels[i]).toBe(data.originalLabels[i]);
    // 300 selected among K = 10 classes: ~30 keep their label by chance (binomial sd ≈ 5.2).
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(50);
  });

  it('uniform mode never keeps the label and leaves pristine examples alone', () => {
    const data = prepareData(dataset, config({ labelNoise: 0.5, noiseMode: 'uniform' }));
    for (let i = 0; i < data.trainCount; i++) {
      if (data.corrupt[i]) expect(data.trainingLabels[i]).not.toBe(data.originalLabels[i]);
      else expect(data.trainingLabels[i]).toBe(data.originalLabels[i]);
    }
  });

  it('permute mode keeps the label histogram of the selected examples', () => {
    const data = prepareData(dataset, config({ labelNoise: 0.5, noiseMode: 'permute' }));
    const selected = Array.from(data.selected.keys()).filter((i) => data.selected[i] === 1);
    expect(histogram(selected.map((i) => data.trainingLabels[i]))).toEqual(
      histogram(selected.map((i) => data.originalLabels[i])),
    );
    expect(selected.some((i) => data.trainingLabels[i] !== data.originalLabels[i])).toBe(true);
    for (let i = 0; i < data.trainCount; i++) {
      if (!data.selected[i]) expect(data.trainingLabels[i]).toBe(data.originalLabels[i]);
    }
  });

  it('gaussian pixels cover all examples without label noise and match the data moments', () => {
    const clean = prepareData(dataset, config());
    const data = prepareData(dataset, config({ randomPixels: 'gaussian' }));
    expect(data.corrupt.every((c) => c === 1)).toBe(true);
    expect(Array.from(data.trainingLabels)).toEqual(Array.from(data.originalLabels));
    const moments = (x: Float32Array): [number, number] => {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      return [mean, Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length)];
    };
    const [m0, s0] = moments(clean.trainX);
    const [m1, s1] = moments(data.trainX);
    expect(Math.abs(m1 - m0)).toBeLessThan(0.01);
    expect(Math.abs(s1 - s0)).toBeLessThan(0.01);
    expect(Array.from(data.testX)).toEqual(Array.from(clean.testX));
  });

  it('random pixels with label noise hit exactly the selected examples, all then corrupt', () => {
    const clean = prepareData(dataset, config({ labelNoise: 0.3 }));
    const data = prepareData(dataset, config({ labelNoise: 0.3, randomPixels: 'gaussian' }));
    expect(Array.from(data.selected)).toEqual(Array.from(clean.selected));
    expect(Array.from(data.corrupt)).toEqual(Array.from(clean.selected));
    for (let i = 0; i < data.trainCount; i++) {
      const same = row(data.trainX, i, 16).every((v, f) => v === clean.trainX[i * 16 + f]);
      expect(same).toBe(data.corrupt[i] === 0);
    }
  });

  it('shuffled pixels permute positions per example, keeping channels together', () => {
    const rgb = synthetic(100, 10, 3);
    const clean = prepareData(rgb, config({}, 60, 10));
    const data = prepareData(rgb, config({ randomPixels: 'shuffled' }, 60, 10));
    const pixelsOf = (x: Float32Array, i: number): string[] =>
      Array.from({ length: 16 }, (_, p) =>
        Array.from(x.subarray(i * 48 + p * 3, i * 48 + p * 3 + 3)).join(','),
      ).sort();
    let moved = 0;
    for (let i = 0; i < 60; i++) {
      expect(pixelsOf(data.trainX, i)).toEqual(pixelsOf(clean.trainX, i));
      if (row(data.trainX, i, 48).some((v, f) => v !== clean.trainX[i * 48 + f])) moved++;
    }
    expect(moved).toBeGreaterThan(55);
  });

  it('standardizes per channel with training statistics', () => {
    const rgb = synthetic(100, 10, 3);
    const data = prepareData(
      rgb,
      config({ dataset: { name: 'synthetic', trainSize: 80, testSize: 10, standardize: true } }),
    );
    for (let c = 0; c < 3; c++) {
      const values = Array.from(data.trainX).filter((_, i) => i % 3 === c);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(Math.abs(std - 1)).toBeLessThan(1e-4);
    }
    expect(data.testX.length).toBe(10 * 48);
  });
});
