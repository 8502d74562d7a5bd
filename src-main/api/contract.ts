/**
 * The one contract between every front end (Electron renderer, browser mode, CLI) and the back
 * end: method name → input schema → result type, plus the event types pushed to listeners.
 * Main, preload, server and CLI import it; the renderer derives its client from it. Inputs
 * are validated with these schemas at every boundary (ARCHITECTURE examples 1–2). The names it
 * shares with the engine and the store (series, subsets, probes, statuses, x-axes, progress,
 * latest values, method and event names) come from the leaf src-main/shared.
 *
 * This file must stay importable by the renderer: it may import zod, types and src-main/shared.
 */
import { z } from 'zod';
import { API_EVENTS, type ApiEventName, type ApiMethodName } from '../shared/apiNames';
import type { LatestValues } from '../shared/latestValues';
import {
  probeSchema,
  seriesSchema,
  subsetSchema,
  type ProbeKind,
} from '../shared/metricVocabulary';
import type { RunProgress } from '../shared/runProgress';
import type { ConfigSchemaInfo } from '../shared/configFieldInfo';
import { dashboardLayoutSchema, type DashboardLayout } from '../shared/dashboardLayout';
import type { ProbeCoherenceFigures } from '../shared/summaryFigures';
import { runStatusSchema, type RunStatus } from '../shared/runStatus';
import { lineText, multilineText, SINGLE_LINE, UNSAFE_TEXT_MESSAGE } from '../shared/displayText';
import { slurmOptionsSchema } from '../shared/slurmOptions';
import { sweepDefinitionSchema, sweepIdSchema } from '../shared/sweepDefinition';
import type { SweepExecutor, SweepStatus } from '../shared/sweepStatus';
import { xAxisSchema } from '../shared/xAxis';

export type { ApiEventName } from '../shared/apiNames';
export type {
  ConfigFieldInfo,
  ConfigFieldType,
  ConfigSchemaInfo,
  ConfigSection,
} from '../shared/configFieldInfo';
export type { DashboardLayout, DashboardPanel } from '../shared/dashboardLayout';
export type { LatestValues } from '../shared/latestValues';
export type { ProbeKind, SeriesName, Subset } from '../shared/metricVocabulary';
export type { RunProgress } from '../shared/runProgress';
export type { ProbeCoherenceFigures, ValueAtStep } from '../shared/summaryFigures';
export type { RunStatus } from '../shared/runStatus';
export type { SlurmOptions, SlurmOptionsInput } from '../shared/slurmOptions';
export type { SweepDefinition, SweepDefinitionInput } from '../shared/sweepDefinition';
export type {
  SlurmTaskState,
  SweepExecutor,
  SweepStatus,
  SweepTaskState,
  SweepTaskStatus,
} from '../shared/sweepStatus';
export type { XAxis } from '../shared/xAxis';
export {
  dashboardLayoutSchema,
  probeSchema,
  runStatusSchema,
  seriesSchema,
  subsetSchema,
  xAxisSchema,
};

/** The file formats `datasets.import` reads. */
export const datasetFormatSchema = z.enum(['idx', 'cifar10', 'csv']);

const runId = z.number().int().positive();
/**
 * A series drawn on a chart needs about one point per pixel column: above that many stored
 * points, return a downsampled series (the store's LTTB plus the lowest and highest y).
 */
const drawnMaxPoints = z
  .number()
  .int()
  .min(4)
  .max(100_000)
  .optional()
  .describe(
    'at most this many points per run (4–100000), downsampled by LTTB keeping the first, last, lowest and highest point; omit for every stored point',
  );

export { lineText, multilineText };

const name = z.string().trim().min(1).max(200).regex(SINGLE_LINE, UNSAFE_TEXT_MESSAGE);
const tags = z
  .array(z.string().trim().min(1).max(60).regex(SINGLE_LINE, UNSAFE_TEXT_MESSAGE))
  .max(30);
