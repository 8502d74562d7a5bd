import { z } from 'zod';
import type {
  ConfigFieldInfo,
  ConfigFieldType,
  ConfigSchemaInfo,
  ConfigSection,
} from '../../shared/configFieldInfo';
import { zodIssues, type ConfigIssue } from './configIssues';
import { runConfigFieldsSchema } from './configSchemas';

/**
 * The run config's fields as the front ends list them (ConfigFieldInfo), read from the zod
 * schemas through zod's own JSON Schema export: descriptions (`.describe`), enums, ranges and
 * defaults come from the schema that validates, so the CLI listing, the API's issue help and
 * the form's help cannot drift from it.
 */

/** The form section of each top-level key (a test checks every key has one). */
const SECTION_OF_TOP_KEY: Record<keyof z.input<typeof runConfigFieldsSchema>, ConfigSection> = {
  dataset: 'Data',
  seed: 'Data',
  labelNoise: 'Labels',
  noiseMode: 'Labels',
  randomPixels: 'Labels',
  augment: 'Data',
  model: 'Model',
  init: 'Model',
  loss: 'Model',
  optimizer: 'Optimizer and schedule',
  lrSchedule: 'Optimizer and schedule',
  lrWarmupSteps: 'Optimizer and schedule',
  batchSize: 'Optimizer and schedule',
  steps: 'Optimizer and schedule',
  epochs: 'Optimizer and schedule',
  aggregator: 'Aggregator',
  coherence: 'Coherence',
  schedule: 'Evaluation',
  checkpointEvery: 'Checkpoints',
  backend: 'Backend',
};

/**
 * Keys of a plain object that only one choice of a sibling key uses (the optimizer is one
 * object, not a union of variants): SGD never reads Adam's moments and Adam ignores momentum.
 * Listed with that condition, so the form shows them only then.
 */
const USED_ONLY_WHEN: Readonly<Record<string, NonNullable<ConfigFieldInfo['when']>>> = {
  'optimizer.momentum': { path: 'optimizer.kind', values: ['sgd'] },
  'optimizer.beta1': { path: 'optimizer.kind', values: ['adam'] },
  'optimizer.beta2': { path: 'optimizer.kind', values: ['adam'] },
  'optimizer.epsilon': { path: 'optimizer.kind', values: ['adam'] },
};

/** The part of JSON Schema that zod emits for these schemas. */
interface JsonNode {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly const?: string;
  readonly properties?: Record<string, JsonNode>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly JsonNode[];
  readonly anyOf?: readonly JsonNode[];
  readonly items?: JsonNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

const DISCRIMINATOR = 'kind';

function leafType(node: JsonNode): ConfigFieldType {
  if (node.enum) return 'enum';
  if (node.type === 'array') return node.items?.type === 'object' ? 'objectList' : 'integerList';
  if (node.type === 'integer' || node.type === 'boolean' || node.type === 'string') {
    return node.type;
  }
  return 'number';
}

function leafField(
  path: string,
  node: JsonNode,
  section: ConfigSection,
  required: boolean,
): ConfigFieldInfo {
  const type = leafType(node);
  const field: Record<string, unknown> = {
    path,
    section,
    type,
    description: node.description ?? '',
    optional: !required && node.default === undefined,
  };
  if (node.enum) field.options = [...node.enum];
  if (node.default !== undefined) field.default = node.default;
  if (node.minimum !== undefined) field.minimum = node.minimum;
  if (node.exclusiveMinimum !== undefined) {
    field.minimum = node.exclusiveMinimum;
    field.exclusiveMinimum = true;
  }
  if (node.maximum !== undefined) field.maximum = node.maximum;
  if (node.exclusiveMaximum !== undefined) {
    field.maximum = node.exclusiveMaximum;
    field.exclusiveMaximum = true;
  }
  if (node.minItems !== undefined) field.minItems = node.minItems;
  if (node.maxItems !== undefined) field.maxItems = node.maxItems;
  if (type === 'integerList' && node.items) {
    if (node.items.minimum !== undefined) field.minimum = node.items.minimum;
    if (node.items.maximum !== undefined) field.maximum = node.items.maximum;
  }
  if (type === 'objectList' && node.items?.properties) {
    const itemRequired = new Set(node.items.required ?? []);
    field.items = Object.entries(node.items.properties).map(([key, child]) =>
      leafField(key, child, section, itemRequired.has(key)),
    );
  }
  return field as unknown as ConfigFieldInfo;
}

interface Walk {
  readonly fields: ConfigFieldInfo[];
  readonly variants: Record<string, Record<string, Record<string, unknown>>>;
}

function walkObject(
  node: JsonNode,
  prefix: string,
  section: ConfigSection | null,
  out: Walk,
): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const childSection =
      section ?? SECTION_OF_TOP_KEY[key as keyof typeof SECTION_OF_TOP_KEY] ?? 'Data';
    walkNode(child, path, childSection, required.has(key), out);
  }
}

