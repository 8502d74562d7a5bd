import { forwardMultiplyAdds, parameterCount } from '../../engine/model/parameterCount';
import { EvaluationSchedule } from '../../engine/train/evaluationSchedule';
import { runConfigSchema } from '../../engine/runConfig';
import { configIssues, configSchemaInfo } from '../../engine/config/configFieldCatalog';
import type { RunConfig } from '../../engine/config/configSchemas';
import { PRESETS } from '../../runs/presets';
import { ApiError } from '../apiError';
import type { ApiIssue, ConfigSchemaInfo, CostEstimate, PresetInfo } from '../contract';
import { BUILTIN_DATASET_SHAPES } from './datasetShapes';
import { layerShapesOf } from './layerShapes';
import type { DatasetShape } from './datasetHandlers';

export function listPresets(): PresetInfo[] {
  return PRESETS.map((p) => ({
    name: p.name,
    description: p.description,
    variants: p.variants.map((v) => v.name),
    ...(p.requiresImport ? { requiresImport: { ...p.requiresImport } } : {}),
  }));
}

/** Every config key with type, choices, range, default, section and description. */
export function configSchema(): ConfigSchemaInfo {
  return configSchemaInfo();
}

export function defaultConfig(): Record<string, unknown> {
  return runConfigSchema.parse({ steps: 1000 }) as Record<string, unknown>;
}

export function validateConfig(
  config: unknown,
): { ok: true; config: Record<string, unknown> } | { ok: false; issues: ApiIssue[] } {
  const result = runConfigSchema.safeParse(config);
  return result.success
    ? { ok: true, config: result.data as Record<string, unknown> }
    : { ok: false, issues: configIssues(result.error) };
}

export function requireValidConfig(config: unknown, where = 'config'): RunConfig {
  const result = runConfigSchema.safeParse(config);
  if (!result.success)
    throw ApiError.invalidInput(
      where,
      configIssues(result.error).map((i) => ({
        ...i,
        path: i.path ? `${where}.${i.path}` : where,
      })),
    );
  return result.data;
}

/**
 * Parameter count and a rough duration before a run starts. The time model is calibrated on
 * this machine's wasm backend: a forward+backward costs about 3 times the forward's
 * multiply-adds per example (forwardMultiplyAdds: each weight once per output position, so
 * convolutions count per position) at ~1.5 GFLOP/s effective, and every evaluation adds
 * full-set forwards and probe gradient passes. It is an estimate to pick sizes by, and says so
 * in the UI.
 */
export function estimateCost(
  config: unknown,
  shapeOf: (dataset: string) => DatasetShape | undefined,
): CostEstimate {
  const parsed = requireValidConfig(config);
  const known = shapeOf(parsed.dataset.name);
  const shape = known ?? {
    ...BUILTIN_DATASET_SHAPES.mnist,
    testCount: BUILTIN_DATASET_SHAPES.mnist.test,
  };
  const params = parameterCount(parsed.model, shape, shape.numClasses);
  const stepsPerEpoch = Math.max(1, Math.floor(parsed.dataset.trainSize / parsed.batchSize));
  const totalSteps = parsed.steps ?? Math.ceil((parsed.epochs ?? 1) * stepsPerEpoch);
  const evaluations = new EvaluationSchedule(parsed.schedule.every, totalSteps).stepsFrom(0).length;
  const forwardFlops = 2 * forwardMultiplyAdds(parsed.model, shape, shape.numClasses);
  const flopsPerExample = 3 * forwardFlops;
  const probes = parsed.labelNoise > 0 ? 3 : 1;
  const evalExamples = parsed.dataset.trainSize + (parsed.dataset.testSize ?? shape.testCount);
  const totalFlops =
    totalSteps * parsed.batchSize * flopsPerExample +
    evaluations * (evalExamples * forwardFlops + probes * parsed.coherence.m * flopsPerExample);
  const estimatedSeconds = totalFlops / 1.5e9;
  const layerShapes = layerShapesOf(parsed, known);
  return { paramCount: params, totalSteps, evaluations, estimatedSeconds, layerShapes };
}