const notes = multilineText(20_000);
const sweepRef = z.strictObject({ sweepId: sweepIdSchema });
/** Runs to summarize together (a cell: runs that differ only in seed), each group labelled. */
const runGroups = z
  .array(
    z.strictObject({
      label: lineText(500).min(1),
      runIds: z.array(runId).min(1).max(1000),
    }),
  )
  .min(1)
  .max(500);
/** Training processes at once on this machine. */
const concurrency = z.number().int().min(1).max(64);
/** A folder on storage the cluster nodes share (absolute path). */
const workDir = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path), {
    message: 'must be an absolute path',
  });

/** Which curve of each run a cell band summarizes: a stored series, or probe m-coherence. */
export const curveSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('series'), series: seriesSchema, subset: subsetSchema }),
  z.strictObject({
    kind: z.literal('coherence'),
    probe: probeSchema,
    quantity: z.enum(['value', 'alphaHat']).default('value'),
  }),
]);
export type CurveSource = z.input<typeof curveSourceSchema>;

/** Every method: its input schema. Results are typed in ApiResults below. */
export const apiInputs = {
  'project.info': z.strictObject({}),
  'project.open': z.strictObject({
    path: z.string().min(1).max(4096),
    create: z.boolean().default(false),
  }),
  'project.recent': z.strictObject({}),
  /** Write a consistent copy of the open project to a new `.clab` file (File → Save a copy as…). */
  'project.saveCopy': z.strictObject({
    path: z.string().min(1).max(4096),
    /** Replace an existing project file there (the save dialog has asked). */
    overwrite: z.boolean().default(false),
  }),
  /** Versions, training backends (each with why it is or is not used), threads, SQLite, paths. */
  diagnostics: z.strictObject({}),
  'presets.list': z.strictObject({}),
  'config.defaults': z.strictObject({}),
  'config.validate': z.strictObject({ config: z.unknown() }),
  'config.estimate': z.strictObject({ config: z.unknown() }),
  /** Every config key: type, choices, range, default, form section and description. */
  'config.schema': z.strictObject({}),
  'datasets.list': z.strictObject({}),
  'runs.list': z.strictObject({
    status: runStatusSchema.optional(),
    tag: z.string().max(60).optional(),
    groupId: z.number().int().positive().optional(),
  }),
  'runs.get': z.strictObject({ runId }),
  'runs.create': z.strictObject({
    config: z.unknown(),
    /** Dotted `key=value` assignments applied on top of config (CLI --set). */
    overrides: z.array(z.string().max(1000)).max(50).default([]),
    name,
    tags: tags.default([]),
    notes: notes.default(''),
  }),
  'runs.createFromPreset': z.strictObject({
    preset: z.string().min(1).max(100),
    overrides: z.array(z.string().max(1000)).max(50).default([]),
    tags: tags.default([]),
    /** Prefix for the variant names, e.g. "lr-0.1" → "lr-0.1 real", "lr-0.1 random". */
    namePrefix: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(SINGLE_LINE, UNSAFE_TEXT_MESSAGE)
      .optional(),
  }),
  'runs.cancel': z.strictObject({ runId }),
  'runs.resume': z.strictObject({ runId }),
  'runs.delete': z.strictObject({ runId }),
  'runs.update': z.strictObject({
    runId,
    name: name.optional(),
    tags: tags.optional(),
    notes: notes.optional(),
  }),
  'runs.series': z.strictObject({
    runIds: z.array(runId).min(1).max(50),
    series: seriesSchema,
    subset: subsetSchema,
    xAxis: xAxisSchema.default('step'),
    afterStep: z.number().int().min(-1).default(-1),
    maxPoints: drawnMaxPoints,
  }),
  'runs.coherence': z.strictObject({
    runId,
    probe: probeSchema.optional(),
    afterStep: z.number().int().min(-1).default(-1),
    /**
     * false: answer `layers: {}` on every point. Charts of the global value need only that, and
     * the per-layer sums are most of the bytes (20 runs × 5,000 points ≈ 16 MB with them).
     */
    layers: z.boolean().default(true),
  }),
  /** Probe m-coherence (or α̂) of several runs as columns: one call per compare chart. */
  'runs.coherenceSeries': z.strictObject({
    runIds: z.array(runId).min(1).max(50),
    probe: probeSchema,
    xAxis: xAxisSchema.default('step'),
    quantity: z.enum(['value', 'alphaHat']).default('value'),
    maxPoints: drawnMaxPoints,
  }),
  'runs.compare': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.examples': z.strictObject({
    runId,
    order: z.enum(['earliest', 'never']),
    corrupt: z.boolean(),
    limit: z.number().int().min(1).max(200).default(36),
  }),
  /** Class × class cross-coherence of a run with per-class probes, at one step (default: last). */
  'runs.classCross': z.strictObject({ runId, step: z.number().int().min(0).optional() }),
  'runs.exportJson': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.exportCsv': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.importJson': z.strictObject({ json: z.string().min(2).max(2_000_000_000) }),
  'runs.summary': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.report': z
    .strictObject({
      runIds: z.array(runId).min(1).max(50).optional(),
      /** A sweep's runs grouped by cell: mean ± 95 % CI per cell, curves as bands. */
      sweepId: sweepIdSchema.optional(),
      title: z.string().max(200).optional(),
    })
    .refine((input) => (input.runIds === undefined) !== (input.sweepId === undefined), {
      message: 'give either runIds or sweepId',
      path: ['runIds'],
    }),
  'runs.cellSummary': z.strictObject({ cells: runGroups }),
  'runs.cellSeries': z.strictObject({ cells: runGroups, source: curveSourceSchema }),
  'sweeps.estimate': z.strictObject({
    definition: sweepDefinitionSchema,
    concurrency: z.number().int().min(1).max(100_000).optional(),
  }),
  /** The compare dashboard's layout this project keeps (null until one is saved). */
  'dashboard.get': z.strictObject({}),
  'dashboard.save': z.strictObject({ layout: dashboardLayoutSchema }),
  'sweeps.create': z.strictObject({ definition: sweepDefinitionSchema }),
  'sweeps.list': z.strictObject({}),
  'sweeps.get': sweepRef,
  'sweeps.run': z.discriminatedUnion('executor', [
    z.strictObject({
      sweepId: sweepIdSchema,
      executor: z.literal('local'),
      /** Default: the number of cores of this machine. */
      concurrency: concurrency.optional(),
    }),
    z.strictObject({
      sweepId: sweepIdSchema,
      executor: z.literal('slurm'),
      slurm: slurmOptionsSchema.default({ sbatchArgs: [], command: 'coherence-lab' }),
      /** Default: `<project>.sweeps/<sweepId>/` next to the project file. */
      workDir: workDir.optional(),
    }),
  ]),
  'sweeps.status': sweepRef,
  'sweeps.collect': sweepRef,
  'sweeps.cancel': sweepRef,
  'sweeps.resubmit': z.strictObject({
    sweepId: sweepIdSchema,
    /** Slurm options for this submission; default: those of the first submission. */
    slurm: slurmOptionsSchema.optional(),
    concurrency: concurrency.optional(),
  }),
  'sweeps.script': z.strictObject({
    sweepId: sweepIdSchema,
    /** For a sweep not submitted yet: the options to preview the script with. */
    slurm: slurmOptionsSchema.optional(),
    workDir: workDir.optional(),
  }),
  'sweeps.compare': sweepRef,
  'datasets.import': z.strictObject({
    path: z.string().min(1).max(4096),
    format: datasetFormatSchema,
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only'),
    labelsPath: z.string().min(1).max(4096).optional(),
    testPath: z.string().min(1).max(4096).optional(),
    testLabelsPath: z.string().min(1).max(4096).optional(),
  }),
} as const satisfies Record<ApiMethodName, z.ZodType>;

