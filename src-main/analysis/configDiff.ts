import { runConfigSchema } from '../engine/runConfig';

/**
 * Which config keys differ between runs: flattened to dotted keys so the table (UI, CLI,
 * report) shows `model.hidden` rather than whole objects, and only keys that differ.
 */
export function flattenConfig(value: unknown, prefix = ''): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return prefix ? { [prefix]: value } : {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    Object.assign(out, flattenConfig(inner, prefix ? `${prefix}.${key}` : key));
  }
  return out;
}

export interface ConfigDiffRow {
  readonly key: string;
  /** Run id → value (undefined where the run's config has no such key). */
  readonly values: Record<number, unknown>;
}

export function configDiff(
  configs: ReadonlyArray<{ runId: number; config: unknown }>,
): ConfigDiffRow[] {
  return configTable(configs)
    .filter((row) => row.differs)
    .map(({ key, values }) => ({ key, values }));
}

/** Every dotted key any of the runs has, with each run's value and whether they differ. */
export function configTable(
  configs: ReadonlyArray<{ runId: number; config: unknown }>,
): Array<ConfigDiffRow & { readonly differs: boolean }> {
  const flat = configs.map(({ runId, config }) => ({
    runId,
    values: flattenConfig(withCurrentDefaults(config)),
  }));
  const keys = new Set(flat.flatMap((f) => Object.keys(f.values)));
  return [...keys].sort().map((key) => ({
    key,
    values: Object.fromEntries(flat.map((f) => [f.runId, f.values[key]])),
    differs: new Set(flat.map((f) => JSON.stringify(f.values[key]))).size > 1,
  }));
}

/**
 * The stored config with today's defaults filled in. A run stores its config as parsed when it
 * was created, so a run made before a key existed (e.g. `coherence.nested`) lacks it; without
 * filling, every such key would show as a difference against newer runs although both ran with
 * the default. A config today's schema rejects (a key since removed) is compared as stored.
 */
function withCurrentDefaults(config: unknown): unknown {
  const parsed = runConfigSchema.safeParse(config);
  return parsed.success ? parsed.data : config;
}

/** Whether two stored or requested configs describe the same run (today's defaults filled). */
export function sameRunConfig(a: unknown, b: unknown): boolean {
  const left = flattenConfig(withCurrentDefaults(a));
  const right = flattenConfig(withCurrentDefaults(b));
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => JSON.stringify(left[key]) === JSON.stringify(right[key]));
}
