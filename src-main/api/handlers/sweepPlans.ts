import { availableParallelism } from 'node:os';
import { isBuiltinDatasetName } from '../../engine/data/builtinDatasets';
import type { StoredSweep } from '../../store/sweepRepository';
import { SweepDefinitionError } from '../../sweeps/sweepDefinitionError';
import { estimateSweep } from '../../sweeps/sweepEstimate';
import { expandSweep, type SweepPlan } from '../../sweeps/sweepExpansion';
import type { ShardDataset } from '../../sweeps/sweepShard';
import { ApiError } from '../apiError';
import type { ApiContext } from '../apiContext';
import type { SweepCellInfo, SweepEstimate } from '../contract';
import { estimateCost } from './configHandlers';
import { shapeOf } from './datasetHandlers';
import { requireTrainableDataset } from './runLifecycleHandlers';

/** Runs at once on this machine when nothing else is asked for: one per core. */
export const defaultLocalConcurrency = (): number => availableParallelism();

/**
 * A sweep definition expanded into validated runs, or an invalid-input ApiError naming every
 * problem by cell and config key. The datasets the cells train on must exist in this project
 * and hold the subset sizes asked for; checked before anything is written.
 */
export function planSweep(ctx: ApiContext, definition: unknown): SweepPlan {
  let plan: SweepPlan;
  try {
    plan = expandSweep(definition);
  } catch (error) {
    if (!(error instanceof SweepDefinitionError)) throw error;
    throw ApiError.invalidInput(
      'definition',
      error.issues.map((issue) => ({
        path: issue.cell === undefined ? issue.key : `cell ${issue.cell}: ${issue.key}`,
        message: issue.message,
      })),
    );
  }
  const checked = new Set<string>();
  for (const run of plan.runs) {
    // A sweep's runs are trained by sweep workers, which do not read a reference run's learn
    // times (the run queue does): refuse rather than train on the wrong examples.
    if (run.config.dataset.learnedSubset) {
      throw ApiError.invalidInput('definition', [
        {
          path: `cell ${plan.cells[run.cellIndex].label}: dataset.learnedSubset`,
          message:
            'training on another run’s easy/hard examples is not available in sweeps yet; create the runs with `coherence-lab run` or `reproduce`',
        },
      ]);
    }
    const { name, trainSize, testSize } = run.config.dataset;
    const key = `${name}/${trainSize}/${testSize}`;
    if (checked.has(key)) continue;
    checked.add(key);
    requireTrainableDataset(ctx, run.config, `cell ${plan.cells[run.cellIndex].label}`);
  }
  return plan;
}

/** The stored sweep and its plan (definitions are stored validated; expansion is deterministic). */
export function requireSweep(
  ctx: ApiContext,
  sweepId: string,
): { sweep: StoredSweep; plan: SweepPlan } {
  const sweep = ctx.store.sweeps.get(sweepId);
  if (!sweep) throw ApiError.notFound(`there is no sweep ${sweepId} in this project`);
  return { sweep, plan: expandSweep(sweep.definition) };
}

export function estimatePlan(ctx: ApiContext, plan: SweepPlan, concurrency: number): SweepEstimate {
  return estimateSweep(
    plan,
    (config) => estimateCost(config, (name) => shapeOf(ctx, name)).estimatedSeconds,
    concurrency,
  );
}

export function cellInfos(plan: SweepPlan): SweepCellInfo[] {
  return plan.cells.map((cell) => ({
    index: cell.index,
    label: cell.label,
    axes: { ...cell.key },
  }));
}

/** The names that tell a sweep's cells apart (`variant` first when a preset has several). */
export function axesOf(plan: SweepPlan): string[] {
  return Object.keys(plan.cells[0]?.key ?? {});
}

/** The imported dataset a shard needs (built-in datasets come with the tool on every node). */
export function shardDatasetFor(ctx: ApiContext, name: string): ShardDataset | undefined {
  if (isBuiltinDatasetName(name)) return undefined;
  const info = ctx.store.datasets.info(name);
  const dataset = ctx.store.datasets.load(name);
  if (!info || !dataset) throw ApiError.notFound(`there is no dataset "${name}" in this project`);
  return { dataset, format: info.format, sourcePath: info.sourcePath };
}
