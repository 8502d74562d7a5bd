import { z } from 'zod';

/**
 * The full description of one training run, field by field: the leaf every engine module takes
 * its config types from. Each field is checked here on its own; the checks across fields (batch
 * size against the dataset, the aggregator's needs) sit one level up in engine/runConfig.ts,
 * which is what validates a whole config (CLI --set, API inputs, imported bundles). Stored
 * verbatim with every run, so a run can be reproduced from its record. Defaults follow SPEC
 * section 2 (784-256-10 MLP, lr 0.01, batch 100, m = 1000).
 */
const positiveInt = (max: number) => z.number().int().min(1).max(max);
const finitePositive = z.number().finite().positive();

export const activationSchema = z.enum(['relu', 'tanh']);
export const initializerSchema = z.enum(['glorot', 'he', 'paper2020']);

export const convBlockSchema = z.strictObject({
  filters: positiveInt(1024),
  kernel: positiveInt(15),
  stride: positiveInt(8).default(1),
  padding: z.enum(['same', 'valid']).default('same'),
  pooling: z.enum(['none', 'max2', 'avg2']).default('none'),
});

export const mlpModelSchema = z.strictObject({
  kind: z.literal('mlp'),
  hidden: z.array(positiveInt(16384)).max(16).default([256]),
  activation: activationSchema.default('relu'),
  init: initializerSchema.default('glorot'),
});

export const cnnModelSchema = z.strictObject({
  kind: z.literal('cnn'),
  convs: z.array(convBlockSchema).min(1).max(8),
  hidden: z.array(positiveInt(16384)).max(8).default([]),
  activation: activationSchema.default('relu'),
  init: initializerSchema.default('he'),
});

export const modelSchema = z.discriminatedUnion('kind', [mlpModelSchema, cnnModelSchema]);

export const optimizerSchema = z.strictObject({
  kind: z.enum(['sgd', 'adam']).default('sgd'),
  lr: finitePositive.max(1e6).default(0.01),
  momentum: z.number().min(0).lt(1).default(0),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: finitePositive.default(1e-7),
});

export const lrScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  z.strictObject({
    kind: z.literal('step'),
    every: positiveInt(10_000_000),
    gamma: z.number().positive().max(1),
  }),
  z.strictObject({ kind: z.literal('cosine'), minLr: z.number().min(0).default(0) }),
]);

export const datasetConfigSchema = z.strictObject({
  name: z.string().min(1).max(200).default('mnist'),
  trainSize: positiveInt(10_000_000).default(10_000),
  /**
   * Test examples evaluated. Absent (the default): the full test split (all 10,000 MNIST test
   * images), so test accuracy is the dataset's; a smaller subset is drawn with the run seed and
   * shown with every test accuracy.
   */
  testSize: positiveInt(10_000_000).optional(),
  standardize: z.boolean().default(false),
});

export const coherenceConfigSchema = z.strictObject({
  /** Probe size m of every probe set (train; pristine and corrupt when noise > 0; test). */
  m: positiveInt(100_000).default(1000),
  /** Examples per gradient pass when evaluating a probe (memory bound, not a result change). */
  chunkSize: positiveInt(10_000).default(250),
  testProbe: z.boolean().default(false),
  /** Track batch m-coherence on every training step (costs no extra pass). */
  batch: z.boolean().default(true),
  /**
   * One more probe per class: up to m training examples whose training label is that class
   * (probes `class0`, `class1`, …), for per-class m-coherence.
   */
  perClass: z.boolean().default(false),
  /**
   * Nested probe sizes for an m sweep, e.g. [10, 100, 1000]: probes `train@10` ⊂ `train@100` ⊂ …,
   * each the first n examples of one random draw of the training subset, so m-coherence and
   * α̂ can be read against m at any measured step. Each size costs a pass over that many.
   */
  nested: z.array(positiveInt(1_000_000).min(2)).max(12).default([]),
});

