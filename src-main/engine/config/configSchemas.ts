import { z } from 'zod';

/**
 * The full description of one training run, field by field: the leaf every engine module takes
 * its config types from. Each field is checked here on its own; the checks across fields (batch
 * size against the dataset, the aggregator's needs) sit one level up in engine/runConfig.ts,
 * which is what validates a whole config (CLI --set, API inputs, imported bundles). Stored
 * verbatim with every run, so a run can be reproduced from its record. Defaults follow SPEC
 * section 2 (784-256-10 MLP, lr 0.01, batch 100, m = 1000).
 *
 * Every field carries its description (`.describe`): the one text the CLI's `config keys`
 * listing, the API's validation issues (`help`) and the new-run form's help all show
 * (configFieldCatalog.ts reads them back through zod's JSON Schema export).
 */
const positiveInt = (max: number) => z.number().int().min(1).max(max);
const finitePositive = z.number().finite().positive();

export const activationSchema = z.enum(['relu', 'tanh']);
export const initializerSchema = z.enum(['glorot', 'he', 'paper2020', 'zeros']);

const ACTIVATION_HELP = 'Nonlinearity after every hidden layer (not after the output layer).';
const INIT_HELP =
  'Weight initialization: glorot = uniform ±√(6/(fan_in+fan_out)); he = normal, variance 2/fan_in; paper2020 = normal·2/√(fan_in+fan_out) (Coherent Gradients, ICLR 2020); zeros = all weights 0 (gradient descent from the origin, as in the paper’s linear example; with hidden layers every unit of a layer then stays identical). Biases start at 0.';

export const convBlockSchema = z.strictObject({
  filters: positiveInt(1024).describe('Output channels of this convolution.'),
  kernel: positiveInt(15).describe('Square kernel size k (a k×k window).'),
  stride: positiveInt(8).default(1).describe('Step between windows, in pixels.'),
  padding: z
    .enum(['same', 'valid'])
    .default('same')
    .describe('same = pad so stride 1 keeps the size; valid = no padding.'),
  pooling: z
    .enum(['none', 'max2', 'avg2'])
    .default('none')
    .describe('2×2 pooling after the activation (max or average), or none.'),
});

export const mlpModelSchema = z.strictObject({
  kind: z.literal('mlp'),
  hidden: z
    .array(positiveInt(16384))
    .max(16)
    .default([256])
    .describe('Widths of the hidden layers, input side first; [] is a linear classifier.'),
  activation: activationSchema.default('relu').describe(ACTIVATION_HELP),
  init: initializerSchema.default('glorot').describe(INIT_HELP),
});

/**
 * Convolutions in order, each with its own optional 2×2 pooling: a VGG-style block of n
 * convolutions then a pooling is n entries with the pooling on the last (e.g. 16-16-pool,
 * 32-32-pool). No normalization: a CNN's examples never interact.
 */
export const cnnModelSchema = z.strictObject({
  kind: z.literal('cnn'),
  convs: z
    .array(convBlockSchema)
    .min(1)
    .max(16)
    .describe('Convolution blocks, input side first (1 to 16).'),
  hidden: z
    .array(positiveInt(16384))
    .max(8)
    .default([])
    .describe('Widths of the dense layers after the convolutions, before the output layer.'),
  activation: activationSchema.default('relu').describe(ACTIVATION_HELP),
  init: initializerSchema.default('he').describe(INIT_HELP),
});

/** Why a batch normalization is refused wherever a model config names it. */
export const BATCH_NORM_REFUSAL =
  'BatchNorm is not available: it normalizes each example with statistics of the whole batch, so every example\'s loss depends on the others and per-example gradients (the basis of m-coherence) are ill-defined; use "group" or "layer", which normalize each example on its own';

/**
 * Normalization inside residual blocks, per example only (SPEC 1.2): "group" (GroupNorm: mean
 * and variance over the positions and the channels of each of `groups` channel groups),
 * "layer" (LayerNorm as in GroupNorm's paper: over all positions and channels, i.e. one
 * group), "none". Each has a per-channel scale γ and shift β.
 */
export const normalizationSchema = z.enum(['group', 'layer', 'none'], {
  error: (issue) =>
    typeof issue.input === 'string' && /^batch(norm)?$/i.test(issue.input)
      ? BATCH_NORM_REFUSAL
      : undefined,
});