export type ApiMethod = keyof typeof apiInputs;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

export interface ProjectInfo {
  readonly path: string;
  readonly name: string;
  readonly runCount: number;
  readonly schemaVersion: number;
}

/** The sweep task a run is: which sweep, cell (runs differing only in seed) and seed. */
export interface RunSweepTag {
  readonly sweepId: string;
  readonly taskIndex: number;
  readonly cellIndex: number;
  /** `labelNoise=0.5 optimizer.lr=0.1`: the cell's axis values. */
  readonly cellLabel: string;
  readonly seed: number;
}

export interface RunListRow {
  readonly runId: number;
  readonly name: string;
  readonly tags: string[];
  readonly notes: string;
  readonly groupId: number | null;
  readonly status: RunStatus;
  readonly dataset: string;
  readonly model: string;
  readonly labelNoise: number;
  readonly aggregator: string;
  readonly backend: string | null;
  readonly createdAt: string;
  readonly progress: RunProgress | null;
  /** Latest values by key (e.g. "accuracy/test", "coherence/train"). */
  readonly latest: LatestValues;
  /** Probe size m (config coherence.m), so lists can show m with every m-coherence value. */
  readonly probeM: number | null;
  /** Test examples behind its test accuracy (the full split by default); null before it starts. */
  readonly testCount: number | null;
  /** Metric definitions its stored metrics follow (shared/metricDefinitions); older ones are marked. */
  readonly metricsVersion: number;
  /** Set when the run is a task of a sweep. */
  readonly sweep: RunSweepTag | null;
}

