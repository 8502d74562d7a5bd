import { cellStatistic, type CellStatistic } from './cellStatistics';

/**
 * The numeric fields of a run summary as flat metric names: nested objects become dotted names
 * (`{ probeCoherence: { peak: { value, step } } }` → `probeCoherence.peak.value`,
 * `probeCoherence.peak.step`), null stays null (the run has no such value), and anything that
 * is not a number (strings, booleans, arrays) is left out. Whatever the summary's definition
 * holds flows into the cell statistics without this code knowing its fields.
 */
export function numericFields(value: unknown, prefix = ''): Map<string, number | null> {
  const out = new Map<string, number | null>();
  walk(value, prefix, out);
  return out;
}

function walk(value: unknown, name: string, out: Map<string, number | null>): void {
  if (typeof value === 'number') {
    if (name) out.set(name, value);
    return;
  }
  if (value === null) {
    if (name) out.set(name, null);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    walk(inner, name ? `${name}.${key}` : key, out);
  }
}

/**
 * n, mean, sd and 95 % CI of every metric over a cell's runs, in the order the metrics first
 * appear. A metric some runs lack counts as missing for them (n says how many had it).
 */
export function cellMetricStatistics(summaries: readonly unknown[]): Record<string, CellStatistic> {
  const fields = summaries.map((summary) => numericFields(summary));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    for (const name of f.keys()) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  // A field that is an object in one summary and null in another (no peak measured yet) is
  // its sub-metrics, missing for that run; the null itself is not a metric of its own.
  const parents = new Set(names.flatMap((name) => ancestors(name)));
  const out: Record<string, CellStatistic> = {};
  for (const name of names) {
    if (parents.has(name)) continue;
    out[name] = cellStatistic(fields.map((f) => f.get(name) ?? null));
  }
  return out;
}

/** `a.b.c` → `a`, `a.b`. */
function ancestors(name: string): string[] {
  const parts = name.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}
