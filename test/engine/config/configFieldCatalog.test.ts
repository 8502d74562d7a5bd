/**
 * The config field catalog is read from the zod schemas that validate: every key a real config
 * holds is listed with a description, its choices and range match what validation accepts, and
 * the same descriptions reach the CLI listing and the API's validation issues.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flattenConfig } from '../../../src-main/analysis/configDiff';
import {
  configFieldHelp,
  configIssues,
  configSchemaInfo,
} from '../../../src-main/engine/config/configFieldCatalog';
import {
  aggregatorSchema,
  lrScheduleSchema,
  modelSchema,
  runConfigFieldsSchema,
} from '../../../src-main/engine/config/configSchemas';
import { runConfigSchema } from '../../../src-main/engine/runConfig';
import {
  CONFIG_SECTIONS,
  describeFieldType,
  fieldApplies,
} from '../../../src-main/shared/configFieldInfo';
import { formatConfigKeys } from '../../../src-main/shared/configKeyListing';

const { fields, variants } = configSchemaInfo();
const byPath = new Map(fields.map((f) => [f.path, f]));

describe('config field catalog', () => {
  it('lists every key of a full config (all variants) once, each with a section and a description', () => {
    const configs = [
      runConfigSchema.parse({ steps: 10, dataset: { testSize: 100 }, epochs: 2 }),
      runConfigSchema.parse({
        steps: 10,
        model: { kind: 'cnn', convs: [{ filters: 4, kernel: 3 }] },
        lrSchedule: { kind: 'step', every: 10, gamma: 0.5 },
        aggregator: { kind: 'winsorized', c: 2 },
      }),
      runConfigSchema.parse({ steps: 10, lrSchedule: { kind: 'cosine' } }),
    ];
    const keys = new Set(configs.flatMap((c) => Object.keys(flattenConfig(c))));
    for (const key of keys) {
      // A CNN's blocks are one list field (model.convs.0.filters → model.convs).
      const path = key.replace(/\.\d+(\..*)?$/, '');
      expect(byPath.has(path), key).toBe(true);
    }
    expect(new Set(fields.map((f) => f.path)).size).toBe(fields.length);
    for (const field of fields) {
      expect(CONFIG_SECTIONS).toContain(field.section);
      expect(field.description.length, field.path).toBeGreaterThan(10);
      for (const item of field.items ?? []) expect(item.description.length).toBeGreaterThan(10);
    }
    expect(
      CONFIG_SECTIONS.filter((s) => !fields.some((f) => f.section === s)),
      'sections without a key',
    ).toEqual([]);
  });

  it('gives each enum the choices zod accepts, and each variant kind its variants', () => {
    expect(byPath.get('noiseMode')?.options).toEqual(['permute', 'uniform']);
    expect(byPath.get('optimizer.kind')).toMatchObject({ type: 'enum', options: ['sgd', 'adam'] });
    expect(byPath.get('backend')).toMatchObject({ type: 'enum', default: 'auto' });
    expect(byPath.get('model.kind')).toMatchObject({
      options: ['mlp', 'cnn', 'resnet', 'linear'],
      default: 'mlp',
    });
    expect(byPath.get('aggregator.kind')?.options).toEqual([
      'mean',
      'winsorized',
      'm3',
      'a3',
      'rm3',
      'ra3',
    ]);
    for (const field of fields.filter((f) => f.type === 'enum' && !f.path.endsWith('.kind'))) {
      for (const option of field.options ?? []) {
        // A variant's key is tried on that variant (model.norm on a resnet).
        const kind = field.when?.path === 'model.kind' ? field.when.values[0] : 'mlp';
        const config = nested(field.path, option, { steps: 1, model: { kind } });
        expect(runConfigFieldsSchema.safeParse(config).success, `${field.path}=${option}`).toBe(
          true,
        );
      }
    }
  });

  it('marks variant keys with the kind they belong to and keeps each variant’s defaults', () => {
    expect(byPath.get('model.convs')?.when).toEqual({ path: 'model.kind', values: ['cnn'] });
    // Dense layers after the input (mlp) or the convolutions (cnn); a resnet has none.
    expect(byPath.get('model.hidden')?.when).toEqual({
      path: 'model.kind',
      values: ['mlp', 'cnn'],
    });
    expect(byPath.get('model.hidden')?.defaultByKind).toEqual({ mlp: [256], cnn: [] });
    expect(byPath.get('aggregator.c')?.when).toEqual({
      path: 'aggregator.kind',
      values: ['winsorized'],
    });
    expect(byPath.get('model.convs')?.items?.map((i) => i.path)).toEqual([
      'filters',
      'kernel',
      'stride',
      'padding',
      'pooling',
    ]);
    // Variant defaults are what zod fills in for that kind (plus what the kind requires).
    expect(modelSchema.parse(variants.model.mlp)).toEqual(variants.model.mlp);
    const cnn = { ...variants.model.cnn, convs: [{ filters: 4, kernel: 3 }] };
    expect(modelSchema.parse(cnn)).toMatchObject(variants.model.cnn);
    expect(aggregatorSchema.parse({ ...variants.aggregator.winsorized, c: 2 })).toEqual({
      ...variants.aggregator.winsorized,
      c: 2,
    });
    expect(lrScheduleSchema.parse(variants.lrSchedule.cosine)).toEqual(variants.lrSchedule.cosine);
    const at = (config: Record<string, unknown>) => (path: string) => flattenConfig(config)[path];
    const convs = byPath.get('model.convs');
    if (!convs) throw new Error('model.convs missing');
    expect(fieldApplies(convs, at({ model: { kind: 'cnn' } }))).toBe(true);
    expect(fieldApplies(convs, at({ model: { kind: 'mlp' } }))).toBe(false);
  });

  it('states ranges as validation enforces them, bounds included or excluded', () => {
    expect(byPath.get('labelNoise')).toMatchObject({ minimum: 0, maximum: 1, default: 0 });
    expect(describeFieldType(byPath.get('optimizer.momentum') ?? fail())).toBe(
      'a number ≥ 0 and < 1',
    );
    expect(describeFieldType(byPath.get('optimizer.lr') ?? fail())).toBe(
      'a number > 0 and ≤ 1000000',
    );
    expect(describeFieldType(byPath.get('batchSize') ?? fail())).toBe(
      'a whole number ≥ 1 and ≤ 100000',
    );
    expect(byPath.get('dataset.testSize')).toMatchObject({ optional: true, type: 'integer' });
    expect(byPath.get('dataset.testSize')?.default).toBeUndefined();
    expect(byPath.get('steps')?.optional).toBe(true);
    expect(byPath.get('model.hidden')).toMatchObject({ type: 'integerList', maximum: 16384 });
  });

  it('puts each key’s description into validation issues and the CLI listing', () => {
    const result = runConfigSchema.safeParse({
      steps: 10,
      labelNoise: 2,
      model: { kind: 'cnn', convs: [{ filters: 4, kernel: 99 }] },
      coherence: { mm: 3 },
    });
    if (result.success) throw new Error('expected issues');
    const issues = configIssues(result.error);
    const noise = issues.find((i) => i.path === 'labelNoise');
    expect(noise?.help).toBe(byPath.get('labelNoise')?.description);
    const kernel = issues.find((i) => i.path === 'model.convs.0.kernel');
    expect(kernel?.help).toBe(
      byPath.get('model.convs')?.items?.find((i) => i.path === 'kernel')?.description,
    );
    expect(issues.find((i) => i.message === 'unknown key')?.help).toBeUndefined();
    expect(configFieldHelp('coherence')).toBeUndefined();
    const listing = formatConfigKeys(configSchemaInfo());
    for (const field of fields) {
      expect(listing).toContain(`  ${field.path}  (`);
      expect(listing).toContain(field.description);
    }
    expect(listing).toContain(
      'dataset.testSize  (a whole number ≥ 1 and ≤ 10000000; may be left out)',
    );
  });
});

/** `base` with the dotted `path` set to `value` (a copy). */
function nested(
  path: string,
  value: unknown,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const child = (base[head] ?? {}) as Record<string, unknown>;
  return { ...base, [head]: rest.length ? nested(rest.join('.'), value, child) : value };
}

function fail(): never {
  throw new Error('field missing');
}

// The JSON Schema export the catalog reads must keep zod's descriptions (zod API guard).
it('zod keeps descriptions through defaults in its JSON Schema export', () => {
  const schema = z.strictObject({ a: z.number().default(1).describe('A') });
  expect(z.toJSONSchema(schema, { io: 'input' })).toMatchObject({
    properties: { a: { default: 1, description: 'A' } },
  });
});