export interface RunDetail extends RunListRow {
  readonly config: Record<string, unknown>;
  readonly seed: number;
  readonly backendVersion: string | null;
  readonly appVersion: string;
  readonly paramCount: number | null;
  readonly totalSteps: number | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly layerNames: string[];
  /**
   * Kernel shape of each trainable layer by name (dense: [inputs, units]; conv: [k, k, in, out]),
   * from the run's config and dataset; a dimension only the dataset decides is named
   * ('input', 'channels', 'classes') when this project lacks the dataset.
   */
  readonly layerShapes: Record<string, Array<number | string>>;
  /** The run whose final weights this run started from (config init.fromRun), if it still exists. */
  readonly parentRunId: number | null;
  /**
   * The reference run whose easy or hard examples this run trains and tests on (config
   * dataset.learnedSubset); referenceExists is false once that run was deleted, or when this run
   * was imported without it (the id is then the exporting project's).
   */
  readonly learnedSubset: {
    readonly referenceRunId: number;
    readonly part: 'easy' | 'hard';
    readonly referenceExists: boolean;
  } | null;
}

export interface SeriesData {
  readonly runId: number;
  readonly x: number[];
  readonly y: number[];
  readonly step: number[];
  /** Points this run has stored for the series. */
  readonly storedPoints: number;
  /** Points in x/y/step: storedPoints, or fewer when `maxPoints` downsampled the series. */
  readonly returnedPoints: number;
}

/**
 * Cross-coherence ⟨S_i, S_j⟩/(‖S_i‖·‖S_j‖) of every pair of class probes (S the summed gradient of
 * a class's probe) at one measurement step.
 */
export interface ClassCrossMatrix {
  readonly runId: number;
  /** Class labels ascending: the rows and columns. */
  readonly classes: number[];
  /** How the dataset names each class ("7", "Sneaker", …; "class k" when it does not say). */
  readonly classNames: string[];
  /** Every step with a measurement, ascending (empty: the run has no per-class probes yet). */
  readonly steps: number[];
  /** The step of `matrix`: the one asked for, or the last; null when there is none. */
  readonly step: number | null;
  /** K × K, symmetric, 1 on the diagonal; null where a class's summed gradient is zero. */
  readonly matrix: Array<Array<number | null>> | null;
}

