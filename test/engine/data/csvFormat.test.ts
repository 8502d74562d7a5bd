import { describe, expect, it } from 'vitest';
import { parseCsvImages } from '../../../src-main/engine/data/csvFormat';
import { loadDataset } from '../../../src-main/engine/data/datasetLoader';
import { makeTempDir } from './dataFileFixtures';

describe('CSV images', () => {
  it('reads label + pixels without a header, square single-channel by default', () => {
    const parsed = parseCsvImages('3,0,255,7,8\n1,1,2,3,4\n', 'a.csv');
    expect(parsed).toMatchObject({ height: 2, width: 2, channels: 1, numClasses: 4 });
    expect(Array.from(parsed.split.labels)).toEqual([3, 1]);
    expect(Array.from(parsed.split.pixels)).toEqual([0, 255, 7, 8, 1, 2, 3, 4]);
  });

  it('detects a header, finds the label column by name, handles CRLF and blank lines', () => {
    const text = 'p1,p2,"label",p3\r\n10,20,5,30\r\n\r\n40,50,6,60\r\n';
    const parsed = parseCsvImages(text, 'b.csv', {
      labelColumn: 'label',
      shape: { height: 1, width: 1, channels: 3 },
    });
    expect(Array.from(parsed.split.labels)).toEqual([5, 6]);
    expect(Array.from(parsed.split.pixels)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(parsed.channels).toBe(3);
  });

  it('takes the label from the last column with labelColumn -1', () => {
    const parsed = parseCsvImages('1,2,3,4,9\n', 'c.csv', { labelColumn: -1 });
    expect(Array.from(parsed.split.labels)).toEqual([9]);
    expect(Array.from(parsed.split.pixels)).toEqual([1, 2, 3, 4]);
  });

  it('rejects pixel counts that do not form the image', () => {
    expect(() => parseCsvImages('1,2,3,4\n', 'd.csv')).toThrow(
      'd.csv: rows have 3 pixel columns, which is not a square single-channel image',
    );
    expect(() =>
      parseCsvImages('1,2,3,4,5\n', 'e.csv', { shape: { height: 2, width: 1, channels: 1 } }),
    ).toThrow('e.csv: rows have 4 pixel columns, but shape 2×1×1 needs 2');
  });
});

describe('imported CSV dataset through loadDataset', () => {
  it('reads the files named by an import source', () => {
    const temp = makeTempDir('csv');
    try {
      const trainPath = temp.file('train.csv', 'label,a,b,c,d\n1,0,1,2,3\n2,4,5,6,7\n');
      const testPath = temp.file('test.csv', 'label,a,b,c,d\n0,9,9,9,9\n');
      const context = {
        cacheDir: temp.dir,
        importedSources: {
          digits: { format: 'csv' as const, name: 'digits', trainPath, testPath },
        },
      };
      const dataset = loadDataset('digits', context);
      expect([dataset.name, dataset.height, dataset.width, dataset.numClasses]).toEqual([
        'digits',
        2,
        2,
        3,
      ]);
      expect(Array.from(dataset.train.pixels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(Array.from(dataset.test.labels)).toEqual([0]);
      expect(loadDataset('digits', context) === dataset).toBe(true);
    } finally {
      temp.cleanup();
    }
  });
});
