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
  FinishedRun,
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
  /**
   * Stage-major, then seed-major (every first-stage arm of seed 1, then of seed 2, …; then the
   * second stage the same way): a suite cut short has whole seeds of its first stage.
   */
  readonly requests: readonly PlannedRequest[];
}

/** A request as planned: a second-stage one still has to be linked to its first-stage run. */
export interface PlannedRequest extends SuiteRunRequest {
  readonly after?: SuiteArm['after'];
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
  // A second-stage arm needs its first-stage arm trained too.
  for (const arm of allArms) if (needed.has(arm.key) && arm.after) needed.add(arm.after.arm);
  const arms = allArms.filter((arm) => needed.has(arm.key));
  const seeds = Array.from({ length: options.seedCount }, (_, i) => i + 1);
  const stageOf = (arm: SuiteArm): number => (arm.after ? 2 : 1);
  const requests = [1, 2].flatMap((stage) =>
    seeds.flatMap((seed) =>
      arms
        .filter((arm) => stageOf(arm) === stage)
        .map((arm): PlannedRequest => {
          const config = applyAssignments(
            mergeConfig(arm.config, { seed }) as Record<string, unknown>,
            options.overrides ?? [],
          ) as RunConfigInput;
          // Refuse a bad --set before anything trains, naming the arm whose config it broke
          // (a second-stage config is checked with a stand-in run id for its link).
          try {
            parseRunConfig(arm.after ? mergeConfig(config, arm.after.link(1)) : config);
          } catch (error) {
            throw new Error(`${arm.label}: ${(error as Error).message}`, { cause: error });
          }
          return {
            armKey: arm.key,
            seed,
            name: `reproduce ${arm.label} seed ${seed}`,
            config,
            stage,
            ...(arm.after ? { after: arm.after } : {}),
          };
        }),
    ),
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
  const finished = new Map<PlannedRequest, FinishedRun>();
  const runOf = (arm: string, seed: number): FinishedRun | undefined =>
    [...finished].find(([r]) => r.armKey === arm && r.seed === seed)?.[1];
  for (const stage of [...new Set(plan.requests.map((r) => r.stage))].sort((a, b) => a - b)) {
    const linked: Array<{ planned: PlannedRequest; request: SuiteRunRequest }> = [];
    for (const planned of plan.requests.filter((r) => r.stage === stage)) {
      if (!planned.after) {
        linked.push({ planned, request: planned });
        continue;
      }
      // A second-stage run starts from its first-stage run of the same seed; without a
      // completed one it is not created, and its claims read that seed as undetermined.
      const first = runOf(planned.after.arm, planned.seed);
      if (!first || first.runId === null || first.status !== 'completed') {
        finished.set(planned, {
          runId: null,
          status: `not created: ${planned.after.arm} seed ${planned.seed} did not complete`,
        });
        continue;
      }
      const { after: _after, ...request } = planned;
      linked.push({
        planned,
        request: {
          ...request,
          config: mergeConfig(planned.config, planned.after.link(first.runId)),
        },
      });
    }
    const answered = await execute(linked.map((l) => l.request));
    if (answered.length !== linked.length) {
      throw new Error(
        `the executor answered ${answered.length} runs for ${linked.length} requests`,
      );
    }
    linked.forEach((l, i) => finished.set(l.planned, answered[i]));
  }
  // What each run's record needs beyond the common series: the arm's own reads, and learn
  // times for the arms a claim reads them of (G6/P5's reference runs).
  const learnTimesArms = new Set(plan.claims.flatMap((c) => c.readsLearnTimesOf ?? []));
  const readsOf = new Map(
    plan.arms.map((arm) => [
      arm.key,
      [...(arm.reads ?? []), ...(learnTimesArms.has(arm.key) ? (['learnTimes'] as const) : [])],
    ]),
  );
  const extras = new Map<number, readonly RecordExtra[]>();
  for (const [request, run] of finished) {
    const reads = readsOf.get(request.armKey) ?? [];
    if (run.runId !== null && reads.length) extras.set(run.runId, reads);
  }
  const runIds = [...finished.values()].flatMap((f) => (f.runId === null ? [] : [f.runId]));
  const records = await read(runIds, extras);
  const data = new Map<string, SeedRun[]>();
  for (const request of plan.requests) {
    const run = finished.get(request);
    if (!run || run.runId === null) continue;
    const record = records.get(run.runId);
    if (!record) continue;
    const runs = data.get(request.armKey) ?? [];
    runs.push({ seed: request.seed, runId: run.runId, status: run.status, record });
    data.set(request.armKey, runs);
  }
  return {
    tier: plan.tier,
    seeds: plan.seeds,
    claims: plan.claims.map((claim) => evaluateClaim(claim, data, plan.seeds)),
    notRun: plan.notRun,
  };
}
