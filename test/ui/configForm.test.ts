import { describe, expect, it } from 'vitest';
import {
  configFields,
  fieldInputValue,
  formFields,
  getPath,
  parseFieldValue,
  setPath,
} from '../../src-renderer/src/configForm/configFields';
import { issuesByField, issuesOutsideFields } from '../../src-renderer/src/configForm/configIssues';
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
