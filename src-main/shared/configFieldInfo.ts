/**
 * What the back end tells every front end about the run config's fields (API `config.schema`,
 * CLI `config keys`): one entry per editable key with its type, choices, range, default and
 * description, grouped into the sections the new-run form shows. Built from the zod schemas
 * (engine/config/configFieldCatalog.ts), so help text, choices and limits have one source.
 */

/** The form's sections, in order; every config key belongs to exactly one. */
export const CONFIG_SECTIONS = [
  'Data',
  'Labels',
  'Model',
  'Optimizer and schedule',
  'Aggregator',
  'Coherence',
  'Evaluation',
  'Checkpoints',
  'Backend',
] as const;
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];

/**
 * integerList: a list of whole numbers (hidden layer widths); objectList: a list of objects
 * whose fields are `items` (a CNN's convolution blocks); enum: one of `options`.
 */
export type ConfigFieldType =
  'number' | 'integer' | 'boolean' | 'string' | 'enum' | 'integerList' | 'objectList';

export interface ConfigFieldInfo {
  /** Dotted key, as `--set` and validation issues name it (`optimizer.lr`). */
  readonly path: string;
  readonly section: ConfigSection;
  readonly type: ConfigFieldType;
  readonly description: string;
  /** The choices of an enum (and of a variant's `kind`). */
  readonly options?: readonly string[];
  /** The value used when the key is left out; absent when there is none. */
  readonly default?: unknown;
  /** For a key several variants share with different defaults: each variant's default. */
  readonly defaultByKind?: Readonly<Record<string, unknown>>;
  /** May be left out with a meaning of its own (e.g. dataset.testSize: the full test split). */
  readonly optional: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  /** The bound itself is excluded (lr > 0, momentum < 1). */
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Fields of one list entry (objectList), with paths relative to the entry. */
  readonly items?: readonly ConfigFieldInfo[];
  /** Only for some variants: shown and used when the key `path` holds one of `values`. */
  readonly when?: { readonly path: string; readonly values: readonly string[] };
}

export interface ConfigSchemaInfo {
  readonly fields: readonly ConfigFieldInfo[];
  /**
   * For keys that choose a variant (`model`, `lrSchedule`, `aggregator`): each choice of its
   * `kind` with the defaults that variant fills in, so switching kind starts from them.
   */
  readonly variants: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
}

/** Whether a field applies to a config (its variant is the chosen one, or it has no variant). */
export function fieldApplies(
  field: Pick<ConfigFieldInfo, 'when'>,
  valueAt: (path: string) => unknown,
): boolean {
  return !field.when || field.when.values.includes(String(valueAt(field.when.path)));
}

/** "a number ≥ 0 and < 1", "a whole number from 1 to 1000", "one of: sgd, adam" … */
export function describeFieldType(field: ConfigFieldInfo): string {
  const range = (): string => {
    const low =
      field.minimum === undefined ? '' : `${field.exclusiveMinimum ? '>' : '≥'} ${field.minimum}`;
    const high =
      field.maximum === undefined ? '' : `${field.exclusiveMaximum ? '<' : '≤'} ${field.maximum}`;
    return [low, high].filter(Boolean).join(' and ');
  };
  switch (field.type) {
    case 'enum':
      return `one of: ${(field.options ?? []).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'text';
    case 'integerList':
      return `a list of whole numbers${field.maxItems !== undefined ? ` (at most ${field.maxItems})` : ''}`;
    case 'objectList':
      return `a list of {${(field.items ?? []).map((i) => i.path).join(', ')}}`;
    case 'integer':
    case 'number': {
      const kind = field.type === 'integer' ? 'a whole number' : 'a number';
      const bounds = range();
      return bounds ? `${kind} ${bounds}` : kind;
    }
  }
}
