import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { selectBackend } from '../../src-main/engine/backend';
import { buildModel } from '../../src-main/engine/model/buildModel';
import { expectedWeightShapes } from '../../src-main/engine/model/weightShapes';
import {
  mlpModelSchema,
  modelSchema,
  type ModelConfig,
} from '../../src-main/engine/config/configSchemas';
import { exportWeights } from '../../src-main/engine/train/weightTransfer';
import { tempLab } from '../cli/cliHarness';
import { syntheticBundle, syntheticWeights } from '../reliability/bundleFixture';
import { countRows, FailFastLauncher, useLabHome } from '../reliability/reliabilityHarness';

const lab = tempLab();
let api: LabApi;

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
});
afterAll(async () => {
  await api.close();
});

type Weights = ReturnType<typeof syntheticWeights>;

/** Import a bundle whose run has `weights` (and optionally another config); the error or null. */
async function importWith(
  weights: Weights,
  config?: Record<string, unknown>,
): Promise<ApiError | null> {
  const bundle = syntheticBundle(5);
  const run = { ...bundle.runs[0], weights, ...(config ? { config } : {}) };
  try {
    await api.call('runs.importJson', { json: JSON.stringify({ ...bundle, runs: [run] }) });
    return null;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

describe('imported weights must be the tensors the run’s model builds', () => {
  it('accepts the exact set, and a run without weights', async () => {
    expect(await importWith(syntheticWeights())).toBeNull();
    expect(await importWith({})).toBeNull();
  });

  it('refuses a claimed shape that holds nothing ([100000, 100000, 0]) before storing it', async () => {
    const runs = countRows(lab.db, 'runs');
    const error = await importWith({
      ...syntheticWeights(),
      'dense1/bias': { shape: [100_000, 100_000, 0], values: [] },
    });
    expect(error?.body.code).toBe('invalid-input');
    expect(error?.body.message).toMatch(/runs\.0\.weights\.dense1\/bias\.shape: expected \[10\]/);
    expect(countRows(lab.db, 'runs')).toBe(runs);
    expect(countRows(lab.db, 'final_weights')).toBe(1);
  });

  it('refuses wrong shapes, unknown tensors and incomplete sets, naming the tensor', async () => {
    const cases: Array<[string, Weights, RegExp]> = [
      [
        'a kernel with one input too few',
        { ...syntheticWeights(), 'dense1/kernel': { shape: [8, 10], values: Array(80).fill(0) } },
        /dense1\/kernel\.shape: expected \[9, 10\]/,
      ],
      [
        'a kernel of another rank',
        { ...syntheticWeights(), 'conv1/kernel': { shape: [9], values: Array(9).fill(0) } },
        /conv1\/kernel\.shape: expected \[3, 3, 1, 1\]/,
      ],
      [
        'a tensor the model does not have',
        { ...syntheticWeights(), 'dense2/kernel': { shape: [1], values: [1] } },
        /dense2\/kernel: not a tensor of this run's model/,
      ],
      [
        'a missing tensor',
        Object.fromEntries(
          Object.entries(syntheticWeights()).filter(([name]) => name !== 'conv1/bias'),
        ),
        /conv1\/bias: missing/,
      ],
    ];
    for (const [what, weights, message] of cases) {
      const error = await importWith(weights);
      expect(error?.body.code, what).toBe('invalid-input');
      expect(error?.body.message, what).toMatch(message);
    }
  });

  it('checks what the config fixes when the dataset is not in this project', async () => {
    const config = {
      ...syntheticBundle(1).runs[0].config,
      model: { kind: 'mlp', hidden: [3] },
      dataset: { name: 'someone-elses-data', trainSize: 100, testSize: 10 },
    };
    const fitting: Weights = {
      'dense1/kernel': { shape: [12, 3], values: Array(36).fill(0) },
      'dense1/bias': { shape: [3], values: [0, 0, 0] },
      'dense2/kernel': { shape: [3, 4], values: Array(12).fill(0) },
      'dense2/bias': { shape: [4], values: [0, 0, 0, 0] },
    };
    expect(await importWith(fitting, config)).toBeNull();
    const wrongHidden = {
      ...fitting,
      'dense1/kernel': { shape: [12, 5], values: Array(60).fill(0) },
    };
    expect((await importWith(wrongHidden, config))?.body.message).toMatch(
      /dense1\/kernel\.shape: expected \[\*, 3\]/,
    );
    const classesDisagree = { ...fitting, 'dense2/bias': { shape: [5], values: Array(5).fill(0) } };
    expect((await importWith(classesDisagree, config))?.body.message).toMatch(
      /dense2\/bias\.shape.*classes/,
    );
  });
});

describe('expectedWeightShapes agrees with the models the engine builds', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });
  const input = { height: 12, width: 10, channels: 3 };
  const configs: ModelConfig[] = [
    mlpModelSchema.parse({ kind: 'mlp', hidden: [7, 5] }),
    mlpModelSchema.parse({ kind: 'mlp', hidden: [] }),
    modelSchema.parse({
      kind: 'cnn',
      convs: [
        { filters: 4, kernel: 3, stride: 2, pooling: 'max2' },
        { filters: 2, kernel: 2, padding: 'valid' },
      ],
      hidden: [6],
    }),
  ];
  it.each(configs.map((c, i) => [i, c] as const))('config %i', async (_i, config) => {
    const model = buildModel(config, input, 7, 1);
    try {
      const built = await exportWeights(model);
      const expected = expectedWeightShapes(config, { input, numClasses: 7 });
      expect(Object.keys(expected).sort()).toEqual(Object.keys(built).sort());
      for (const [name, tensor] of Object.entries(built))
        expect(expected[name]).toEqual(tensor.shape);
      // Without the dataset, every fixed dimension still matches and the rest are free.
      const structural = expectedWeightShapes(config, null);
      for (const [name, tensor] of Object.entries(built)) {
        structural[name].forEach((d, k) => {
          if (typeof d === 'number') expect(d, `${name}[${k}]`).toBe(tensor.shape[k]);
        });
      }
    } finally {
      model.dispose();
    }
  });
});