export interface CoherencePoint {
  readonly step: number;
  readonly epoch: number;
  readonly examplesSeen: number;
  readonly wallMs: number;
  readonly probe: ProbeKind;
  readonly m: number;
  readonly value: number;
  readonly alphaHat: number;
  readonly layers: Record<string, { N: number; Q: number }>;
}

/** The summary figures of src-main/analysis/runSummary.ts (defined there, and in the README). */
export interface CompareSummaryRow {
  readonly runId: number;
  readonly name: string;
  readonly finalTestAcc: number | null;
  /** Test examples behind the test accuracies. */
  readonly testCount: number | null;
  readonly bestTestAcc: number | null;
  readonly bestTestStep: number | null;
  readonly finalPristineAcc: number | null;
  readonly memorizedFraction: number | null;
  readonly probeCoherence: ProbeCoherenceFigures;
  readonly adjustedOverfit: number | null;
  readonly metricsVersion: number;
}

export interface CompareResult {
  readonly summary: CompareSummaryRow[];
  /** Dotted config keys whose values differ between the runs, with each run's value. */
  readonly configDiff: Array<{ key: string; values: Record<number, unknown> }>;
  /** Every dotted config key of the runs (the diff table's "all keys"), marked where they differ. */
  readonly configAll: Array<{ key: string; values: Record<number, unknown>; differs: boolean }>;
}

export interface ExampleImage {
  readonly position: number;
  readonly sourceIndex: number;
  readonly originalLabel: number;
  readonly trainingLabel: number;
  readonly corrupt: boolean;
  readonly firstLearnedStep: number | null;
  readonly learnedSinceStep: number | null;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Raw 0–255 pixels, NHWC, as a plain array for JSON transports. */
  readonly pixels: number[];
}

export interface PresetInfo {
  readonly name: string;
  readonly description: string;
  readonly variants: string[];
  /** A dataset to import before the preset can run (CIFAR-10), and how to import it. */
  readonly requiresImport?: { readonly dataset: string; readonly howToImport: string };
}

export interface CostEstimate {
  readonly paramCount: number;
  readonly totalSteps: number;
  readonly evaluations: number;
  /** Rough seconds on this machine's backend. */
  readonly estimatedSeconds: number;
  /**
   * Kernel shape of each trainable layer on the config's dataset, as RunDetail.layerShapes
   * gives them for a stored run: the form offers as init.fromRun the runs whose shapes match.
   */
  readonly layerShapes: Record<string, Array<number | string>>;
}

/** n, mean, sample sd and the 95 % Student t interval of one metric over a cell's runs. */
export interface CellStat {
  /** Runs that had a finite value. */
  readonly n: number;
  /** Runs without a value (null) or with a non-finite one. */
  readonly missing: number;
  readonly mean: number | null;
  /** null when n < 2. */
  readonly sd: number | null;
  /** [mean − t·sd/√n, mean + t·sd/√n] with t = t_{0.975, n−1}; null when n < 2. */
  readonly ci95: [number, number] | null;
}

export interface CellSummary {
  readonly label: string;
  /** The cell's axis values (and `variant`); {} for a group of runs that is not a sweep cell. */
  readonly axes: Record<string, unknown>;
  /** Runs in the cell. */
  readonly n: number;
  readonly runIds: number[];
  /** Every numeric field of the run summary, flattened to dotted names. */
  readonly metrics: Record<string, CellStat>;
}

export interface CellSummaryResult {
  /** The metric names in the order the summary defines them. */
  readonly metricNames: string[];
  readonly cells: CellSummary[];
}