/**
 * Residual network in the ResNet-20 layout for CIFAR (He et al. 2016, section 4.2), scaled to
 * the input: a 3×3 stem convolution at the input resolution, then one stage per entry of
 * `widths`, each of `blocksPerStage` basic blocks (conv3×3 → norm → act → conv3×3 → norm,
 * added to the shortcut, then act); every stage after the first halves the resolution with a
 * stride-2 first convolution. Shortcuts that change shape are a 1×1 stride-2 convolution
 * (+ norm) ("projection") or the subsampled input with zero channels appended ("zeropad",
 * ResNet-20's option A). Then global average pooling and one dense layer to the classes.
 * Defaults: ResNet-20 (3 stages of 3 blocks, 16-32-64 channels, GroupNorm with 8 groups).
 */
export const resnetModelSchema = z
  .strictObject({
    kind: z.literal('resnet'),
    widths: z
      .array(positiveInt(1024))
      .min(1)
      .max(4)
      .default([16, 32, 64])
      .describe(
        'Channels of each stage (1 to 4 stages); every stage after the first halves the resolution.',
      ),
    blocksPerStage: positiveInt(16)
      .default(3)
      .describe('Residual basic blocks per stage (ResNet-20: 3).'),
    norm: normalizationSchema
      .default('group')
      .describe(
        'Per-example normalization in the blocks: group (GroupNorm), layer (LayerNorm) or none. BatchNorm is refused: it couples the examples.',
      ),
    /** Channel groups of GroupNorm (norm "group"); must divide every stage's width. */
    groups: positiveInt(1024)
      .default(8)
      .describe('Channel groups of GroupNorm; must divide every stage width.'),
    shortcut: z
      .enum(['projection', 'zeropad'])
      .default('projection')
      .describe(
        'Shortcut where the shape changes: projection = 1×1 stride-2 convolution (+ norm); zeropad = subsampled input with zero channels appended.',
      ),
    activation: activationSchema.default('relu').describe(ACTIVATION_HELP),
    init: initializerSchema.default('he').describe(INIT_HELP),
  })
  .superRefine((model, ctx) => {
    if (model.norm === 'group') {
      const bad = model.widths.filter((w) => w % model.groups !== 0);
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['groups'],
          message: `must divide every stage width for GroupNorm; ${model.groups} does not divide ${bad.join(', ')}`,
        });
      }
    }
    if (model.shortcut === 'zeropad') {
      const shrinking = model.widths.findIndex((w, i) => i > 0 && w < model.widths[i - 1]);
      if (shrinking > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['widths', shrinking],
          message: `a zero-padding shortcut can only add channels: stage ${shrinking + 1} (${model.widths[shrinking]}) is narrower than stage ${shrinking} (${model.widths[shrinking - 1]}); use shortcut "projection"`,
        });
      }
    }
  });

/**
 * A single dense layer from the input to the output, the model of the paper's linear-regression
 * example (GM section 3; PAPER-CLAIMS G4): optionally without bias, optionally one signed output
 * for a two-class dataset (targets −1/+1, loss "mse"), and optionally starting from zero weights.
 * A bias-free layer keeps a zero bias tensor in exported weights (every layer has the same two
 * tensors) whose gradient is zero by construction, so it never moves and adds nothing to the
 * per-example gradient norms.
 */
export const linearModelSchema = z.strictObject({
  kind: z.literal('linear'),
  bias: z
    .boolean()
    .default(true)
    .describe('Learn a bias (offset) per output; false = a model through the origin, w·x.'),
  output: z
    .enum(['classes', 'signed'])
    .default('classes')
    .describe(
      'classes = one output per class; signed = one output for a two-class dataset, trained with loss "mse" against −1 (class 0) / +1 (class 1) and predicting class 1 where it is > 0.',
    ),
  init: initializerSchema.default('glorot').describe(INIT_HELP),
});

export const modelSchema = z
  .discriminatedUnion('kind', [
    mlpModelSchema,
    cnnModelSchema,
    resnetModelSchema,
    linearModelSchema,
  ])
  .describe(
    'Network: linear = one dense layer (optionally bias-free, signed output, zero init); mlp = fully connected layers; cnn = convolution blocks, then dense layers; resnet = residual network (ResNet-20 layout) with per-example GroupNorm/LayerNorm. No batch norm (it couples the examples whose gradients are compared).',
  );

