import { parameterCount } from '../../engine/model/parameterCount';
import { EvaluationSchedule } from '../../engine/train/evaluationSchedule';
import { runConfigSchema } from '../../engine/runConfig';
import { zodIssues } from '../../engine/config/configIssues';
import type { RunConfig } from '../../engine/config/configSchemas';
import { PRESETS } from '../../runs/presets';
import { ApiError } from '../apiError';
import type { CostEstimate, PresetInfo } from '../contract';
import { BUILTIN_DATASET_SHAPES } from './datasetShapes';
import type { DatasetShape } from './datasetHandlers';

export function listPresets(): PresetInfo[] {
  return PRESETS.map((p) => ({
    name: p.name,
    description: p.description,
    variants: p.variants.map((v) => v.name),
  }));
}

export function defaultConfig(): Record<string, unknown> {
  return runConfigSchema.parse({ steps: 1000 }) as Record<string, unknown>;
}

export function validateConfig(
  config: unknown,
):
  | { ok: true; config: Record<string, unknown> }
  | { ok: false; issues: Array<{ path: string; message: string }> } {
  const result = runConfigSchema.safeParse(config);
  return result.success
    ? { ok: true, config: result.data as Record<string, unknown> }
    : { ok: false, issues: zodIssues(result.error) };
}

export function requireValidConfig(config: unknown, where = 'config'): RunConfig {
  const result = runConfigSchema.safeParse(config);
  if (!result.success)
    throw ApiError.invalidInput(
      where,
      zodIssues(result.error).map((i) => ({ ...i, path: i.path ? `${where}.${i.path}` : where })),
    );
  return result.data;
}

/**
 * Parameter count and a rough duration before a run starts. The time model is calibrated on
 * this machine's wasm backend: a dense forward+backward costs about 3 multiply-adds per weight
 * per example at ~1.5 GFLOP/s effective, and every evaluation adds full-set forwards and probe
 * gradient passes. It is an estimate to pick sizes by, and says so in the UI.
 */
export function estimateCost(
  config: unknown,
  shapeOf: (dataset: string) => DatasetShape | undefined,
): CostEstimate {
  const parsed = requireValidConfig(config);
  const shape = shapeOf(parsed.dataset.name) ?? {
    ...BUILTIN_DATASET_SHAPES.mnist,
    testCount: BUILTIN_DATASET_SHAPES.mnist.test,
  };
  const params = parameterCount(parsed.model, shape, shape.numClasses);
  const stepsPerEpoch = Math.max(1, Math.floor(parsed.dataset.trainSize / parsed.batchSize));
  const totalSteps = parsed.steps ?? Math.ceil((parsed.epochs ?? 1) * stepsPerEpoch);
  const evaluations = new EvaluationSchedule(parsed.schedule.every, totalSteps).stepsFrom(0).length;
  const flopsPerExample = 6 * params;
  const probes = parsed.labelNoise > 0 ? 3 : 1;
  const evalExamples = parsed.dataset.trainSize + (parsed.dataset.testSize ?? shape.testCount);
  const totalFlops =
    totalSteps * parsed.batchSize * flopsPerExample +
    evaluations * (evalExamples * 2 * params + probes * parsed.coherence.m * flopsPerExample);
  const estimatedSeconds = totalFlops / 1.5e9;
  return { paramCount: params, totalSteps, evaluations, estimatedSeconds };
}