/** One cell's mean curve and 95 % band, aligned by step (the steps every run has). */
export interface CellSeries {
  readonly label: string;
  readonly runIds: number[];
  readonly steps: number[];
  readonly n: number[];
  readonly mean: (number | null)[];
  readonly sd: (number | null)[];
  readonly lo: (number | null)[];
  readonly hi: (number | null)[];
  /** Steps some runs have and others not (still running, stopped early): not in the band. */
  readonly leftOut: Array<{ label: string; steps: number[] }>;
}

export interface SweepCellInfo {
  readonly index: number;
  readonly label: string;
  readonly axes: Record<string, unknown>;
}

export interface SweepEstimate {
  readonly runs: number;
  readonly cells: number;
  /** Sum of the runs' estimated durations: the time one process would need for them all. */
  readonly totalRunSeconds: number;
  /** Wall time with `concurrency` runs at once. */
  readonly wallSeconds: number;
  readonly concurrency: number;
}

export interface SweepRow {
  readonly sweepId: string;
  readonly name: string;
  readonly executor: SweepExecutor | null;
  readonly createdAt: string;
  readonly runs: number;
  readonly cells: number;
  readonly seeds: number[];
  /** The config keys the sweep varies (and `variant` for several preset variants). */
  readonly axes: string[];
  /** Each cell's axis values as one label (`labelNoise=0.5 optimizer.lr=0.1`), by cell index. */
  readonly cellLabels: string[];
  /** Runs of the sweep in this project (local runs; Slurm runs once collected). */
  readonly inProject: number;
  readonly workDir: string | null;
}

export interface SweepDetail extends SweepRow {
  readonly definition: Record<string, unknown>;
  readonly executorOptions: Record<string, unknown> | null;
  readonly cellList: SweepCellInfo[];
  readonly tasks: Array<{
    taskIndex: number;
    cellIndex: number;
    seed: number;
    name: string;
    runId: number | null;
  }>;
}

export interface SweepCollectResult {
  readonly sweepId: string;
  readonly collected: number;
  readonly alreadyCollected: number;
  readonly notFinished: number;
  readonly failed: number;
  readonly runIds: number[];
  readonly failures: Array<{ taskIndex: number; reason: string }>;
  /** Shards refused by name: damaged, not one run, another sweep or task, another config. */
  readonly refused: Array<{ taskIndex: number; shard: string; reason: string }>;
}

export type SweepRunResult =
  | {
      readonly sweepId: string;
      readonly executor: 'local';
      readonly runIds: number[];
      readonly created: number;
      readonly resumed: number;
      readonly concurrency: number;
    }
  | {
      readonly sweepId: string;
      readonly executor: 'slurm';
      readonly jobId: number;
      readonly taskIndices: number[];
      readonly workDir: string;
    };

/** One training backend as the back end's runtime sees it (engine/backendDiagnostics.ts). */
export interface BackendReport {
  /** "tfjs-node-gpu", "tfjs-node", "wasm", "cpu". */
  readonly name: string;
  /** The tfjs backend name it registers ('tensorflow' for both native packages). */
  readonly backend: string;
  readonly available: boolean;
  /** The one backend runs with backend "auto" train on. */
  readonly used: boolean;
  /** Why it is or is not available/used, e.g. "failed to load: libcudnn.so.8: cannot open …". */
  readonly reason: string;
  readonly version: string | null;
}

/** What `coherence-lab doctor` and Help → Diagnostics show (one document with --json). */
export interface DiagnosticsReport {
  readonly appVersion: string;
  /** The runtime of the back end and its trainer processes. */
  readonly runtime: {
    readonly node: string;
    readonly electron: string | null;
    readonly chrome: string | null;
    readonly v8: string;
    readonly platform: string;
    readonly arch: string;
  };
  readonly backends: BackendReport[];
  readonly threads: {
    /** Logical CPUs this process may use (os.availableParallelism). */
    readonly cpus: number;
    /** Training processes run at once (each trains one run). */
    readonly trainingProcesses: number;
  };
  readonly sqlite: {
    readonly version: string;
    readonly betterSqlite3: string;
    /** Which compiled addon is loaded: the package's own build or the Electron rebuild's path. */
    readonly addon: string;
  };
  readonly project: {
    readonly path: string;
    readonly schemaVersion: number | null;
    readonly runCount: number | null;
    /** Why the project could not be opened (`doctor` reports the rest anyway); else null. */
    readonly problem: string | null;
  };
  readonly paths: { readonly dataDir: string; readonly datasetCache: string };
}