export const optimizerSchema = z.strictObject({
  kind: z
    .enum(['sgd', 'adam'])
    .default('sgd')
    .describe('sgd = (momentum) SGD, as in the papers; adam = Adam.'),
  lr: finitePositive.max(1e6).default(0.01).describe('Base learning rate.'),
  momentum: z
    .number()
    .min(0)
    .lt(1)
    .default(0)
    .describe('SGD momentum in [0, 1); must be 0 for the m3/a3/rm3/ra3 aggregators.'),
  beta1: z.number().min(0).lt(1).default(0.9).describe('Adam: decay of the first moment.'),
  beta2: z.number().min(0).lt(1).default(0.999).describe('Adam: decay of the second moment.'),
  epsilon: finitePositive.default(1e-7).describe('Adam: added to the denominator.'),
  /**
   * L2 weight decay λ, applied to the update only: the optimizer steps along d + λ·w, where d
   * is the aggregated gradient (as PyTorch's SGD and Adam weight_decay; with momentum or Adam
   * λ·w enters their state too). It is NOT part of the per-example loss ℓ_i: the per-example
   * gradients, m-coherence and every reported loss are of ℓ_i alone. Applies to every
   * parameter (weights, biases, normalization γ/β).
   */
  weightDecay: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe(
      'L2 weight decay λ, applied to the update only (the optimizer steps along the aggregated gradient + λ·w, as PyTorch weight_decay). It is not part of the per-example loss: per-example gradients, m-coherence and reported losses are of that loss alone; f_p/f_c count the λ·w term as neither pristine nor corrupt.',
    ),
});

export const lrScheduleSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('constant') }),
    z.strictObject({
      kind: z.literal('step'),
      every: positiveInt(10_000_000).describe('Step schedule: multiply the rate every N steps.'),
      gamma: z
        .number()
        .positive()
        .max(1)
        .describe('Step schedule: the factor applied every N steps, in (0, 1].'),
    }),
    z.strictObject({
      kind: z.literal('cosine'),
      minLr: z
        .number()
        .min(0)
        .default(0)
        .describe('Cosine schedule: the rate reached at the last step.'),
    }),
  ])
  .describe(
    'Learning-rate schedule: constant; step = × gamma every N steps; cosine = from lr down to minLr over the run.',
  );

export const datasetConfigSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(200)
    .default('mnist')
    .describe('Dataset: mnist, fashion-mnist, or one imported into this project.'),
  trainSize: positiveInt(10_000_000)
    .default(10_000)
    .describe('Training examples, a subset drawn with the run seed.'),
  /**
   * Test examples evaluated. Absent (the default): the full test split (all 10,000 MNIST test
   * images), so test accuracy is the dataset's; a smaller subset is drawn with the run seed and
   * shown with every test accuracy.
   */
  testSize: positiveInt(10_000_000)
    .optional()
    .describe(
      'Test examples evaluated; empty = the full test split. A smaller subset is drawn with the run seed.',
    ),
  standardize: z
    .boolean()
    .default(false)
    .describe(
      'Standardize each channel with the training subset’s mean and std (else pixels in [0, 1]).',
    ),
  /**
   * Train on the easy or the hard examples of another run (PAPER-CLAIMS G6/P5). Easy = the
   * reference run classified the example as its training label at its last evaluation (its
   * stored learn time "learned since" is set; a completed run's last evaluation is its last
   * step); hard = the rest of its training subset. Both parts are cut to the smaller part's
   * size, drawn with this run's seed, and split 80/20: this run trains on the 80 % and is
   * tested on the held-out 20 % (training-file examples, with their dataset labels).
   * trainSize and testSize are set to those sizes when the run is created.
   */
  learnedSubset: z
    .strictObject({
      referenceRun: z
        .number()
        .int()
        .positive()
        .max(2 ** 31 - 1)
        .describe(
          'id of a completed run of this project on the same dataset whose learn times define easy and hard',
        )
        // Required (engine/runConfig.ts says so, naming the key); optional here so each
        // field of the object can be checked on its own.
        .optional(),
      part: z
        .enum(['easy', 'hard'])
        .describe(
          'easy = classified right (as its training label) at the reference run’s last evaluation; hard = the rest of its training subset',
        ),
    })
    .optional()
    .describe(
      'Train on the easy or hard examples of a completed reference run (easy = classified as its training label at the reference’s last evaluation, i.e. its learn time “learned since” is set; hard = the rest). Both parts are cut to the smaller one’s size, drawn with this run’s seed and split 80/20: train on the 80 %, test on the held-out 20 % of the same part. trainSize and testSize are set to those sizes when the run is created.',
    ),
});

