import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../../src-main/engine/data/datasetLoader';
import { prepareData } from '../../../src-main/engine/data/prepareData';
import { parseRunConfig } from '../../../src-main/engine/runConfig';
import { buildModel, parameterCount } from '../../../src-main/engine/model/buildModel';

/** Rows of a 5 × 6 (or n × 6) input array. */
const rows = (x: Float32Array): number[][] =>
  Array.from({ length: x.length / 6 }, (_, k) => Array.from(x.subarray(k * 6, k * 6 + 6)));

describe('the linear toy datasets (PAPER-CLAIMS G4)', () => {
  it('hold the construction: y = (1, −1, −1, 1, −1), x_k = y_k·e_k (+ y_k·e_6 in "real")', () => {
    const real = loadDataset('linear-toy-real', { cacheDir: '/nonexistent' });
    const random = loadDataset('linear-toy-random', { cacheDir: '/nonexistent' });
    expect([real.height, real.width, real.channels, real.numClasses]).toEqual([1, 6, 1, 2]);
    expect(rows(real.train.inputs as Float32Array)).toEqual([
      [1, 0, 0, 0, 0, 1],
      [0, -1, 0, 0, 0, -1],
      [0, 0, -1, 0, 0, -1],
      [0, 0, 0, 1, 0, 1],
    ]);
    expect(rows(real.test.inputs as Float32Array)).toEqual([[0, 0, 0, 0, -1, -1]]);
    expect(rows(random.train.inputs as Float32Array)).toEqual([
      [1, 0, 0, 0, 0, 0],
      [0, -1, 0, 0, 0, 0],
      [0, 0, -1, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
    ]);
    expect(rows(random.test.inputs as Float32Array)).toEqual([[0, 0, 0, 0, -1, 0]]);
    // Class 1 is y = +1.
    expect(Array.from(real.train.labels)).toEqual([1, 0, 0, 1]);
    expect(Array.from(real.test.labels)).toEqual([0]);
    // The display rendering maps −1, 0, +1 to 0, 128, 255.
    expect(Array.from(real.train.pixels.subarray(0, 6))).toEqual([255, 128, 128, 128, 128, 255]);
  });

  it('reach a run as given (not pixels/255), whatever the seed orders', () => {
    const config = parseRunConfig({
      dataset: { name: 'linear-toy-real', trainSize: 4, testSize: 1 },
      model: { kind: 'linear', bias: false, output: 'signed', init: 'zeros' },
      loss: 'mse',
      batchSize: 4,
      steps: 1,
      seed: 5,
      coherence: { m: 4 },
    });
    const data = prepareData(loadDataset('linear-toy-real', { cacheDir: '/nonexistent' }), config);
    const byLabelSign = rows(data.trainX).map((x, i) =>
      x.map((v) => v * (data.originalLabels[i] ? 1 : -1)),
    );
    // y_k·x_k = e_k + e_6 for every training example, in some order.
    expect(byLabelSign.map((x) => x[5])).toEqual([1, 1, 1, 1]);
    expect(byLabelSign.map((x) => x.slice(0, 4).reduce((a, b) => a + b, 0))).toEqual([1, 1, 1, 1]);
    expect(rows(data.testX)).toEqual([[0, 0, 0, 0, -1, -1]]);
  });
});

describe('the linear model’s options', () => {
  const base = {
    dataset: { name: 'linear-toy-real', trainSize: 4, testSize: 1 },
    model: { kind: 'linear', bias: false, output: 'signed', init: 'zeros' },
    batchSize: 4,
    steps: 1,
    coherence: { m: 4 },
  } as const;

  it('refuses a signed output without the squared-error loss, naming the key', () => {
    expect(() => parseRunConfig(base)).toThrow(/loss: model.output "signed" needs loss "mse"/);
    expect(parseRunConfig({ ...base, loss: 'mse' }).model).toEqual(base.model);
  });

  it('refuses a signed output on a dataset with more than two classes', () => {
    const config = parseRunConfig({
      ...base,
      loss: 'mse',
      dataset: { name: 'mnist', trainSize: 100 },
    });
    expect(() =>
      buildModel(config.model, { height: 28, width: 28, channels: 1 }, 10, 1, { loss: 'mse' }),
    ).toThrow(/needs a two-class dataset .* this one has 10 classes/);
  });

  it('counts no bias parameter without bias and starts from zero weights with init zeros', () => {
    const config = parseRunConfig({ ...base, loss: 'mse' });
    expect(parameterCount(config.model, { height: 1, width: 6, channels: 1 }, 2)).toBe(6);
    expect(
      parameterCount(
        { kind: 'linear', bias: true, output: 'classes', init: 'zeros' },
        { height: 1, width: 6, channels: 1 },
        2,
      ),
    ).toBe(14);
    const model = buildModel(config.model, { height: 1, width: 6, channels: 1 }, 2, 1, {
      loss: 'mse',
    });
    expect(model.variables.map((v) => v.shape)).toEqual([[6, 1], [1]]);
    expect(Array.from(model.variables[0].dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    model.dispose();
  });
});
