import { z } from 'zod';
import { probeSchema, seriesSchema, subsetSchema } from '../shared/metricVocabulary';
import { lineText, multilineText, runStatusSchema } from './contract';
import { sweepIdSchema } from '../shared/sweepDefinition';

/**
 * The JSON export of runs (`export --format json`) and the input of `import`: validated like
 * any other input before anything is written.
 */
const finite = z.number().finite();
// A tensor's values must fill its shape exactly: a short or over-long array would be stored and
// only break later, when the weights are read back.
const tensorSchema = z
  .strictObject({
    shape: z.array(z.number().int().min(0).max(1e9)).max(8),
    values: z.array(finite),
  })
  .refine((t) => t.shape.reduce((n, d) => n * d, 1) === t.values.length, {
    message: 'values must have exactly as many entries as the shape holds',
    path: ['values'],
  });
const flag = z.number().int().min(0).max(1);
const probeSetSchema = z
  .strictObject({
    positions: z.array(z.number().int().min(0)),
    indices: z.array(z.number().int().min(0)),
    labels: z.array(z.number().int().min(0).max(255)),
    /** Per probe example: 1 where it is corrupt (label changed). Version 2 bundles carry it. */
    corrupt: z.array(flag).optional(),
  })
  .refine(
    (p) =>
      p.indices.length === p.positions.length &&
      p.labels.length === p.positions.length &&
      (p.corrupt === undefined || p.corrupt.length === p.positions.length),
    {
      message: 'positions, indices, labels (and corrupt) must have the same length',
      path: ['labels'],
    },
  );

const step = z.number().int().min(0);
/**
 * Per training example, as columns in position order (version 2): its ground truth — selected
 * for noise (provenance), corrupt (label changed, or pixels replaced) — and its learn times.
 */
const examplesSchema = z
  .strictObject({
    sourceIndex: z.array(z.number().int().min(0)),
    originalLabel: z.array(z.number().int().min(0).max(255)),
    trainingLabel: z.array(z.number().int().min(0).max(255)),
    selected: z.array(flag),
    corrupt: z.array(flag),
    firstLearnedStep: z.array(step.nullable()),
    learnedSinceStep: z.array(step.nullable()),
  })
  .refine((e) => Object.values(e).every((column) => column.length === e.sourceIndex.length), {
    message: 'every example column must have one entry per example',
    path: ['sourceIndex'],
  });

export const runBundleRunSchema = z.strictObject({
  /**
   * The run's id in the exporting project: a run of the same bundle whose config refers to it
   * (init.fromRun, dataset.learnedSubset.referenceRun) is renumbered to its id after import.
   * Bundles written before it was added lack it; their references count as outside the bundle.
   */
  runId: z.number().int().min(1).optional(),
  name: lineText(200).min(1),
  tags: z.array(lineText(60)).max(30),
  notes: multilineText(20_000),
  status: runStatusSchema,
  seed: z.number().int().min(0),
  backend: lineText(100).nullable(),
  backendVersion: lineText(200).nullable(),
  appVersion: lineText(50),
  paramCount: z.number().int().min(0).nullable(),
  totalSteps: z.number().int().min(0).nullable(),
  layerNames: z.array(lineText(100)).max(100),
  createdAt: lineText(40),
  startedAt: lineText(40).nullable(),
  finishedAt: lineText(40).nullable(),
  error: multilineText(20_000).nullable(),
  config: z.record(z.string(), z.unknown()),
  metrics: z.array(
    z.strictObject({
      series: seriesSchema,
      subset: subsetSchema,
      step: z.number().int().min(0),
      epoch: finite,
      examplesSeen: z.number().int().min(0),
      wallMs: finite,
      value: finite,
    }),
  ),
  coherence: z.array(
    z.strictObject({
      probe: probeSchema,
      step: z.number().int().min(0),
      epoch: finite,
      examplesSeen: z.number().int().min(0),
      wallMs: finite,
      m: z.number().int().min(1),
      value: finite,
      alphaHat: finite,
      layers: z.record(lineText(100), z.strictObject({ N: finite, Q: finite })),
    }),
  ),
  probes: z.partialRecord(probeSchema, probeSetSchema),
  /** Class-pair cross-coherences per measurement (per-class probes); absent: none recorded. */
  classCross: z
    .array(
      z
        .strictObject({
          step: z.number().int().min(0),
          epoch: finite,
          examplesSeen: z.number().int().min(0),
          wallMs: finite,
          classes: z.array(z.number().int().min(0).max(999)).min(2).max(1000),
          values: z.array(z.number().min(-1.000001).max(1.000001).nullable()),
        })
        .refine((c) => c.values.length === (c.classes.length * (c.classes.length - 1)) / 2, {
          message: 'values must hold one entry per class pair, K(K−1)/2 for K classes',
          path: ['values'],
        }),
    )
    .optional(),
  weights: z.record(lineText(100), tensorSchema),
  /** Metric definitions the run was recorded under (shared/metricDefinitions); absent: 1. */
  metricsVersion: z.number().int().min(1).max(1000).optional(),
  trainCount: z.number().int().min(0).nullable().optional(),
  testCount: z.number().int().min(0).nullable().optional(),
  examples: examplesSchema.optional(),
  /** The sweep task this run is (its sweep is in the bundle's `sweeps`). */
  sweep: z
    .strictObject({
      sweepId: sweepIdSchema,
      taskIndex: z.number().int().min(0),
      cellIndex: z.number().int().min(0),
      cellKey: z.record(z.string(), z.json()),
      seed: z.number().int().min(0),
    })
    .optional(),
});

/** A sweep some exported runs belong to: its definition, so the importing project has it too. */
export const bundleSweepSchema = z.strictObject({
  id: sweepIdSchema,
  name: lineText(200).min(1),
  createdAt: lineText(40),
  definition: z.record(z.string(), z.unknown()),
});

export const runBundleSchema = z.strictObject({
  format: z.literal('coherence-lab-runs'),
  /**
   * 2 adds per-example ground truth and learn times, corrupt flags per probe, the metric
   * definitions version and the train/test sizes; version 1 bundles import as definitions v1.
   */
  version: z.union([z.literal(1), z.literal(2)]),
  exportedAt: lineText(40),
  runs: z.array(runBundleRunSchema).min(1).max(50),
  sweeps: z.array(bundleSweepSchema).max(50).optional(),
});

export type RunBundle = z.infer<typeof runBundleSchema>;
export type RunBundleRun = z.infer<typeof runBundleRunSchema>;

/** A file-name-safe slug of a run name (exports never carry path separators or control characters). */
export function safeFileStem(text: string): string {
  const stem = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return stem || 'run';
}
