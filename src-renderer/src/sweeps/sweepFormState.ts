import type {
  ApiInput,
  SlurmOptionsInput,
  SweepDefinitionInput,
} from '../../../src-main/api/contract';
import { parsePresetOverrides } from '../configForm/presetOverrides';
import { parseAxisValues } from './axisValues';

/** The new-sweep form as the person fills it in (plain text where they type). */
export interface SweepFormState {
  name: string;
  /** `config`: the new-run form's current configuration; `preset`: one of the presets. */
  baseKind: 'config' | 'preset';
  preset: string;
  /** Preset variants to sweep; empty means all of them. */
  variants: string[];
  /** `key=value` lines applied to the base (as --set). */
  overrides: string;
  axes: Array<{ key: string; values: string }>;
  combine: 'grid' | 'zip';
  seedsMode: 'count' | 'list';
  seedCount: string;
  seedList: string;
  executor: 'local' | 'slurm';
  concurrency: string;
  slurm: {
    partition: string;
    time: string;
    gres: string;
    cpusPerTask: string;
    mem: string;
    account: string;
    maxConcurrent: string;
    command: string;
    sbatchArgs: string;
    workDir: string;
  };
}

export function emptySweepForm(): SweepFormState {
  return {
    name: '',
    baseKind: 'config',
    preset: '',
    variants: [],
    overrides: '',
    axes: [{ key: 'labelNoise', values: '0, 0.5' }],
    combine: 'grid',
    seedsMode: 'count',
    seedCount: '3',
    seedList: '',
    executor: 'local',
    concurrency: '',
    slurm: {
      partition: '',
      time: '',
      gres: '',
      cpusPerTask: '',
      mem: '',
      account: '',
      maxConcurrent: '',
      command: '',
      sbatchArgs: '',
      workDir: '',
    },
  };
}

/** The definition the form describes, or the problems that keep it from being one. */
export function sweepDefinitionOf(
  form: SweepFormState,
  baseConfig: Record<string, unknown> | null,
): { definition: SweepDefinitionInput | null; problems: string[] } {
  const problems: string[] = [];
  const overrides = parsePresetOverrides(form.overrides);
  let base: SweepDefinitionInput['base'] | null = null;
  if (form.baseKind === 'preset') {
    if (!form.preset) problems.push('choose a preset');
    else {
      base = {
        preset: form.preset,
        ...(form.variants.length ? { variants: form.variants } : {}),
        ...(overrides.length ? { overrides } : {}),
      };
    }
  } else if (!baseConfig) problems.push('the configuration is still loading');
  else {
    // A plain copy: the form's config is reactive, and requests carry plain JSON.
    const config = JSON.parse(JSON.stringify(baseConfig)) as Record<string, unknown>;
    base = { config, ...(overrides.length ? { overrides } : {}) };
  }

  const axes: Record<string, unknown[]> = {};
  for (const axis of form.axes) {
    const key = axis.key.trim();
    if (!key && !axis.values.trim()) continue;
    if (!key) {
      problems.push('an axis needs a config key');
      continue;
    }
    if (key in axes) problems.push(`axis ${key} is given twice`);
    const { values, error } = parseAxisValues(axis.values);
    if (error) problems.push(`axis ${key}: ${error}`);
    axes[key] = values;
  }

  let seeds: number | number[] = 1;
  if (form.seedsMode === 'count') {
    const n = Number(form.seedCount);
    if (!Number.isInteger(n) || n < 1) problems.push('seeds: a whole number of seeds, at least 1');
    seeds = n;
  } else {
    const list = form.seedList
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number);
    if (list.length === 0 || list.some((s) => !Number.isInteger(s) || s < 0)) {
      problems.push('seeds: a comma-separated list of whole numbers');
    }
    seeds = list;
  }
  const name = form.name.trim() || (form.baseKind === 'preset' ? form.preset : 'sweep') || 'sweep';
  if (!base || problems.length > 0) return { definition: null, problems };
  return {
    definition: {
      name,
      base,
      axes: axes as SweepDefinitionInput['axes'],
      combine: form.combine,
      seeds,
    },
    problems,
  };
}

const wholeOrUndefined = (text: string): number | undefined => {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
};

/** The Slurm options the form holds (empty fields are left out; the back end validates). */
export function slurmOptionsOf(form: SweepFormState): SlurmOptionsInput {
  const s = form.slurm;
  const text = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  const options: SlurmOptionsInput = {
    partition: text(s.partition),
    time: text(s.time),
    gres: text(s.gres),
    cpusPerTask: wholeOrUndefined(s.cpusPerTask),
    mem: text(s.mem),
    account: text(s.account),
    maxConcurrent: wholeOrUndefined(s.maxConcurrent),
    command: text(s.command),
    sbatchArgs: s.sbatchArgs
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
  };
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as SlurmOptionsInput;
}

/** The `sweeps.run` request for a created sweep. */
export function runRequestOf(form: SweepFormState, sweepId: string): ApiInput<'sweeps.run'> {
  if (form.executor === 'local') {
    const concurrency = wholeOrUndefined(form.concurrency);
    return { sweepId, executor: 'local', ...(concurrency ? { concurrency } : {}) };
  }
  const workDir = form.slurm.workDir.trim();
  return {
    sweepId,
    executor: 'slurm',
    slurm: slurmOptionsOf(form),
    ...(workDir ? { workDir } : {}),
  };
}

/** Runs at once the estimate assumes: the local concurrency, or the Slurm throttle. */
export function estimateConcurrency(form: SweepFormState): number | undefined {
  const n = wholeOrUndefined(
    form.executor === 'local' ? form.concurrency : form.slurm.maxConcurrent,
  );
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}
