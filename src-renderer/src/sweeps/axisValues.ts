/**
 * The values of one axis as typed in the new-sweep form: comma-separated, each read like a
 * `--set` value (JSON when it parses, text otherwise), with commas inside brackets, braces or
 * quotes kept: `0, 0.25, 0.5`, `mean, m3`, `[128], [256, 256]`. The back end validates each
 * resulting cell and names the cell and key of a bad value.
 */
export function parseAxisValues(text: string): { values: unknown[]; error: string | null } {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i += 1;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '[' || ch === '{') depth += 1;
    else if (ch === ']' || ch === '}') depth -= 1;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return { values: [], error: 'unbalanced brackets' };
  }
  if (depth !== 0 || quoted) return { values: [], error: 'unbalanced brackets or quotes' };
  parts.push(text.slice(start));
  const trimmed = parts.map((p) => p.trim());
  if (trimmed.every((p) => p === '')) return { values: [], error: 'give at least one value' };
  if (trimmed.some((p) => p === '')) return { values: [], error: 'an empty value between commas' };
  return { values: trimmed.map(readValue), error: null };
}

function readValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
