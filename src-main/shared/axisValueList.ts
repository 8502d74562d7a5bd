/**
 * Splits one sweep axis's value list at its top-level commas — commas inside brackets, braces
 * or double quotes do not split — so `0, 0.25, 0.5`, `mean, m3` and `[128], [256, 256]` all read
 * as intended. Shared by the CLI's `--axis key=v1,v2,…` and the new-sweep form, which then read
 * each part like a `--set` value. Parts are returned untrimmed; the error says what is wrong.
 */
export function splitAxisValues(text: string): { parts: string[] } | { error: string } {
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
    if (depth < 0) return { error: 'unbalanced brackets' };
  }
  if (depth !== 0 || quoted) return { error: 'unbalanced brackets or quotes' };
  parts.push(text.slice(start));
  return { parts };
}
