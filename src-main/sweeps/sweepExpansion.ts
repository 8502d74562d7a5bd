import { z } from 'zod';
import { zodIssues } from '../engine/config/configIssues';
import type { RunConfig, RunConfigInput } from '../engine/config/configSchemas';
import { runConfigSchema } from '../engine/runConfig';
import { applyAssignments } from '../runs/configOverrides';
import { findPreset, mergeConfig } from '../runs/presets';
import {
  MAX_SWEEP_RUNS,
  sweepDefinitionSchema,
  sweepSeeds,
  type SweepDefinition,
} from '../shared/sweepDefinition';
import { SweepDefinitionError, type SweepIssue } from './sweepDefinitionError';

/** JSON values an axis can take (numbers, strings, booleans, arrays, objects, null). */
export type AxisValue =
  string | number | boolean | null | AxisValue[] | { [key: string]: AxisValue };

/**
 * What distinguishes a cell: its axis values in axis order, preceded by `variant` when the base
 * is a preset with several variants. Runs of one cell differ only in seed.
 */
export type CellKey = Readonly<Record<string, AxisValue>>;

export interface SweepCell {
  readonly index: number;
  readonly key: CellKey;
  /** `variant=mean labelNoise=0.5`: for names, tables and error messages. */
  readonly label: string;
}

export interface PlannedRun {
  /** Position in the sweep: the Slurm array index and the task file's number. */
  readonly taskIndex: number;
  readonly cellIndex: number;
  readonly seed: number;
  readonly name: string;
  /** Validated, defaults filled: what the run stores and trains. */
  readonly config: RunConfig;
}

export interface SweepPlan {
  readonly definition: SweepDefinition;
  readonly cells: readonly SweepCell[];
  readonly seeds: readonly number[];
  /**
   * Seed-major: every cell's first seed, then every cell's second seed, … so a sweep that is
   * cut short (or throttled) has every cell started before any cell gets its n-th seed.
   */
  readonly runs: readonly PlannedRun[];
}

/** The name under which a cell's key and value appear: strings bare, everything else as JSON. */
export function formatAxisValue(value: AxisValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function cellLabel(key: CellKey): string {
  const parts = Object.entries(key).map(([k, v]) => `${k}=${formatAxisValue(v)}`);
  return parts.length > 0 ? parts.join(' ') : '(base)';
}

/**
 * Expand a sweep definition into one validated run per cell × seed. Every run's config is
 * built (preset base + variant, then the cell's axis values through the same dotted-key
 * overrides as `--set`, then the seed) and validated before anything is returned; all
 * problems are collected and thrown together as a SweepDefinitionError naming cell and key.
 */
export function expandSweep(input: unknown): SweepPlan {
  const parsed = sweepDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new SweepDefinitionError(definitionIssues(parsed.error));
  }
  const definition = parsed.data;
  const issues: SweepIssue[] = [];
  const bases = resolveBases(definition, issues);
  checkAxes(definition, issues);
  const seeds = sweepSeeds(definition.seeds);
  if (issues.length > 0) throw new SweepDefinitionError(issues);

  const lengths = Object.values(definition.axes).map((values) => values.length);
  const tupleCount =
    definition.combine === 'zip' ? (lengths[0] ?? 1) : lengths.reduce((a, b) => a * b, 1);
  const cellCount = bases.length * tupleCount;
  if (cellCount * seeds.length > MAX_SWEEP_RUNS) {
    throw new SweepDefinitionError([
      {
        key: 'axes',
        message: `expands to ${cellCount * seeds.length} runs (${cellCount} cells × ${seeds.length} seeds); at most ${MAX_SWEEP_RUNS} are allowed`,
      },
    ]);
  }
  const axisTuples = axisCombinations(definition);

  const cells: SweepCell[] = [];
  const cellConfigs: Record<string, unknown>[] = [];
  for (const base of bases) {
    for (const tuple of axisTuples) {
      const key: Record<string, AxisValue> = {};
      if (bases.length > 1 && base.variant !== null) key.variant = base.variant;
      Object.assign(key, tuple);
      const cell: SweepCell = { index: cells.length, key, label: cellLabel(key) };
      try {
        const assignments = Object.entries(tuple).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        cellConfigs.push(applyAssignments(base.config, assignments));
      } catch (error) {
        issues.push({ cell: cell.label, key: 'axes', message: (error as Error).message });
        cellConfigs.push({});
      }
      cells.push(cell);
    }
  }

  const runs: PlannedRun[] = [];
  for (const seed of seeds) {
    for (const cell of cells) {
      const result = runConfigSchema.safeParse({ ...cellConfigs[cell.index], seed });
      if (!result.success) {
        // Seeds are validated by the definition schema, so a problem here belongs to the
        // cell: report it once, for the cell's first seed.
        if (seed === seeds[0]) {
          for (const issue of zodIssues(result.error)) {
            issues.push({ cell: cell.label, key: issue.path, message: issue.message });
          }
        }
        continue;
      }
      runs.push({
        taskIndex: runs.length,
        cellIndex: cell.index,
        seed,
        name: `${definition.name} ${cell.label} seed=${seed}`,
        config: result.data,
      });
    }
  }
  if (issues.length > 0) throw new SweepDefinitionError(issues);
  return { definition, cells, seeds, runs };
}

