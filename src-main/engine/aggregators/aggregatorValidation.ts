import type { SpatialShape } from '../model/convGeometry';
import { parameterCount } from '../model/parameterCount';
import type { AggregatorConfig, ModelConfig, OptimizerConfig } from '../config/configSchemas';

/** The parts of a run config the aggregator checks read (structural, to avoid a type cycle). */
export interface AggregatorCheckInput {
  readonly aggregator: AggregatorConfig;
  readonly optimizer: OptimizerConfig;
  readonly model: ModelConfig;
  readonly batchSize: number;
  readonly dataset: { readonly name: string };
}

export interface AggregatorIssue {
  readonly path: Array<string | number>;
  readonly message: string;
}

/** Input shapes known before any data is loaded; other datasets are checked at run start. */
const KNOWN_SHAPES: Readonly<Record<string, { input: SpatialShape; classes: number }>> = {
  mnist: { input: { height: 28, width: 28, channels: 1 }, classes: 10 },
  'fashion-mnist': { input: { height: 28, width: 28, channels: 1 }, classes: 10 },
};

const MEDIAN_FAMILY = new Set<AggregatorConfig['kind']>(['m3', 'a3', 'rm3', 'ra3']);

const formatBytes = (bytes: number): string =>
  bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(2)} GiB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/**
 * Winsorizing needs every example's gradient for every coordinate (B × params floats). Returns
 * the refusal message when that exceeds the configured budget, or null when it fits.
 */
export function winsorizedMemoryProblem(
  aggregator: AggregatorConfig,
  batchSize: number,
  paramCount: number,
): string | null {
  if (aggregator.kind !== 'winsorized' || aggregator.c === 0) return null;
  const estimate = batchSize * paramCount * 4;
  if (estimate <= aggregator.memoryBudgetBytes) return null;
  return (
    `winsorized needs per-example gradients: batch ${batchSize} × ${paramCount} parameters × 4 bytes ` +
    `≈ ${formatBytes(estimate)} (${estimate} bytes), over the limit of ` +
    `${formatBytes(aggregator.memoryBudgetBytes)} (aggregator.memoryBudgetBytes = ` +
    `${aggregator.memoryBudgetBytes}); lower batchSize, shrink the model or raise the budget`
  );
}

/** Problems with the aggregator in combination with the rest of the config, each with its key. */
export function aggregatorIssues(config: AggregatorCheckInput): AggregatorIssue[] {
  const issues: AggregatorIssue[] = [];
  const { aggregator, optimizer } = config;
  if (MEDIAN_FAMILY.has(aggregator.kind)) {
    const why =
      `the coordinate-wise ${aggregator.kind === 'a3' || aggregator.kind === 'ra3' ? 'mean' : 'median'} ` +
      `of raw minibatch gradients is itself the update direction (SPEC 1.5)`;
    if (optimizer.kind === 'adam') {
      issues.push({
        path: ['optimizer', 'kind'],
        message: `aggregator ${aggregator.kind} needs plain SGD, not adam: ${why}, and Adam's moment averages would re-average it across steps`,
      });
    }
    if (optimizer.momentum > 0) {
      issues.push({
        path: ['optimizer', 'momentum'],
        message: `aggregator ${aggregator.kind} needs momentum 0 (got ${optimizer.momentum}): ${why}, and momentum would re-average it across steps`,
      });
    }
  }
  const shape = KNOWN_SHAPES[config.dataset.name];
  if (aggregator.kind === 'winsorized' && shape) {
    let params: number | null = null;
    try {
      params = parameterCount(config.model, shape.input, shape.classes);
    } catch {
      // An impossible model is reported by the model checks; nothing to estimate here.
    }
    const problem =
      params === null ? null : winsorizedMemoryProblem(aggregator, config.batchSize, params);
    if (problem) issues.push({ path: ['aggregator', 'memoryBudgetBytes'], message: problem });
  }
  return issues;
}
