import { describe, expect, it } from 'vitest';
import { loadBuiltinDataset } from '../../../src-main/engine/data/builtinDatasets';
import { loadDataset } from '../../../src-main/engine/data/datasetLoader';
import type { ImageDataset } from '../../../src-main/engine/data/datasetTypes';

// The one test that loads the full MNIST files; everything else uses tiny synthetic data.
describe('built-in MNIST', () => {
  it('loads 60000/10000 28×28×1 images with the known first labels, once per process', () => {
    const mnist = loadBuiltinDataset('mnist', '/nonexistent-cache-dir');
    // Scalars only: expect() on a whole dataset would walk 47 million bytes on a failure.
    expect([mnist.name, mnist.height, mnist.width, mnist.channels, mnist.numClasses]).toEqual([
      'mnist',
      28,
      28,
      1,
      10,
    ]);
    expect(mnist.train.count).toBe(60000);
    expect(mnist.test.count).toBe(10000);
    expect(mnist.train.pixels.length).toBe(60000 * 784);
    expect(mnist.test.pixels.length).toBe(10000 * 784);
    expect(mnist.train.labels[0]).toBe(5);
    expect(mnist.test.labels[0]).toBe(7);
    expect(mnist.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(loadBuiltinDataset('mnist', '/elsewhere') === mnist).toBe(true);
    expect(loadDataset('mnist', { cacheDir: '/elsewhere' }) === mnist).toBe(true);
  });
});

describe('loadDataset', () => {
  const tiny: ImageDataset = {
    name: 'tiny',
    height: 1,
    width: 1,
    channels: 1,
    numClasses: 2,
    train: { pixels: Uint8Array.of(1), labels: Uint8Array.of(0), count: 1 },
    test: { pixels: Uint8Array.of(2), labels: Uint8Array.of(1), count: 1 },
  };

  it('resolves imported datasets through the caller hook', () => {
    const context = {
      cacheDir: '/tmp',
      importedDatasets: (name: string) => (name === 'tiny' ? tiny : undefined),
    };
    expect(loadDataset('tiny', context)).toBe(tiny);
  });

  it('lists the available names for an unknown one', () => {
    expect(() => loadDataset('cifar-100', { cacheDir: '/tmp' })).toThrow(
      "unknown dataset 'cifar-100': available are mnist, fashion-mnist, linear-toy-real, linear-toy-random",
    );
    const sources = {
      mine: { format: 'csv' as const, name: 'mine', trainPath: '/a.csv', testPath: '/b.csv' },
    };
    expect(() => loadDataset('other', { cacheDir: '/tmp', importedSources: sources })).toThrow(
      "unknown dataset 'other': available are mnist, fashion-mnist, linear-toy-real, linear-toy-random, mine",
    );
  });
});
