/** One editable leaf of a run config, found by walking the default config. */
export interface ConfigField {
  readonly path: string;
  readonly kind: 'number' | 'boolean' | 'string' | 'numberList';
}

/**
 * The form's fields, derived from the back end's default config (config.defaults) so the form
 * follows the schema: every leaf becomes a field of its type; arrays of numbers (hidden layer
 * widths) become comma-separated lists; nested objects become dotted paths.
 */
export function configFields(defaults: Record<string, unknown>, prefix = ''): ConfigField[] {
  const fields: ConfigField[] = [];
  for (const [key, value] of Object.entries(defaults)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number') fields.push({ path, kind: 'number' });
    else if (typeof value === 'boolean') fields.push({ path, kind: 'boolean' });
    else if (typeof value === 'string') fields.push({ path, kind: 'string' });
    else if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
      fields.push({ path, kind: 'numberList' });
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      fields.push(...configFields(value as Record<string, unknown>, path));
    }
  }
  return fields;
}

/**
 * Optional keys the defaults leave out (absent has a meaning of its own), shown as empty fields:
 * an empty dataset.testSize evaluates the full test split.
 */
export const OPTIONAL_NUMBER_FIELDS: readonly ConfigField[] = [
  { path: 'dataset.testSize', kind: 'number' },
];

/** The form's fields: those of the defaults, then the optional ones they leave out. */
export function formFields(defaults: Record<string, unknown>): ConfigField[] {
  const fields = configFields(defaults);
  const known = new Set(fields.map((f) => f.path));
  return [...fields, ...OPTIONAL_NUMBER_FIELDS.filter((f) => !known.has(f.path))];
}

export function getPath(config: Record<string, unknown>, path: string): unknown {
  let node: unknown = config;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A copy of config with one dotted path set. */
export function setPath(
  config: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const copy = { ...config };
  if (rest.length === 0) copy[head] = value;
  else {
    const child = copy[head];
    copy[head] = setPath(
      child && typeof child === 'object' ? (child as Record<string, unknown>) : {},
      rest.join('.'),
      value,
    );
  }
  return copy;
}

/** Parse a form value back to its config type; text that is not a number stays text so validation names it. */
export function parseFieldValue(kind: ConfigField['kind'], text: string | boolean): unknown {
  if (kind === 'boolean') return Boolean(text);
  const s = String(text).trim();
  if (kind === 'number') return s === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s;
  if (kind === 'numberList') {
    return s === ''
      ? []
      : s.split(',').map((p) => (Number.isFinite(Number(p.trim())) ? Number(p.trim()) : p.trim()));
  }
  return s;
}

/** A field's value as its input shows it: checked state, comma-separated list, or text. */
export function fieldInputValue(
  config: Record<string, unknown>,
  field: ConfigField,
): string | boolean {
  const value = getPath(config, field.path);
  if (field.kind === 'boolean') return value === true;
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined ? '' : String(value);
}
