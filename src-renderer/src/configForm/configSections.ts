import {
  CONFIG_SECTIONS,
  fieldApplies,
  type ConfigFieldInfo,
  type ConfigSchemaInfo,
  type ConfigSection,
} from '../../../src-main/shared/configFieldInfo';
import { getPath, setPath } from './configFields';

/**
 * The new-run form laid out from the back end's field catalog (API `config.schema`): one
 * section per CONFIG_SECTIONS entry, each with the fields that apply to the config as it is
 * (a CNN's convolutions only for model.kind cnn, winsorized's c only for that aggregator).
 */

/** Keys the layer editor shows instead of a plain input (they shape the network). */
export const LAYER_EDITOR_PATHS: ReadonlySet<string> = new Set([
  'model.hidden',
  'model.convs',
  'model.widths',
]);

/** The key the parent-run picker shows (a select of this project's runs, not a number). */
export const PARENT_RUN_PATH = 'init.fromRun';

export interface FormSection {
  readonly section: ConfigSection;
  /** Plain inputs, in catalog order. */
  readonly fields: ConfigFieldInfo[];
  /** The Model section carries the layer editor; the others do not. */
  readonly layers: boolean;
  /** How many of `fields` come before the layer editor (the kind that decides its lists). */
  readonly layersAt: number;
}

/** The sections with the fields that apply to `config`; sections left empty are dropped. */
export function formSections(
  schema: ConfigSchemaInfo,
  config: Record<string, unknown>,
): FormSection[] {
  const applies = (f: ConfigFieldInfo): boolean => fieldApplies(f, (p) => getPath(config, p));
  return CONFIG_SECTIONS.map((section) => {
    const inSection = schema.fields.filter((f) => f.section === section && applies(f));
    const fields = inSection.filter((f) => !LAYER_EDITOR_PATHS.has(f.path));
    return {
      section,
      fields,
      layers: inSection.some((f) => LAYER_EDITOR_PATHS.has(f.path)),
      layersAt: fields.findIndex((f) => f.path === 'model.kind') + 1,
    };
  }).filter((s) => s.fields.length > 0 || s.layers);
}

/** Every key the form shows for `config` (its fields and the layer editor's lists). */
export function shownPaths(schema: ConfigSchemaInfo, config: Record<string, unknown>): string[] {
  return schema.fields.filter((f) => fieldApplies(f, (p) => getPath(config, p))).map((f) => f.path);
}

/** The key that chooses a variant (`model` for `model.kind`), or null for any other key. */
export function variantOf(schema: ConfigSchemaInfo, path: string): string | null {
  if (!path.endsWith('.kind')) return null;
  const owner = path.slice(0, -'.kind'.length);
  return owner in schema.variants ? owner : null;
}

/**
 * A config with another variant chosen: the variant's own defaults replace the old variant's
 * keys (a CNN has no `widths`), keeping the keys both share that the person set (the
 * activation), and a CNN gets one convolution block to start from.
 */
export function chooseVariant(
  schema: ConfigSchemaInfo,
  config: Record<string, unknown>,
  owner: string,
  kind: string,
): Record<string, unknown> {
  const defaults = schema.variants[owner]?.[kind] ?? { kind };
  const previous = getPath(config, owner);
  const kept: Record<string, unknown> = {};
  if (previous && typeof previous === 'object') {
    const kindPath = `${owner}.kind`;
    for (const field of schema.fields) {
      if (!field.path.startsWith(`${owner}.`) || field.path === kindPath) continue;
      const key = field.path.slice(owner.length + 1);
      const sharedByBoth =
        !field.when || (field.when.path === kindPath && field.when.values.includes(kind));
      // A default that differs by variant (model.init: glorot for mlp, he for cnn) is the
      // new variant's, not the old one's.
      if (sharedByBoth && !field.defaultByKind && key in previous) {
        kept[key] = (previous as Record<string, unknown>)[key];
      }
    }
  }
  const next: Record<string, unknown> = { ...defaults, ...kept, kind };
  if (owner === 'model' && kind === 'cnn' && !Array.isArray(next.convs)) {
    next.convs = [newConvBlock(schema, [])];
  }
  return setPath(config, owner, next);
}

/**
 * A copy of config with one key set; `undefined` leaves the key out, and an object it empties is
 * left out too (an emptied init.fromRun drops `init`, which may not be empty).
 */
export function withValue(
  config: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  if (value !== undefined) return setPath(config, path, value);
  const [head, ...rest] = path.split('.');
  const copy = { ...config };
  const child = copy[head];
  if (rest.length === 0 || !child || typeof child !== 'object') delete copy[head];
  else {
    const inner = withValue(child as Record<string, unknown>, rest.join('.'), undefined);
    if (Object.keys(inner).length === 0) delete copy[head];
    else copy[head] = inner;
  }
  return copy;
}

/** Defaults of one list entry's fields (a convolution block's stride, padding, pooling). */
function itemDefaults(field: ConfigFieldInfo | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of field?.items ?? [])
    if (item.default !== undefined) out[item.path] = item.default;
  return out;
}

/**
 * The block the layer editor adds: a copy of the last one (stacks usually repeat a block), or
 * for the first block a 3×3 convolution of 16 filters with the schema's defaults for the rest.
 */
export function newConvBlock(
  schema: ConfigSchemaInfo,
  blocks: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const last = blocks.at(-1);
  if (last) return { ...last };
  const convs = schema.fields.find((f) => f.path === 'model.convs');
  return { filters: 16, kernel: 3, ...itemDefaults(convs) };
}

/** The width the layer editor adds: the last layer's again, or the schema's first default. */
export function newLayerWidth(
  schema: ConfigSchemaInfo,
  path: string,
  widths: readonly number[],
): number {
  const last = widths.at(-1);
  if (last !== undefined) return last;
  const field = schema.fields.find((f) => f.path === path);
  const fallback = [field?.default, ...Object.values(field?.defaultByKind ?? {})].find(
    (d): d is number[] => Array.isArray(d) && d.length > 0,
  );
  return fallback?.[0] ?? 64;
}

/** How an input shows a field's value. */
export function fieldText(field: ConfigFieldInfo, value: unknown): string | boolean {
  if (field.type === 'boolean') return value === true;
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

/**
 * A typed value from what an input holds: numbers parsed (text that is not one is kept, so the
 * back end's validation names the field), an emptied optional field left out, lists split at
 * commas.
 */
export function parseFieldText(field: ConfigFieldInfo, raw: string | boolean): unknown {
  if (field.type === 'boolean') return Boolean(raw);
  const text = String(raw).trim();
  if (field.type === 'number' || field.type === 'integer') {
    if (text === '') return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (field.type === 'integerList') {
    if (text === '') return [];
    return text.split(',').map((p) => {
      const n = Number(p.trim());
      return p.trim() !== '' && Number.isFinite(n) ? n : p.trim();
    });
  }
  return text;
}

/** min / max / step of a number input from the field's range (bounds the browser can show). */
export function numberInputRange(field: ConfigFieldInfo): {
  min?: number;
  max?: number;
  step: string;
} {
  const whole = field.type === 'integer' || field.type === 'integerList';
  return {
    ...(field.minimum !== undefined && !field.exclusiveMinimum ? { min: field.minimum } : {}),
    ...(field.maximum !== undefined && !field.exclusiveMaximum ? { max: field.maximum } : {}),
    step: whole ? '1' : 'any',
  };
}