export interface ApiResults {
  'project.info': ProjectInfo;
  'project.open': ProjectInfo;
  'project.recent': string[];
  'project.saveCopy': { path: string };
  diagnostics: DiagnosticsReport;
  'presets.list': PresetInfo[];
  'config.defaults': Record<string, unknown>;
  'config.validate':
    { ok: true; config: Record<string, unknown> } | { ok: false; issues: ApiIssue[] };
  'config.estimate': CostEstimate;
  'config.schema': ConfigSchemaInfo;
  'datasets.list': Array<{ name: string; builtin: boolean; train: number; test: number }>;
  'runs.list': RunListRow[];
  'runs.get': RunDetail;
  'runs.create': { runIds: number[] };
  'runs.createFromPreset': { runIds: number[]; groupId: number | null };
  'runs.cancel': { ok: true };
  'runs.resume': { ok: true };
  'runs.delete': { ok: true };
  'runs.update': RunDetail;
  'runs.series': SeriesData[];
  'runs.coherence': CoherencePoint[];
  'runs.coherenceSeries': Array<SeriesData & { m: number }>;
  'runs.compare': CompareResult;
  'runs.examples': ExampleImage[];
  'runs.classCross': ClassCrossMatrix;
  'runs.exportJson': { fileName: string; json: string };
  'runs.exportCsv': { fileName: string; csv: string };
  'runs.importJson': { runIds: number[] };
  'runs.summary': RunSummary[];
  'runs.report': { fileName: string; html: string };
  'dashboard.get': { layout: DashboardLayout | null };
  'dashboard.save': { ok: true };
  'runs.cellSummary': CellSummaryResult;
  'runs.cellSeries': CellSeries[];
  'sweeps.estimate': SweepEstimate & { cellList: SweepCellInfo[]; axes: string[] };
  'sweeps.create': { sweepId: string; runs: number; cells: number; estimate: SweepEstimate };
  'sweeps.list': SweepRow[];
  'sweeps.get': SweepDetail;
  'sweeps.run': SweepRunResult;
  'sweeps.status': SweepStatus;
  'sweeps.collect': SweepCollectResult;
  'sweeps.cancel': { sweepId: string; cancelledRuns: number[]; cancelledJobs: number[] };
  'sweeps.resubmit': {
    sweepId: string;
    taskIndices: number[];
    /** Slurm: the new array job, null when nothing needed resubmitting. */
    jobId: number | null;
    /** Local: the runs queued again. */
    runIds: number[];
  };
  'sweeps.script': { sweepId: string; path: string | null; script: string; submitted: boolean };
  'sweeps.compare': CellSummaryResult & { sweepId: string; name: string; axes: string[] };
  'datasets.import': {
    name: string;
    train: number;
    test: number;
    height: number;
    width: number;
    channels: number;
    numClasses: number;
  };
}

/** The machine-readable run summary of the CLI (`--json`) and exports. */
export interface RunSummary {
  readonly runId: number;
  readonly name: string;
  readonly status: RunStatus;
  readonly backend: string | null;
  readonly steps: number;
  readonly final: {
    readonly trainAcc: number | null;
    readonly testAcc: number | null;
    readonly trainLoss: number | null;
    readonly testLoss: number | null;
    readonly pristineAcc: number | null;
    readonly corruptAcc: number | null;
  };
  readonly best: { readonly testAcc: number | null; readonly step: number | null };
  readonly testCount: number | null;
  readonly memorizedFraction: number | null;
  readonly probeCoherence: ProbeCoherenceFigures;
  readonly adjustedOverfit: number | null;
  readonly metricsVersion: number;
  readonly coherence: Array<{
    step: number;
    probe: string;
    m: number;
    value: number;
    layers: Record<string, { N: number; Q: number }>;
  }>;
}

