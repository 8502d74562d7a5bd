import {
  CONFIG_SECTIONS,
  describeFieldType,
  type ConfigFieldInfo,
  type ConfigSchemaInfo,
} from './configFieldInfo';

const formatDefault = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** "default 0.01", "empty = …", "required" — how a key behaves when left out. */
export function describeFieldDefault(field: ConfigFieldInfo): string {
  if (field.default !== undefined) return `default ${formatDefault(field.default)}`;
  if (field.defaultByKind) {
    const each = Object.entries(field.defaultByKind).map(([k, v]) => `${formatDefault(v)} (${k})`);
    return `default ${each.join(', ')}`;
  }
  return field.optional ? 'may be left out' : 'required';
}

/**
 * The config keys as text, section by section: each key with its type, range, default and
 * when it applies, then its description (what `coherence-lab config keys` prints).
 */
export function formatConfigKeys(schema: ConfigSchemaInfo): string {
  const lines: string[] = [];
  for (const section of CONFIG_SECTIONS) {
    const fields = schema.fields.filter((f) => f.section === section);
    if (fields.length === 0) continue;
    lines.push(section);
    for (const field of fields) {
      const when = field.when ? `; when ${field.when.path} is ${field.when.values.join('/')}` : '';
      lines.push(
        `  ${field.path}  (${describeFieldType(field)}; ${describeFieldDefault(field)}${when})`,
      );
      lines.push(`      ${field.description}`);
      for (const item of field.items ?? []) {
        lines.push(
          `      · ${item.path}  (${describeFieldType(item)}; ${describeFieldDefault(item)}) ${item.description}`,
        );
      }
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}