export const coherenceConfigSchema = z.strictObject({
  /** Probe size m of every probe set (train; pristine and corrupt when noise > 0; test). */
  m: positiveInt(100_000)
    .default(1000)
    .describe(
      'Probe size m of every probe set (train; pristine and corrupt under noise; test). m-coherence ranges from 1 (orthogonal gradients) to m.',
    ),
  /** Examples per gradient pass when evaluating a probe (memory bound, not a result change). */
  chunkSize: positiveInt(10_000)
    .default(250)
    .describe('Examples per gradient pass on a probe: bounds memory, does not change results.'),
  testProbe: z.boolean().default(false).describe('Also measure a probe of m test examples.'),
  /** Track batch m-coherence on every training step (costs no extra pass). */
  batch: z
    .boolean()
    .default(true)
    .describe('Batch m-coherence (m = batch size) on every training step; costs no extra pass.'),
  perClass: z
    .boolean()
    .default(false)
    .describe(
      'One more probe per class (class0, class1, …): up to m training examples whose training label is that class, for per-class m-coherence. At each probe measurement the run also records every class pair’s cross-coherence ⟨S_i, S_j⟩/(‖S_i‖·‖S_j‖), S the summed gradient of a class probe (K(K−1)/2 values for K classes; holds K summed gradients in memory while measuring).',
    ),
  nested: z
    .array(positiveInt(1_000_000).min(2))
    .max(12)
    .default([])
    .describe(
      'Nested probe sizes for an m sweep, e.g. [10, 100, 1000]: probes train@10 ⊂ train@100 ⊂ …, the first n examples of one random draw, so m-coherence and α̂ can be read against m. Each size costs a pass over that many examples.',
    ),
});

export const scheduleConfigSchema = z.strictObject({
  /** After the log-spaced start (SPEC 1.3), evaluate every k steps. */
  every: positiveInt(10_000_000)
    .default(500)
    .describe(
      'Probes, loss and accuracy are measured at log-spaced steps (0, 1, 2, 3, 5, 7, 10, …) and then every k steps, and at the last step.',
    ),
  /** Examples per forward chunk when evaluating loss/accuracy on whole sets. */
  evalChunkSize: positiveInt(100_000)
    .default(2000)
    .describe('Examples per forward pass when evaluating whole sets: bounds memory only.'),
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
export const aggregatorSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('mean') }),
    z.strictObject({
      kind: z.literal('winsorized'),
      /** Percent clipped on each side, in [0, 50); 0 is plain SGD. */
      c: z
        .number()
        .min(0)
        .lt(50)
        .describe('Winsorized: percent clipped on each side per coordinate, in [0, 50); 0 = SGD.'),
      /** Refuse the run up front when batch × parameters × 4 bytes would exceed this. */
      memoryBudgetBytes: z
        .number()
        .int()
        .positive()
        .default(DEFAULT_WINSORIZED_MEMORY_BUDGET)
        .describe(
          'Winsorized: refuse the run up front when batch × parameters × 4 bytes of per-example gradients exceed this.',
        ),
    }),
    z.strictObject({ kind: z.literal('m3') }),
    z.strictObject({ kind: z.literal('a3') }),
    z.strictObject({ kind: z.literal('rm3') }),
    z.strictObject({ kind: z.literal('ra3') }),
  ])
  .describe(
    'How per-example gradients become one update: mean = SGD; winsorized = clip each coordinate at the c-th percentiles; m3/a3 = median/mean of 3 minibatch gradients, one update per 3 minibatches; rm3/ra3 = median/mean of the last 3, every step.',
  );

export const backendRequestSchema = z.enum(['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu']);

