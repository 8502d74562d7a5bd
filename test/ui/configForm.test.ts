import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../src-main/api/contract';
import {
  defaultConfig,
  estimateCost,
  validateConfig,
} from '../../src-main/api/handlers/configHandlers';
import { BUILTIN_DATASET_SHAPES } from '../../src-main/api/handlers/datasetShapes';
import { configSchemaInfo } from '../../src-main/engine/config/configFieldCatalog';
import { CONFIG_SECTIONS } from '../../src-main/shared/configFieldInfo';
import {
  configFields,
  fieldInputValue,
  formFields,
  getPath,
  parseFieldValue,
  setPath,
} from '../../src-renderer/src/configForm/configFields';
import { issuesByField, issuesOutsideFields } from '../../src-renderer/src/configForm/configIssues';
import {
  LAYER_EDITOR_PATHS,
  PARENT_RUN_PATH,
  chooseVariant,
  fieldText,
  formSections,
  newConvBlock,
  newLayerWidth,
  numberInputRange,
  parseFieldText,
  shownPaths,
  variantOf,
  withValue,
} from '../../src-renderer/src/configForm/configSections';
import { parentCandidates, sameLayerShapes } from '../../src-renderer/src/configForm/parentRuns';
import { parsePresetOverrides } from '../../src-renderer/src/configForm/presetOverrides';

const defaults = {
  steps: 1000,
  labelNoise: 0,
  dataset: { name: 'mnist', trainSize: 10_000, standardize: false },
  model: { kind: 'mlp', hidden: [256, 128] },
  coherence: { m: 1000, batch: true },
};

describe('config form', () => {
  it('derives one typed field per leaf of the default config, nested keys dotted', () => {
    expect(configFields(defaults)).toEqual([
      { path: 'steps', kind: 'number' },
      { path: 'labelNoise', kind: 'number' },
      { path: 'dataset.name', kind: 'string' },
      { path: 'dataset.trainSize', kind: 'number' },
      { path: 'dataset.standardize', kind: 'boolean' },
      { path: 'model.kind', kind: 'string' },
      { path: 'model.hidden', kind: 'numberList' },
      { path: 'coherence.m', kind: 'number' },
      { path: 'coherence.batch', kind: 'boolean' },
    ]);
  });

  it('adds the optional dataset.testSize (empty = the full test split) after the defaults', () => {
    const fields = formFields(defaults);
    expect(fields.slice(0, configFields(defaults).length)).toEqual(configFields(defaults));
    expect(fields.at(-1)).toEqual({ path: 'dataset.testSize', kind: 'number' });
    expect(parseFieldValue('number', '')).toBeUndefined();
    const withTestSize = { ...defaults, dataset: { ...defaults.dataset, testSize: 500 } };
    expect(formFields(withTestSize).filter((f) => f.path === 'dataset.testSize')).toHaveLength(1);
  });

  it('shows lists comma-separated and booleans as checked state', () => {
    expect(fieldInputValue(defaults, { path: 'model.hidden', kind: 'numberList' })).toBe(
      '256, 128',
    );
    expect(fieldInputValue(defaults, { path: 'coherence.batch', kind: 'boolean' })).toBe(true);
    expect(fieldInputValue(defaults, { path: 'nope.x', kind: 'number' })).toBe('');
  });

  it('sets a dotted path on a copy, leaving the original config untouched', () => {
    const next = setPath(defaults, 'dataset.trainSize', 500);
    expect(getPath(next, 'dataset.trainSize')).toBe(500);
    expect(defaults.dataset.trainSize).toBe(10_000);
    expect(getPath(next, 'dataset.name')).toBe('mnist');
  });

  it('parses typed text back, keeping text that is not a number so validation can name it', () => {
    expect(parseFieldValue('number', ' 0.05 ')).toBe(0.05);
    expect(parseFieldValue('number', 'abc')).toBe('abc');
    expect(parseFieldValue('number', '')).toBeUndefined();
    expect(parseFieldValue('numberList', '64, 32')).toEqual([64, 32]);
    expect(parseFieldValue('numberList', '64, x')).toEqual([64, 'x']);
    expect(parseFieldValue('boolean', true)).toBe(true);
  });

  it('puts each validation message next to its field and lists the rest below', () => {
    const issues = [
      { path: 'config.optimizer.lr', message: 'must be > 0' },
      { path: 'config.steps', message: 'too many' },
      { path: 'config', message: 'm is larger than the training set' },
    ];
    expect(issuesByField(issues).get('steps')).toBe('too many');
    expect(issuesOutsideFields(issues, configFields(defaults)).map((i) => i.path)).toEqual([
      'config.optimizer.lr',
      'config',
    ]);
  });

  it('reads preset overrides one per line or separated by semicolons', () => {
    expect(parsePresetOverrides('steps=500\n\n dataset.trainSize=2000 ; labelNoise=0.2')).toEqual([
      'steps=500',
      'dataset.trainSize=2000',
      'labelNoise=0.2',
    ]);
  });
});