/** Zod's issues as SweepIssues; a bad axis key is reported with the key and the reason. */
function definitionIssues(error: z.ZodError): SweepIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'invalid_key') {
      const key = issue.path.map(String).join('.');
      return issue.issues.map((inner) => ({ key, message: inner.message }));
    }
    return zodIssues(new z.ZodError([issue])).map((i) => ({ key: i.path, message: i.message }));
  });
}

interface ResolvedBase {
  /** The preset variant's name, or null for a config base. */
  readonly variant: string | null;
  readonly config: Record<string, unknown>;
}

function resolveBases(definition: SweepDefinition, issues: SweepIssue[]): ResolvedBase[] {
  const bases = resolvePresetOrConfig(definition, issues);
  const overrides = definition.base.overrides ?? [];
  if (overrides.length === 0) return bases;
  try {
    return bases.map((base) => ({
      variant: base.variant,
      config: applyAssignments(base.config, overrides),
    }));
  } catch (error) {
    issues.push({ key: 'base.overrides', message: (error as Error).message });
    return [];
  }
}

function resolvePresetOrConfig(definition: SweepDefinition, issues: SweepIssue[]): ResolvedBase[] {
  const { base } = definition;
  if ('config' in base) return [{ variant: null, config: base.config }];
  let preset;
  try {
    preset = findPreset(base.preset);
  } catch (error) {
    issues.push({ key: 'base.preset', message: (error as Error).message });
    return [];
  }
  const known = preset.variants.map((v) => v.name);
  const wanted = base.variants ?? known;
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    issues.push({
      key: 'base.variants',
      message: `preset "${preset.name}" has no variant ${unknown.map((n) => `"${n}"`).join(', ')}; it has ${known.join(', ')}`,
    });
    return [];
  }
  if (new Set(wanted).size !== wanted.length) {
    issues.push({ key: 'base.variants', message: 'lists a variant twice' });
    return [];
  }
  return preset.variants
    .filter((variant) => wanted.includes(variant.name))
    .map((variant) => ({
      variant: variant.name,
      config: mergeConfig(preset.base, variant.overrides as RunConfigInput) as Record<
        string,
        unknown
      >,
    }));
}

/** Duplicate values (two identical cells) and zip axes of different lengths. */
function checkAxes(definition: SweepDefinition, issues: SweepIssue[]): void {
  const axes = Object.entries(definition.axes) as Array<[string, AxisValue[]]>;
  for (const [key, values] of axes) {
    const seen = new Set<string>();
    for (const value of values) {
      const text = JSON.stringify(value);
      if (seen.has(text)) {
        issues.push({
          key: `axes.${key}`,
          message: `lists ${formatAxisValue(value)} twice (two identical cells)`,
        });
      }
      seen.add(text);
    }
  }
  const lengths = new Set(axes.map(([, values]) => values.length));
  if (definition.combine === 'zip' && lengths.size > 1) {
    issues.push({
      key: 'axes',
      message: `combine "zip" pairs the axes' i-th values, so every axis needs the same number of values; got ${axes.map(([k, v]) => `${k}: ${v.length}`).join(', ')}`,
    });
  }
}

/** The axis-value combinations, each as key → value in axis order. */
function axisCombinations(definition: SweepDefinition): Array<Record<string, AxisValue>> {
  const axes = Object.entries(definition.axes) as Array<[string, AxisValue[]]>;
  if (axes.length === 0) return [{}];
  if (definition.combine === 'zip') {
    return axes[0][1].map((_, i) => Object.fromEntries(axes.map(([k, values]) => [k, values[i]])));
  }
  // Grid: the last axis varies fastest, like nested loops written in axis order.
  let tuples: Array<Record<string, AxisValue>> = [{}];
  for (const [key, values] of axes) {
    tuples = tuples.flatMap((tuple) => values.map((value) => ({ ...tuple, [key]: value })));
  }
  return tuples;
}
