import { splitAxisValues } from '../../../src-main/shared/axisValueList';

/**
 * The values of one axis as typed in the new-sweep form: comma-separated, each read like a
 * `--set` value (JSON when it parses, text otherwise), with commas inside brackets, braces or
 * quotes kept: `0, 0.25, 0.5`, `mean, m3`, `[128], [256, 256]`. The back end validates each
 * resulting cell and names the cell and key of a bad value.
 */
export function parseAxisValues(text: string): { values: unknown[]; error: string | null } {
  const split = splitAxisValues(text);
  if ('error' in split) return { values: [], error: split.error };
  const trimmed = split.parts.map((p) => p.trim());
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
