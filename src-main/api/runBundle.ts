import { z } from 'zod';
import { probeSchema, seriesSchema, subsetSchema } from '../shared/metricVocabulary';
import { lineText, multilineText, runStatusSchema } from './contract';

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
  weights: z.record(lineText(100), tensorSchema),
});

export const runBundleSchema = z.strictObject({
  format: z.literal('coherence-lab-runs'),
  version: z.literal(1),
  exportedAt: lineText(40),
  runs: z.array(runBundleRunSchema).min(1).max(50),
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
