import type { RunConfigInput } from '../engine/config/configSchemas';
import { parseRunConfig } from '../engine/runConfig';
import { applyAssignments } from '../runs/configOverrides';
import { mergeConfig } from '../runs/presets';
import { suiteClaims, type ClaimDefinition } from './claimDefinitions';
import { evaluateClaim, type ClaimResult } from './claimEvaluation';
import {
  claimsNotRun,
  suiteArms,
  type NotRunClaim,
  type SuiteArm,
  type SuiteContext,
  type SuiteTier,
} from './suiteDefinition';
import type {
  RecordExtra,
  SeedRun,
  SuiteExecutor,
  SuiteReader,
  SuiteRunRequest,
} from './suiteData';

/**
 * The reproduction as a plan (which claims, which arms × seeds) and its execution: train the
 * plan's runs through an executor, read them back, judge every claim. Nothing here knows how
 * runs are trained or stored; the caller passes both (see suiteData.ts).
 */
export interface ReproductionPlan {
  readonly tier: SuiteTier;
  readonly seeds: readonly number[];
  readonly claims: readonly ClaimDefinition[];
  readonly notRun: readonly NotRunClaim[];
  readonly arms: readonly SuiteArm[];
  /** Seed-major (every arm of seed 1, then of seed 2, …): a suite cut short has whole seeds. */
  readonly requests: readonly SuiteRunRequest[];
}

export interface ReproductionResult {
  readonly tier: SuiteTier;
  readonly seeds: readonly number[];
  readonly claims: readonly ClaimResult[];
  readonly notRun: readonly NotRunClaim[];
}

export function planReproduction(options: {
  tier: SuiteTier;
  seedCount: number;
  /** Claim ids to check (default: every claim the tier runs); unknown ids are an error. */
  only?: readonly string[];
  /** `--set key=value` assignments applied to every run (e.g. a smaller trainSize). */
  overrides?: readonly string[];
  /** What the project holds (CIFAR-10 adds G3's CIFAR-10 cells); default: nothing imported. */
  context?: SuiteContext;
}): ReproductionPlan {
  if (!Number.isInteger(options.seedCount) || options.seedCount < 1 || options.seedCount > 20) {
    throw new RangeError(`--seeds must be a whole number from 1 to 20, got ${options.seedCount}`);
  }
  for (const assignment of options.overrides ?? []) {
    if (/^\s*seed\s*=/.test(assignment)) {
      throw new RangeError('--set seed=…: the suite gives each run its seed; use --seeds N');
    }
  }
  const allArms = suiteArms(options.tier, options.context);
  let claims = suiteClaims(allArms);
  if (options.only) {
    const known = new Set(claims.map((c) => c.id));
    const unknown = options.only.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new RangeError(
        `--claims: unknown claim ${unknown.map((id) => `"${id}"`).join(', ')} for the ${options.tier} suite; available: ${[...known].join(', ')}`,
      );
    }
    claims = claims.filter((c) => options.only?.includes(c.id));
  }
  const needed = new Set(claims.flatMap((c) => c.arms));
  const arms = allArms.filter((arm) => needed.has(arm.key));
  const seeds = Array.from({ length: options.seedCount }, (_, i) => i + 1);
  const requests = seeds.flatMap((seed) =>
    arms.map((arm) => {
      const config = applyAssignments(
        mergeConfig(arm.config, { seed }) as Record<string, unknown>,
        options.overrides ?? [],
      ) as RunConfigInput;
      // Refuse a bad --set before anything trains, naming the arm whose config it broke.
      try {
        parseRunConfig(config);
      } catch (error) {
        throw new Error(`${arm.label}: ${(error as Error).message}`, { cause: error });
      }
      return { armKey: arm.key, seed, name: `reproduce ${arm.label} seed ${seed}`, config };
    }),
  );
  return {
    tier: options.tier,
    seeds,
    claims,
    notRun: claimsNotRun(options.tier, options.context),
    arms,
    requests,
  };
}

export async function runReproduction(
  plan: ReproductionPlan,
  execute: SuiteExecutor,
  read: SuiteReader,
): Promise<ReproductionResult> {
  const finished = await execute(plan.requests);
  if (finished.length !== plan.requests.length) {
    throw new Error(
      `the executor answered ${finished.length} runs for ${plan.requests.length} requests`,
    );
  }
  const readsOf = new Map(plan.arms.map((arm) => [arm.key, arm.reads ?? []]));
  const extras = new Map<number, readonly RecordExtra[]>();
  plan.requests.forEach((request, i) => {
    const reads = readsOf.get(request.armKey) ?? [];
    if (reads.length) extras.set(finished[i].runId, reads);
  });
  const records = await read(
    finished.map((f) => f.runId),
    extras,
  );
  const data = new Map<string, SeedRun[]>();
  plan.requests.forEach((request, i) => {
    const { runId, status } = finished[i];
    const record = records.get(runId);
    if (!record) return;
    const runs = data.get(request.armKey) ?? [];
    runs.push({ seed: request.seed, runId, status, record });
    data.set(request.armKey, runs);
  });
  return {
    tier: plan.tier,
    seeds: plan.seeds,
    claims: plan.claims.map((claim) => evaluateClaim(claim, data, plan.seeds)),
    notRun: plan.notRun,
  };
}