/** Every field of a run config with its own range and default; no checks across fields. */
export const runConfigFieldsSchema = z.strictObject({
  dataset: datasetConfigSchema.default(datasetConfigSchema.parse({})),
  labelNoise: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe('Fraction p of training examples whose labels are corrupted, chosen with the seed.'),
  noiseMode: z
    .enum(['permute', 'uniform'])
    .default('permute')
    .describe(
      'permute = the selected labels are shuffled among themselves (~1/K keep their class); uniform = each gets a random different class.',
    ),
  randomPixels: z
    .enum(['none', 'gaussian', 'shuffled'])
    .default('none')
    .describe(
      'Random-pixel corruption of the noisy examples (all examples when labelNoise is 0): gaussian noise with the data’s channel moments, or each image’s pixels shuffled.',
    ),
  /**
   * Data augmentation of the training steps' minibatches (never of probes or evaluations):
   * a random crop of the image zero-padded by cropPadding pixels, and a random left-right
   * mirror. Absent: none. Flipping is off unless asked for: a mirrored digit is another shape.
   */
  augment: z
    .strictObject({
      cropPadding: z
        .number()
        .int()
        .min(0)
        .max(16)
        .default(0)
        .describe(
          'Zero padding in pixels around each image before a random crop back to its size.',
        ),
      horizontalFlip: z
        .boolean()
        .default(false)
        .describe('Mirror each training image left-right with probability 1/2 (off for digits).'),
    })
    .optional()
    .describe(
      'Training-batch augmentation: random crop with cropPadding pixels of zero padding and an optional horizontal flip (off by default; digits change meaning when mirrored). Probes and evaluations always use the un-augmented examples.',
    ),
  model: modelSchema.default(mlpModelSchema.parse({ kind: 'mlp' })),
  /**
   * Start from another run's final weights instead of drawing them (same model shape on the
   * same image shape and classes; checked when the run is created). The run records its parent.
   * Absent: weights drawn from the run seed (model.init).
   */
  init: z
    .strictObject({
      fromRun: z
        .number()
        .int()
        .positive()
        .max(2 ** 31 - 1)
        .describe('id of a run of this project whose final weights this run starts from'),
    })
    .optional()
    .describe(
      "Start from another run's final weights (same model shape, checked at creation) instead of drawing them; the run records its parent.",
    ),
  optimizer: optimizerSchema.default(optimizerSchema.parse({})),
  lrSchedule: lrScheduleSchema.default({ kind: 'constant' }),
  /**
   * Linear learning-rate warmup: update k (0-based) of the first lrWarmupSteps uses
   * (k + 1)/lrWarmupSteps of the scheduled rate; 0 = none.
   */
  lrWarmupSteps: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .default(0)
    .describe(
      'Linear warmup: update k of the first lrWarmupSteps uses (k + 1)/lrWarmupSteps of the scheduled learning rate; 0 = none.',
    ),
  /**
   * The per-example loss: "crossEntropy" (softmax cross-entropy) or "mse" (½‖z − onehot(y)‖²
   * on the logits z). Both keep per-example gradients exact.
   */
  loss: z
    .enum(['crossEntropy', 'mse'])
    .default('crossEntropy')
    .describe(
      'Per-example loss: crossEntropy (softmax cross-entropy) or mse (½‖logits − one-hot label‖²); per-example gradients are exact for both.',
    ),
  aggregator: aggregatorSchema.default({ kind: 'mean' }),
  batchSize: positiveInt(100_000)
    .default(100)
    .describe('Minibatch size B (also the m of batch m-coherence).'),
  /** Stop after this many optimizer steps, or after `epochs` passes if steps is not given. */
  steps: positiveInt(100_000_000)
    .optional()
    .describe('Minibatches to train on (one step each); give steps or epochs.'),
  epochs: z
    .number()
    .positive()
    .max(100_000)
    .optional()
    .describe('Passes over the training subset, used when steps is empty.'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1)
    .describe(
      'Seeds everything random: the subsets, label noise, probes, initialization and batch order.',
    ),
  coherence: coherenceConfigSchema.default(coherenceConfigSchema.parse({})),
  schedule: scheduleConfigSchema.default(scheduleConfigSchema.parse({})),
  backend: backendRequestSchema
    .default('auto')
    .describe(
      'Training backend: auto = the first available of tensorflow (tfjs-node-gpu, then tfjs-node), wasm, cpu; `coherence-lab doctor` lists which exist here.',
    ),
  /** Save weights, optimizer state and data position every N steps (for resume). */
  checkpointEvery: positiveInt(100_000_000)
    .default(250)
    .describe('Save weights, optimizer state and data position every N steps, for resume.'),
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