export type ApiResult<M extends ApiMethod> = ApiResults[M];

/** One validation problem, naming the field by its dotted path. */
export interface ApiIssue {
  readonly path: string;
  readonly message: string;
  /** What the field is for (the config schema's description), when the path names a config key. */
  readonly help?: string;
}

/** Structured error every transport returns instead of throwing raw exceptions. */
export interface ApiErrorBody {
  readonly code: 'invalid-input' | 'not-found' | 'conflict' | 'failed';
  readonly message: string;
  readonly issues?: ApiIssue[];
}

/** Events pushed to listeners (IPC webContents events, server-sent events). */
export interface ApiEvents {
  'run.progress': { runId: number } & RunProgress;
  'run.status': { runId: number; status: RunStatus; error?: string | null };
  /** New stored data is available for a run: the views re-read from `afterStep`. */
  'run.data': { runId: number; step: number };
  'runs.changed': Record<string, never>;
}
/** The event names (from src-main/shared/apiNames), for transports that check what arrives. */
export const apiEventNames: readonly ApiEventName[] = API_EVENTS;

/** Compile-time checks: the result and payload maps name exactly the shared method and event names. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _ResultsCoverMethods = Assert<Same<keyof ApiResults, ApiMethodName>>;
type _EventsCoverNames = Assert<Same<keyof ApiEvents, ApiEventName>>;
/** One event and its payload: what listeners receive, narrowed by the event name. */
export type ApiEventArgs = { [E in ApiEventName]: [event: E, payload: ApiEvents[E]] }[ApiEventName];

/** The client shape every transport implements for the renderer. */
export type LabClient = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiResult<M>>;
} & {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
};

/** Views the main process can ask the renderer to show (the renderer's route names). */
export const desktopViews = ['runs', 'new-run', 'compare', 'projects'] as const;
export type DesktopView = (typeof desktopViews)[number];

/**
 * What the main process asks the renderer to do (application menu, opened project files):
 * show a view; export what the current view shows (selected runs as a bundle, or the current
 * chart); cancel or resume the run the current view shows. Dialogs, project opening, copies
 * and imports happen in the main process; only what depends on the current view comes here.
 */
export type MenuCommand =
  | { readonly command: 'navigate'; readonly view: DesktopView }
  | { readonly command: 'export' }
  | { readonly command: 'run.cancel' }
  | { readonly command: 'run.resume' };
export type MenuCommandName = MenuCommand['command'];
export const menuCommandNames: readonly MenuCommandName[] = [
  'navigate',
  'export',
  'run.cancel',
  'run.resume',
];

/**
 * Desktop-only services next to the API (Electron preload `window.labShell`): native dialogs,
 * application-menu commands and dropped files. Absent in browser mode, where the views fall
 * back to typed paths and browser downloads.
 */
export interface DesktopShell {
  /** Native open dialog for a project file; null when cancelled. */
  pickProjectToOpen(): Promise<string | null>;
  /** Native save dialog for a new project file; null when cancelled. */
  pickProjectToCreate(): Promise<string | null>;
  /** Native save dialog, then write the content; the saved path or null when cancelled. */
  saveFile(suggestedName: string, content: string | Uint8Array): Promise<string | null>;
  /** Commands from the application menu; returns an unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * The file-system path of a file dropped on the window ('' for one not from disk), so a
   * dropped `.clab` can be opened with `project.open`; a sandboxed page cannot see it otherwise.
   */
  pathForFile(file: Blob): string;
}
