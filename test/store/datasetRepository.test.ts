import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../../src-main/engine/data/datasetTypes';
import { openTempStore } from './storeFixtures';

function tinyDataset(name: string): ImageDataset {
  const split = (count: number, seed: number): ImageDataset['train'] => ({
    pixels: Uint8Array.from({ length: count * 2 * 2 * 3 }, (_, i) => (i * seed) % 256),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 3),
    count,
  });
  return {
    name,
    height: 2,
    width: 2,
    channels: 3,
    numClasses: 3,
    classNames: ['a', 'b', 'c'],
    train: split(5, 7),
    test: split(2, 11),
  };
}

describe('datasets', () => {
  it('registers, lists and loads an imported dataset exactly', () => {
    const store = openTempStore();
    const dataset = tinyDataset('tiny');
    store.datasets.register(dataset, 'cifar-binary', '/data/tiny.bin');
    expect(store.datasets.list()).toEqual([
      {
        name: 'tiny',
        format: 'cifar-binary',
        sourcePath: '/data/tiny.bin',
        height: 2,
        width: 2,
        channels: 3,
        numClasses: 3,
        trainCount: 5,
        testCount: 2,
      },
    ]);
    expect(store.datasets.load('tiny')).toEqual(dataset);
    expect(store.datasets.load('absent')).toBeNull();
    expect(store.datasets.remove('tiny')).toBe(true);
    expect(store.datasets.list()).toEqual([]);
    store.close();
  });

  it('registers nothing on error: duplicate names and inconsistent sizes', () => {
    const store = openTempStore();
    store.datasets.register(tinyDataset('tiny'), 'idx', '/a');
    expect(() => store.datasets.register(tinyDataset('tiny'), 'idx', '/b')).toThrow(
      /already imported/,
    );
    const broken = tinyDataset('broken');
    expect(() =>
      store.datasets.register({ ...broken, train: { ...broken.train, count: 6 } }, 'idx', '/c'),
    ).toThrow(/train split has 60 pixel bytes and 5 labels for 6 images/);
    expect(store.datasets.list().map((d) => [d.name, d.sourcePath])).toEqual([['tiny', '/a']]);
    store.close();
  });
});