describe('config form in sections (from the back end’s field catalog)', () => {
  const schema = configSchemaInfo();
  const defaults = defaultConfig();
  const pathsOf = (config: Record<string, unknown>, section: string): string[] =>
    formSections(schema, config)
      .find((s) => s.section === section)
      ?.fields.map((f) => f.path) ?? [];

  it('lays the fields out in the catalog’s sections, every applicable key exactly once', () => {
    const sections = formSections(schema, defaults);
    expect(sections.map((s) => s.section)).toEqual([...CONFIG_SECTIONS]);
    const shown = sections.flatMap((s) => s.fields.map((f) => f.path));
    expect(new Set(shown).size).toBe(shown.length);
    expect(pathsOf(defaults, 'Labels')).toEqual(['labelNoise', 'noiseMode', 'randomPixels']);
    expect(pathsOf(defaults, 'Data')).toContain('augment.cropPadding');
    expect(pathsOf(defaults, 'Model')).toContain(PARENT_RUN_PATH);
    // The layer lists go to the layer editor, right after the kind that decides them.
    const model = sections.find((s) => s.section === 'Model');
    expect(model?.layers).toBe(true);
    expect(model?.fields[0].path).toBe('model.kind');
    expect(model?.layersAt).toBe(1);
    expect(shown.filter((p) => LAYER_EDITOR_PATHS.has(p))).toEqual([]);
    expect(sections.filter((s) => s.layers).map((s) => s.section)).toEqual(['Model']);
  });

  it('shows a variant’s keys only for that kind', () => {
    expect(pathsOf(defaults, 'Model')).not.toContain('model.blocksPerStage');
    expect(pathsOf(defaults, 'Aggregator')).toEqual(['aggregator.kind']);
    const resnet = chooseVariant(schema, defaults, 'model', 'resnet');
    expect(pathsOf(resnet, 'Model')).toEqual(
      expect.arrayContaining(['model.blocksPerStage', 'model.norm', 'model.groups']),
    );
    expect(shownPaths(schema, resnet)).toContain('model.widths');
    expect(shownPaths(schema, resnet)).not.toContain('model.hidden');
    const winsorized = chooseVariant(schema, defaults, 'aggregator', 'winsorized');
    expect(pathsOf(winsorized, 'Aggregator')).toEqual([
      'aggregator.kind',
      'aggregator.c',
      'aggregator.memoryBudgetBytes',
    ]);
    // SGD never reads Adam's moments and Adam ignores momentum.
    const optimizerKeys = (config: Record<string, unknown>) =>
      pathsOf(config, 'Optimizer and schedule').filter((p) => p.startsWith('optimizer.'));
    expect(optimizerKeys(defaults)).toEqual([
      'optimizer.kind',
      'optimizer.lr',
      'optimizer.momentum',
      'optimizer.weightDecay',
    ]);
    expect(optimizerKeys(withValue(defaults, 'optimizer.kind', 'adam'))).toEqual([
      'optimizer.kind',
      'optimizer.lr',
      'optimizer.beta1',
      'optimizer.beta2',
      'optimizer.epsilon',
      'optimizer.weightDecay',
    ]);
    expect(variantOf(schema, 'model.kind')).toBe('model');
    expect(variantOf(schema, 'optimizer.kind')).toBeNull();
  });

  it('switches a variant to its own defaults, keeping what both kinds share', () => {
    const tanh = withValue(defaults, 'model.activation', 'tanh');
    const cnn = chooseVariant(schema, tanh, 'model', 'cnn');
    expect(cnn.model).toEqual({
      kind: 'cnn',
      hidden: [],
      activation: 'tanh',
      init: 'he',
      convs: [{ filters: 16, kernel: 3, stride: 1, padding: 'same', pooling: 'none' }],
    });
    expect(validateConfig(cnn).ok).toBe(true);
    const resnet = chooseVariant(schema, cnn, 'model', 'resnet');
    expect(resnet.model).toEqual({ ...schema.variants.model.resnet, activation: 'tanh' });
    expect(validateConfig(resnet).ok).toBe(true);
    expect(getPath(defaults, 'model.kind')).toBe('mlp');
  });

  it('adds a layer or block like the last one, the schema’s default for the first', () => {
    expect(newLayerWidth(schema, 'model.hidden', [64, 32])).toBe(32);
    expect(newLayerWidth(schema, 'model.hidden', [])).toBe(256);
    expect(newLayerWidth(schema, 'model.widths', [])).toBe(16);
    const block = { filters: 8, kernel: 5, stride: 1, padding: 'valid', pooling: 'max2' };
    expect(newConvBlock(schema, [block])).toEqual(block);
    expect(newConvBlock(schema, [block])).not.toBe(block);
  });

  it('leaves an emptied optional key out, and an object it empties (init)', () => {
    const withParent = withValue(defaults, 'init.fromRun', 7);
    expect(withParent.init).toEqual({ fromRun: 7 });
    expect('init' in withValue(withParent, 'init.fromRun', undefined)).toBe(false);
    const withTest = withValue(defaults, 'dataset.testSize', 500);
    const without = withValue(withTest, 'dataset.testSize', undefined);
    expect(without.dataset).toEqual(defaults.dataset);
  });

  it('reads inputs by the field’s type and bounds number inputs by its range', () => {
    const byPath = (path: string) => {
      const field = schema.fields.find((f) => f.path === path);
      if (!field) throw new Error(`no field ${path}`);
      return field;
    };
    expect(parseFieldText(byPath('labelNoise'), ' 0.25 ')).toBe(0.25);
    expect(parseFieldText(byPath('labelNoise'), 'lots')).toBe('lots');
    expect(parseFieldText(byPath('steps'), '')).toBeUndefined();
    expect(parseFieldText(byPath('coherence.nested'), '10, 100')).toEqual([10, 100]);
    expect(parseFieldText(byPath('coherence.batch'), true)).toBe(true);
    expect(fieldText(byPath('coherence.nested'), [10, 100])).toBe('10, 100');
    expect(fieldText(byPath('steps'), undefined)).toBe('');
    expect(numberInputRange(byPath('labelNoise'))).toEqual({ min: 0, max: 1, step: 'any' });
    expect(numberInputRange(byPath('batchSize'))).toEqual({ min: 1, max: 100000, step: '1' });
    // lr > 0 and momentum < 1: an excluded bound is left to the back end's message.
    expect(numberInputRange(byPath('optimizer.lr'))).toEqual({ max: 1_000_000, step: 'any' });
    expect(numberInputRange(byPath('optimizer.momentum'))).toEqual({ min: 0, step: 'any' });
  });

  it('offers as parents the runs whose layer shapes match the config’s', () => {
    const mnist = { ...BUILTIN_DATASET_SHAPES.mnist, testCount: BUILTIN_DATASET_SHAPES.mnist.test };
    const estimate = estimateCost(withValue(defaults, 'model.hidden', [32]), (name) =>
      name === 'mnist' ? mnist : undefined,
    );
    expect(estimate.paramCount).toBe(784 * 32 + 32 + 32 * 10 + 10);
    const shapes = estimate.layerShapes;
    expect(Object.values(shapes)).toEqual([
      [784, 32],
      [32, 10],
    ]);
    const run = (runId: number, layerShapes: Record<string, Array<number | string>>) =>
      ({ runId, name: `r${runId}`, dataset: 'mnist', model: 'MLP', layerShapes }) as RunDetail;
    const other = { dense1: [784, 48], dense2: [48, 10] };
    const candidates = parentCandidates([run(1, shapes), run(2, other), run(3, {})], shapes);
    expect(candidates.map((c) => [c.runId, c.fits])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(parentCandidates([run(1, shapes)], null)[0].fits).toBe(false);
    expect(sameLayerShapes(shapes, { ...shapes, extra: [1] })).toBe(false);
  });

  it('keeps an entry’s issue with the list that shows it (model.convs.0.kernel)', () => {
    const issues = [
      { path: 'config.model.convs.0.kernel', message: 'too big' },
      { path: 'config.model.convsX', message: 'unknown key' },
    ];
    expect(issuesOutsideFields(issues, [{ path: 'model.convs' }]).map((i) => i.path)).toEqual([
      'config.model.convsX',
    ]);
  });
});
