import { ConfigError } from '../engine/config/configIssues';
import { parseAssignment } from '../runs/configOverrides';
import { splitAxisValues } from '../shared/axisValueList';
import type { AxisValue } from './sweepExpansion';

/**
 * `--axis key=v1,v2,…` → { key, values }. Each value is read exactly like a `--set` value (JSON
 * when it parses, a plain string otherwise), so `--axis labelNoise=0,0.25,0.5`,
 * `--axis aggregator.kind=mean,m3` and `--axis 'model.hidden=[128],[256,256]'` all work: commas
 * inside brackets, braces or quotes do not split values.
 */
export function parseAxisArgument(argument: string): { key: string; values: AxisValue[] } {
  const eq = argument.indexOf('=');
  if (eq <= 0 || eq === argument.length - 1) {
    throw new ConfigError(`--axis expects key=v1,v2,… (e.g. labelNoise=0,0.5), got "${argument}"`);
  }
  const key = argument.slice(0, eq).trim();
  const values = splitTopLevel(argument.slice(eq + 1), argument).map((raw) => {
    if (raw.trim().length === 0) {
      throw new ConfigError(`--axis ${key}: empty value in "${argument}"`);
    }
    return parseAssignment(`${key}=${raw}`).value as AxisValue;
  });
  return { key, values };
}

function splitTopLevel(text: string, argument: string): string[] {
  const split = splitAxisValues(text);
  if ('error' in split) throw new ConfigError(`--axis: ${split.error} in "${argument}"`);
  return split.parts;
}
