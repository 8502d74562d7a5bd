import { isPlainObject } from './presets';
import { ConfigError } from '../engine/config/configIssues';

/**
 * `--set key=value` with dotted keys (e.g. `model.hidden=[512]`, `coherence.m=500`). Values
 * are read as JSON when they parse (numbers, booleans, arrays, objects) and as plain strings
 * otherwise. Unknown keys and out-of-range values are caught afterwards by the strict config
 * schema, which names the key.
 */
export function parseAssignment(assignment: string): { path: string[]; value: unknown } {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    throw new ConfigError(`--set expects key=value (e.g. labelNoise=0.5), got "${assignment}"`);
  }
  const key = assignment.slice(0, eq).trim();
  const raw = assignment.slice(eq + 1).trim();
  const path = key.split('.');
  if (
    path.some(
      (part) =>
        part.length === 0 || part === '__proto__' || part === 'constructor' || part === 'prototype',
    )
  ) {
    throw new ConfigError(`--set: "${key}" is not a valid dotted config key`);
  }
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value };
}

export function applyAssignments(
  config: Record<string, unknown>,
  assignments: readonly string[],
): Record<string, unknown> {
  const out = structuredClone(config);
  for (const assignment of assignments) {
    const { path, value } = parseAssignment(assignment);
    let node: Record<string, unknown> = out;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (next === undefined) node[part] = {};
      else if (!isPlainObject(next)) {
        throw new ConfigError(
          `--set: "${path.join('.')}": "${part}" is not an object in the config`,
        );
      }
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}
