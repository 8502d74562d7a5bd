import type { CellStatistic } from '../../sweeps/cellStatistics';
import { cellMetricStatistics } from '../../sweeps/cellMetrics';
import { cellSeries, type SeedSeries } from '../../sweeps/cellSeriesStatistics';
import type { ApiContext } from '../apiContext';
import type {
  ApiParsedInput,
  ApiResult,
  CellStat,
  CellSummary,
  CellSummaryResult,
} from '../contract';
import { runOutcome } from './analysisHandlers';
import { requireRun } from './runLifecycleHandlers';
import { requireSweep } from './sweepPlans';

export interface RunGroup {
  readonly label: string;
  readonly runIds: readonly number[];
  readonly axes?: Record<string, unknown>;
}

const asCellStat = (s: CellStatistic): CellStat => ({
  n: s.n,
  missing: s.missing,
  mean: s.mean,
  sd: s.sd,
  ci95: s.ci95 ? [s.ci95[0], s.ci95[1]] : null,
});

/**
 * Every summary metric of each group of runs (a cell: runs that differ only in seed) as n,
 * mean, sd and 95 % CI. The metrics are the numeric fields of the run summary, whatever it
 * defines, flattened to dotted names.
 */
export function summarizeCells(ctx: ApiContext, groups: readonly RunGroup[]): CellSummaryResult {
  const names: string[] = [];
  const seen = new Set<string>();
  const cells: CellSummary[] = groups.map((group) => {
    const outcomes = group.runIds.map((runId) => runOutcome(ctx, requireRun(ctx, runId)));
    const stats = cellMetricStatistics(outcomes);
    const metrics: Record<string, CellStat> = {};
    for (const [name, stat] of Object.entries(stats)) {
      metrics[name] = asCellStat(stat);
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
    return {
      label: group.label,
      axes: { ...(group.axes ?? {}) },
      n: group.runIds.length,
      runIds: [...group.runIds],
      metrics,
    };
  });
  return { metricNames: names, cells };
}

/** Each group's mean curve and 95 % band of one series, aligned by step. */
export function cellBands(
  ctx: ApiContext,
  input: ApiParsedInput<'runs.cellSeries'>,
): ApiResult<'runs.cellSeries'> {
  const { source } = input;
  return input.cells.map((group) => {
    for (const runId of group.runIds) requireRun(ctx, runId);
    const columns =
      source.kind === 'series'
        ? ctx.store.series.readSeries(group.runIds, source.series, source.subset)
        : ctx.store.series.coherenceColumns(group.runIds, source.probe, {
            quantity: source.quantity,
          });
    const seeds: SeedSeries[] = columns.map((c) => ({
      label: `run ${c.runId}`,
      steps: Array.from(c.step),
      values: Array.from(c.y, (y) => (Number.isFinite(y) ? y : null)),
    }));
    const band = cellSeries(seeds);
    return {
      label: group.label,
      runIds: [...group.runIds],
      steps: band.steps,
      n: band.n,
      mean: band.mean,
      sd: band.sd,
      lo: band.lo,
      hi: band.hi,
      leftOut: band.leftOut.map((l) => ({ label: l.label, steps: [...l.steps] })),
    };
  });
}

/** A sweep's cells in plan order with the runs the project holds for each. */
export function sweepCellGroups(ctx: ApiContext, sweepId: string): RunGroup[] {
  const { plan } = requireSweep(ctx, sweepId);
  const runsOfCell = new Map<number, number[]>();
  for (const link of ctx.store.sweeps.links(sweepId)) {
    const list = runsOfCell.get(link.cellIndex) ?? [];
    list.push(link.runId);
    runsOfCell.set(link.cellIndex, list);
  }
  return plan.cells.map((cell) => ({
    label: cell.label,
    axes: { ...cell.key },
    runIds: runsOfCell.get(cell.index) ?? [],
  }));
}

export function compareSweep(ctx: ApiContext, sweepId: string): ApiResult<'sweeps.compare'> {
  const { sweep, plan } = requireSweep(ctx, sweepId);
  return {
    sweepId,
    name: sweep.name,
    axes: Object.keys(plan.cells[0]?.key ?? {}),
    ...summarizeCells(ctx, sweepCellGroups(ctx, sweepId)),
  };
}