export const scheduleConfigSchema = z.strictObject({
  /** After the log-spaced start (SPEC 1.3), evaluate every k steps. */
  every: positiveInt(10_000_000).default(500),
  /** Examples per forward chunk when evaluating loss/accuracy on whole sets. */
  evalChunkSize: positiveInt(100_000).default(2000),
});

/** 2 GiB: the default ceiling on batch × parameters × 4 bytes of per-example gradients. */
export const DEFAULT_WINSORIZED_MEMORY_BUDGET = 2 * 1024 ** 3;

/**
 * How the minibatch's gradients become one update (SPEC 1.5). `mean` is plain SGD;
 * `winsorized` clips each coordinate's B per-example contributions at the nearest-rank c-th
 * and (100−c)-th percentiles before averaging; m3/a3 update once per 3 minibatches with the
 * coordinate-wise median/mean of their mean gradients; rm3/ra3 update every step (from the
 * third on) with the median/mean of the last 3. Steps always count minibatches.
 */
export const aggregatorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('mean') }),
  z.strictObject({
    kind: z.literal('winsorized'),
    /** Percent clipped on each side, in [0, 50); 0 is plain SGD. */
    c: z.number().min(0).lt(50),
    /** Refuse the run up front when batch × parameters × 4 bytes would exceed this. */
    memoryBudgetBytes: z.number().int().positive().default(DEFAULT_WINSORIZED_MEMORY_BUDGET),
  }),
  z.strictObject({ kind: z.literal('m3') }),
  z.strictObject({ kind: z.literal('a3') }),
  z.strictObject({ kind: z.literal('rm3') }),
  z.strictObject({ kind: z.literal('ra3') }),
]);

export const backendRequestSchema = z.enum(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']);

/** Every field of a run config with its own range and default; no checks across fields. */
export const runConfigFieldsSchema = z.strictObject({
  dataset: datasetConfigSchema.default(datasetConfigSchema.parse({})),
  labelNoise: z.number().min(0).max(1).default(0),
  noiseMode: z.enum(['permute', 'uniform']).default('permute'),
  randomPixels: z.enum(['none', 'gaussian', 'shuffled']).default('none'),
  model: modelSchema.default(mlpModelSchema.parse({ kind: 'mlp' })),
  optimizer: optimizerSchema.default(optimizerSchema.parse({})),
  lrSchedule: lrScheduleSchema.default({ kind: 'constant' }),
  aggregator: aggregatorSchema.default({ kind: 'mean' }),
  batchSize: positiveInt(100_000).default(100),
  /** Stop after this many optimizer steps, or after `epochs` passes if steps is not given. */
  steps: positiveInt(100_000_000).optional(),
  epochs: z.number().positive().max(100_000).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  coherence: coherenceConfigSchema.default(coherenceConfigSchema.parse({})),
  schedule: scheduleConfigSchema.default(scheduleConfigSchema.parse({})),
  backend: backendRequestSchema.default('auto'),
  /** Save weights, optimizer state and data position every N steps (for resume). */
  checkpointEvery: positiveInt(100_000_000).default(250),
});

export type RunConfig = z.infer<typeof runConfigFieldsSchema>;
export type RunConfigInput = z.input<typeof runConfigFieldsSchema>;
export type ModelConfig = z.infer<typeof modelSchema>;
export type OptimizerConfig = z.infer<typeof optimizerSchema>;
export type LrScheduleConfig = z.infer<typeof lrScheduleSchema>;
export type BackendRequest = z.infer<typeof backendRequestSchema>;
export type AggregatorConfig = z.infer<typeof aggregatorSchema>;

/** Whether a run corrupts some training examples (labels or pixels): pristine/corrupt splits apply. */
export function hasCorruption(config: Pick<RunConfig, 'labelNoise' | 'randomPixels'>): boolean {
  return config.labelNoise > 0 || config.randomPixels !== 'none';
}
