import { z } from 'zod';
import { SINGLE_LINE, UNSAFE_TEXT_MESSAGE } from './displayText';

/**
 * A sweep: one base config × axes × seeds. Stored with the project (and exported with its
 * runs) exactly as given here; `expandSweep` turns it into runs.
 *
 * ```json
 * { "name": "noise × aggregator",
 *   "base": { "preset": "robust-averaging", "variants": ["mean", "winsorized-c2"] },
 *   "axes": { "labelNoise": [0.25, 0.5], "optimizer.lr": [0.05, 0.1] },
 *   "combine": "grid",
 *   "seeds": 5 }
 * ```
 */

/**
 * A sweep id names its work folder, its Slurm job and every shard's origin, so it must be a
 * plain path segment. Pick it unique across projects (e.g. a random suffix): `sweep collect`
 * refuses a shard whose task names another sweep.
 */
export const sweepIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/** Largest number of runs one sweep may expand to (a typo in an axis should not make 10⁶ runs). */
export const MAX_SWEEP_RUNS = 10_000;
export const MAX_SEEDS = 1_000;

const DOTTED_KEY = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const RESERVED_PARTS = new Set(['__proto__', 'constructor', 'prototype']);

/** A dotted run-config key (`labelNoise`, `optimizer.lr`, `aggregator.c`). */
export const axisKeySchema = z
  .string()
  .regex(DOTTED_KEY, 'must be a dotted config key such as optimizer.lr')
  .refine((key) => !key.split('.').some((part) => RESERVED_PARTS.has(part)), {
    message: 'is not a valid config key',
  })
  .refine((key) => key !== 'seed', {
    message: 'seeds are given with "seeds" (a count or a list), not as an axis',
  });

const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export const sweepSeedsSchema = z.union([
  z.number().int().min(1).max(MAX_SEEDS),
  z
    .array(seedSchema)
    .min(1)
    .max(MAX_SEEDS)
    .refine((seeds) => new Set(seeds).size === seeds.length, { message: 'lists a seed twice' }),
]);

/**
 * Dotted `key=value` assignments applied to the base before the axes (as `--set` does), e.g.
 * a shorter `steps=300` for every run of a preset.
 */
const baseOverridesSchema = z.array(z.string().min(3).max(1000)).max(50).optional();

export const sweepBaseSchema = z.union([
  z.strictObject({
    /** A preset's base and its variants; every variant (or the listed ones) is crossed with the axes. */
    preset: z.string().min(1).max(100),
    variants: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    overrides: baseOverridesSchema,
  }),
  z.strictObject({
    /** A run config (as in `run --config FILE`), validated per cell after the axes are applied. */
    config: z.record(z.string(), z.unknown()),
    overrides: baseOverridesSchema,
  }),
]);

export const sweepDefinitionSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).regex(SINGLE_LINE, UNSAFE_TEXT_MESSAGE),
  base: sweepBaseSchema,
  /** Config key → the values it takes. Key order is the order of the cell key. */
  axes: z.record(axisKeySchema, z.array(z.json()).min(1).max(MAX_SWEEP_RUNS)).default({}),
  /** grid: every combination of the axes' values; zip: the i-th values of every axis together. */
  combine: z.enum(['grid', 'zip']).default('grid'),
  /** A count N (seeds 1 … N) or the list of seeds. The same seeds are used in every cell. */
  seeds: sweepSeedsSchema,
});

export type SweepDefinition = z.infer<typeof sweepDefinitionSchema>;
export type SweepDefinitionInput = z.input<typeof sweepDefinitionSchema>;

/** The seeds a definition names: a count N means 1 … N. */
export function sweepSeeds(seeds: SweepDefinition['seeds']): number[] {
  return typeof seeds === 'number' ? Array.from({ length: seeds }, (_, i) => i + 1) : [...seeds];
}
