import { cellSeries } from '../sweeps/cellSeriesStatistics';
import type { ClaimDefinition, FigureDefinition } from './claimDefinitions';
import { combineSeeds, type ClaimVerdict, type SeedCheck } from './seedVerdicts';
import type { RunRecord, SeedRun, SuiteData } from './suiteData';

/**
 * A claim checked against the suite's runs: the verdict from the per-seed rule, and its figures
 * as mean ± 95 % Student t bands over the seeds (the sweeps' cell statistics, at the steps
 * every seed logged).
 */
export interface FigureBand {
  readonly label: string;
  readonly arm: string;
  readonly steps: number[];
  readonly n: number[];
  readonly mean: (number | null)[];
  readonly lo: (number | null)[];
  readonly hi: (number | null)[];
}

export interface ClaimFigure {
  readonly title: string;
  readonly yLabel: string;
  readonly logY: boolean;
  readonly bands: FigureBand[];
}

export interface ClaimResult extends ClaimVerdict {
  readonly id: string;
  readonly claim: string;
  readonly rule: string;
  /** figure key → its bands. */
  readonly figures: Record<string, ClaimFigure>;
  /** arm → run id per seed, so a reader can open each run. */
  readonly runs: Record<string, Array<{ seed: number; runId: number; status: string }>>;
}

export function evaluateClaim(
  definition: ClaimDefinition,
  data: SuiteData,
  seeds: readonly number[],
): ClaimResult {
  const recordFor = (arm: string, seed: number): RunRecord | undefined =>
    completed(data, arm).find((run) => run.seed === seed)?.record;
  const recordOfSeed = (seed: number) => (arm: string) => recordFor(arm, seed);
  const checks: SeedCheck[] = seeds.map((seed) => ({
    seed,
    ...definition.checkSeed(recordOfSeed(seed), { seed, seeds, recordOfSeed }),
  }));
  const verdict = combineSeeds(checks);
  const figures: Record<string, ClaimFigure> = {};
  for (const figure of definition.figures) figures[figure.key] = figureBands(figure, data);
  const runs: ClaimResult['runs'] = {};
  for (const arm of definition.arms) {
    runs[arm] = (data.get(arm) ?? []).map(({ seed, runId, status }) => ({ seed, runId, status }));
  }
  return {
    id: definition.id,
    claim: definition.claim,
    rule: definition.rule,
    ...verdict,
    figures,
    runs,
  };
}

/** Only runs that trained every step are judged and drawn: a cut-short run's final is not final. */
const completed = (data: SuiteData, arm: string): SeedRun[] =>
  (data.get(arm) ?? []).filter((run) => run.status === 'completed');

function figureBands(figure: FigureDefinition, data: SuiteData): ClaimFigure {
  const bands = figure.lines.map((line) => {
    const seedSeries = completed(data, line.arm).map((run) => {
      const series = line.pick(run.record);
      return { label: `run ${run.runId}`, steps: series.steps, values: series.values };
    });
    const stats = cellSeries(seedSeries);
    return {
      label: line.label,
      arm: line.arm,
      steps: stats.steps,
      n: stats.n,
      mean: stats.mean,
      lo: stats.lo,
      hi: stats.hi,
    };
  });
  return { title: figure.title, yLabel: figure.yLabel, logY: figure.logY, bands };
}
