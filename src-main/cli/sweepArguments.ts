import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SlurmOptionsInput, SweepDefinitionInput } from '../api/contract';
import { parseAxisArgument } from '../sweeps/axisArgument';

/** The options that say what a sweep is (`sweep create`, and `run --seeds`). */
export interface SweepDefinitionOptions {
  readonly preset?: string;
  readonly variants?: string;
  readonly config?: string;
  readonly set: string[];
  readonly axis: string[];
  readonly zip?: boolean;
  readonly seeds?: string;
  readonly seedList?: string;
  readonly name?: string;
}

export const collectRepeated = (value: string, previous: string[]): string[] => [
  ...previous,
  value,
];

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

function wholeNumber(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
    throw new Error(`${option} must be a whole number, got "${text}"`);
  }
  return value;
}

/** `--preset/--config`, `--set`, `--axis`, `--seeds/--seed-list`, `--name` → a sweep definition. */
export function sweepDefinitionFrom(options: SweepDefinitionOptions): SweepDefinitionInput {
  if (!!options.preset === !!options.config) {
    throw new Error('give exactly one of --preset NAME or --config FILE');
  }
  if ((options.seeds === undefined) === (options.seedList === undefined)) {
    throw new Error('give exactly one of --seeds N (seeds 1…N) or --seed-list a,b,…');
  }
  const overrides = options.set.length ? { overrides: options.set } : {};
  let base: SweepDefinitionInput['base'];
  let defaultName: string;
  if (options.preset) {
    base = {
      preset: options.preset,
      ...(options.variants ? { variants: list(options.variants) } : {}),
      ...overrides,
    };
    defaultName = options.preset;
  } else {
    const file = options.config as string;
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: cannot read a JSON config (${(error as Error).message})`);
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new Error(`${file}: a run config is a JSON object`);
    }
    base = { config: config as Record<string, unknown>, ...overrides };
    defaultName = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  }
  const axes: Record<string, unknown[]> = {};
  for (const argument of options.axis) {
    const { key, values } = parseAxisArgument(argument);
    if (key in axes) throw new Error(`--axis ${key} is given twice`);
    axes[key] = values;
  }
  const seeds =
    options.seeds !== undefined
      ? wholeNumber('--seeds', options.seeds)
      : list(options.seedList as string).map((s) => wholeNumber('--seed-list', s));
  return {
    name: options.name ?? defaultName,
    base,
    axes: axes as SweepDefinitionInput['axes'],
    combine: options.zip ? 'zip' : 'grid',
    seeds,
  };
}

/** The Slurm executor's command-line options. */
export interface SlurmFlagOptions {
  readonly partition?: string;
  readonly time?: string;
  readonly gres?: string;
  readonly cpusPerTask?: string;
  readonly mem?: string;
  readonly account?: string;
  readonly maxConcurrent?: string;
  readonly sbatchArg: string[];
  readonly command?: string;
  readonly workDir?: string;
}

/** The flags as the API's Slurm options (validated there, each problem named by its key). */
export function slurmOptionsFrom(options: SlurmFlagOptions): SlurmOptionsInput {
  return {
    ...(options.partition ? { partition: options.partition } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.gres ? { gres: options.gres } : {}),
    ...(options.cpusPerTask
      ? { cpusPerTask: wholeNumber('--cpus-per-task', options.cpusPerTask) }
      : {}),
    ...(options.mem ? { mem: options.mem } : {}),
    ...(options.account ? { account: options.account } : {}),
    ...(options.maxConcurrent
      ? { maxConcurrent: wholeNumber('--max-concurrent', options.maxConcurrent) }
      : {}),
    sbatchArgs: options.sbatchArg,
    ...(options.command ? { command: options.command } : {}),
  };
}

export const workDirFrom = (options: SlurmFlagOptions): { workDir?: string } =>
  options.workDir ? { workDir: resolve(options.workDir) } : {};

/** Did the user give any Slurm option (for resubmit: else the first submission's are used)? */
export function hasSlurmFlags(options: SlurmFlagOptions): boolean {
  return (
    [
      options.partition,
      options.time,
      options.gres,
      options.cpusPerTask,
      options.mem,
      options.account,
      options.maxConcurrent,
      options.command,
    ].some((v) => v !== undefined) || options.sbatchArg.length > 0
  );
}

export function parseConcurrency(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = wholeNumber('--concurrency', text);
  if (value < 1 || value > 64) throw new Error(`--concurrency must be from 1 to 64, got ${value}`);
  return value;
}
