import { z } from 'zod';
import { probeSchema } from '../shared/metricVocabulary';
import { runStatusSchema } from '../shared/runStatus';
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
const probeSetSchema = z
  .strictObject({
    positions: z.array(z.number().int().min(0)),
    indices: z.array(z.number().int().min(0)),
    labels: z.array(z.number().int().min(0).max(255)),
  })
  .refine(
    (p) => p.indices.length === p.positions.length && p.labels.length === p.positions.length,
    {
      message: 'positions, indices and labels must have the same length',
      path: ['labels'],
    },
  );

export const runBundleRunSchema = z.strictObject({
  name: z.string().min(1).max(200),
  tags: z.array(z.string().max(60)).max(30),
  notes: z.string().max(20_000),
  status: runStatusSchema,
  seed: z.number().int().min(0),
  backend: z.string().max(100).nullable(),
  backendVersion: z.string().max(200).nullable(),
  appVersion: z.string().max(50),
  paramCount: z.number().int().min(0).nullable(),
  totalSteps: z.number().int().min(0).nullable(),
  layerNames: z.array(z.string().max(100)).max(100),
  createdAt: z.string().max(40),
  startedAt: z.string().max(40).nullable(),
  finishedAt: z.string().max(40).nullable(),
  error: z.string().max(20_000).nullable(),
  config: z.record(z.string(), z.unknown()),
  metrics: z.array(
    z.strictObject({
      series: z.string().min(1).max(60),
      subset: z.string().min(1).max(60),
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
      layers: z.record(z.string(), z.strictObject({ N: finite, Q: finite })),
    }),
  ),
  probes: z.partialRecord(probeSchema, probeSetSchema),
  weights: z.record(z.string().max(100), tensorSchema),
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
  name: z.string().min(1).max(200),
  createdAt: z.string().max(40),
  definition: z.record(z.string(), z.unknown()),
});

export const runBundleSchema = z.strictObject({
  format: z.literal('coherence-lab-runs'),
  version: z.literal(1),
  exportedAt: z.string().max(40),
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