function walkNode(
  node: JsonNode,
  path: string,
  section: ConfigSection,
  required: boolean,
  out: Walk,
): void {
  const variants = node.oneOf ?? node.anyOf;
  if (variants && variants.every((v) => v.properties?.[DISCRIMINATOR]?.const !== undefined)) {
    walkVariants(node, variants, path, section, out);
  } else if (node.type === 'object' && node.properties) {
    walkObject(node, path, section, out);
  } else {
    const field = leafField(path, node, section, required);
    const when = USED_ONLY_WHEN[path];
    out.fields.push(when ? { ...field, when } : field);
  }
}

/** A discriminated union: its `kind` as an enum, then each variant's own keys, marked `when`. */
function walkVariants(
  node: JsonNode,
  variants: readonly JsonNode[],
  path: string,
  section: ConfigSection,
  out: Walk,
): void {
  const kindPath = `${path}.${DISCRIMINATOR}`;
  const kinds = variants.map((v) => String(v.properties?.[DISCRIMINATOR]?.const));
  const defaultKind = (node.default as Record<string, unknown> | undefined)?.[DISCRIMINATOR];
  out.fields.push({
    path: kindPath,
    section,
    type: 'enum',
    description: node.description ?? '',
    options: kinds,
    optional: false,
    ...(defaultKind !== undefined ? { default: defaultKind } : {}),
  });
  out.variants[path] = {};
  const byPath = new Map<string, ConfigFieldInfo>();
  variants.forEach((variant, index) => {
    const kind = kinds[index];
    const defaults: Record<string, unknown> = { [DISCRIMINATOR]: kind };
    const required = new Set(variant.required ?? []);
    for (const [key, child] of Object.entries(variant.properties ?? {})) {
      if (key === DISCRIMINATOR) continue;
      if (child.default !== undefined) defaults[key] = child.default;
      const childPath = `${path}.${key}`;
      const known = byPath.get(childPath);
      if (known?.when) {
        // A key several variants share (model.hidden): one field; a default they disagree on
        // is left to each variant's defaults.
        const { default: knownDefault, defaultByKind, ...rest } = known;
        const byKind = defaultByKind ?? { [known.when.values[0]]: knownDefault };
        const merged = { ...byKind, [kind]: child.default };
        const agree = new Set(Object.values(merged).map((v) => JSON.stringify(v))).size === 1;
        byPath.set(childPath, {
          ...rest,
          ...(agree
            ? knownDefault !== undefined && { default: knownDefault }
            : { defaultByKind: merged }),
          when: { ...known.when, values: [...known.when.values, kind] },
        });
      } else {
        const field = leafField(childPath, child, section, required.has(key));
        byPath.set(childPath, { ...field, when: { path: kindPath, values: [kind] } });
      }
    }
    out.variants[path][kind] = defaults;
  });
  // A key every variant has applies whatever the kind: no `when`.
  for (const field of byPath.values()) {
    const { when, ...always } = field;
    out.fields.push(when && when.values.length === kinds.length ? always : field);
  }
}

let catalog: ConfigSchemaInfo | null = null;

/** Every config key with its type, choices, range, default, section and description. */
export function configSchemaInfo(): ConfigSchemaInfo {
  if (!catalog) {
    const json = z.toJSONSchema(runConfigFieldsSchema, { io: 'input' }) as JsonNode;
    const walk: Walk = { fields: [], variants: {} };
    walkObject(json, '', null, walk);
    catalog = { fields: walk.fields, variants: walk.variants };
  }
  return catalog;
}

/**
 * The description of the key an issue path names (`config.model.convs.0.kernel` → the
 * kernel's help), or undefined for a path that is not a config key (cross-field checks name
 * their key, so most have one).
 */
export function configFieldHelp(path: string): string | undefined {
  const parts = path.split('.').filter((p) => p !== '' && !/^\d+$/.test(p));
  const { fields } = configSchemaInfo();
  for (let length = parts.length; length > 0; length--) {
    const key = parts.slice(0, length).join('.');
    const field = fields.find((f) => f.path === key);
    if (field) {
      const rest = parts.slice(length).join('.');
      const item = rest ? field.items?.find((i) => i.path === rest) : undefined;
      return (item ?? field).description || undefined;
    }
  }
  return undefined;
}

/** Validation problems of a run config, each with its key's description as `help`. */
export function configIssues(error: z.ZodError): ConfigIssue[] {
  return zodIssues(error).map((issue) => {
    const help = configFieldHelp(issue.path);
    return help ? { ...issue, help } : issue;
  });
}

/** Human-readable list of a run config's problems: key, message and what the key is for. */
export function describeRunConfigIssues(error: z.ZodError): string {
  return configIssues(error)
    .map((i) => `${i.path || '(config)'}: ${i.message}${i.help ? ` (${i.path}: ${i.help})` : ''}`)
    .join('; ');
}
