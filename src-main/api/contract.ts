/**
 * The one contract between every front end (Electron renderer, browser mode, CLI) and the back
 * end: method name → input schema → result type, plus the event types pushed to listeners.
 * Main, preload, server and CLI import it; the renderer derives its client from it. Inputs
 * are validated with these schemas at every boundary (ARCHITECTURE examples 1–2).
 *
 * This file must stay importable by the renderer: it may import zod and types only.
 */
import { z } from 'zod';

export const runStatusSchema = z.enum([
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
]);
export type RunStatus = z.infer<typeof runStatusSchema>;

const runId = z.number().int().positive();
const name = z.string().trim().min(1).max(200);
const tags = z.array(z.string().trim().min(1).max(60)).max(30);
export const xAxisSchema = z.enum(['step', 'epoch', 'examplesSeen', 'wallMs']);
export type XAxis = z.infer<typeof xAxisSchema>;
export const seriesSchema = z.enum([
  'loss',
  'accuracy',
  'accuracyOriginal',
  'batchCoherence',
  'lr',
  'lossReductionShare',
]);
export const subsetSchema = z.enum(['batch', 'train', 'test', 'pristine', 'corrupt']);
export const probeSchema = z.enum(['train', 'pristine', 'corrupt', 'test']);

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
    notes: z.string().max(20_000).default(''),
  }),
  'runs.createFromPreset': z.strictObject({
    preset: z.string().min(1).max(100),
    overrides: z.array(z.string().max(1000)).max(50).default([]),
    tags: tags.default([]),
    /** Prefix for the variant names, e.g. "lr-0.1" → "lr-0.1 real", "lr-0.1 random". */
    namePrefix: z.string().trim().min(1).max(100).optional(),
  }),
  'runs.cancel': z.strictObject({ runId }),
  'runs.resume': z.strictObject({ runId }),
  'runs.delete': z.strictObject({ runId }),
  'runs.update': z.strictObject({
    runId,
    name: name.optional(),
    tags: tags.optional(),
    notes: z.string().max(20_000).optional(),
  }),
  'runs.series': z.strictObject({
    runIds: z.array(runId).min(1).max(50),
    series: seriesSchema,
    subset: subsetSchema,
    xAxis: xAxisSchema.default('step'),
    afterStep: z.number().int().min(-1).default(-1),
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
  }),
  'runs.compare': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.examples': z.strictObject({
    runId,
    order: z.enum(['earliest', 'never']),
    corrupt: z.boolean(),
    limit: z.number().int().min(1).max(200).default(36),
  }),
  'runs.exportJson': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.exportCsv': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.importJson': z.strictObject({ json: z.string().min(2).max(2_000_000_000) }),
  'runs.summary': z.strictObject({ runIds: z.array(runId).min(1).max(50) }),
  'runs.report': z.strictObject({
    runIds: z.array(runId).min(1).max(50),
    title: z.string().max(200).optional(),
  }),
  'datasets.import': z.strictObject({
    path: z.string().min(1).max(4096),
    format: z.enum(['idx', 'cifar10', 'csv']),
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
} as const;

export type ApiMethod = keyof typeof apiInputs;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

export interface ProjectInfo {
  readonly path: string;
  readonly name: string;
  readonly runCount: number;
  readonly schemaVersion: number;
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
  readonly progress: { done: number; total: number; rate: number; etaSec: number | null } | null;
  /** Latest values by key (e.g. "accuracy/test", "coherence/train"). */
  readonly latest: Record<string, number>;
  /** Probe size m (config coherence.m), so lists can show m with every m-coherence value. */
  readonly probeM?: number | null;
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
}

export interface SeriesData {
  readonly runId: number;
  readonly x: number[];
  readonly y: number[];
  readonly step: number[];
}

export interface CoherencePoint {
  readonly step: number;
  readonly epoch: number;
  readonly examplesSeen: number;
  readonly wallMs: number;
  readonly probe: z.infer<typeof probeSchema>;
  readonly m: number;
  readonly value: number;
  readonly alphaHat: number;
  readonly layers: Record<string, { N: number; Q: number }>;
}

export interface CompareSummaryRow {
  readonly runId: number;
  readonly name: string;
  readonly finalTestAcc: number | null;
  readonly bestTestAcc: number | null;
  readonly bestTestStep: number | null;
  readonly memorizedFraction: number | null;
  readonly peakProbeCoherence: number | null;
  readonly adjustedOverfit: number | null;
}

export interface CompareResult {
  readonly summary: CompareSummaryRow[];
  /** Dotted config keys whose values differ between the runs, with each run's value. */
  readonly configDiff: Array<{ key: string; values: Record<number, unknown> }>;
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
}

export interface CostEstimate {
  readonly paramCount: number;
  readonly totalSteps: number;
  readonly evaluations: number;
  /** Rough seconds on this machine's backend. */
  readonly estimatedSeconds: number;
}

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
  'runs.exportJson': { fileName: string; json: string };
  'runs.exportCsv': { fileName: string; csv: string };
  'runs.importJson': { runIds: number[] };
  'runs.summary': RunSummary[];
  'runs.report': { fileName: string; html: string };
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
  readonly memorizedFraction: number | null;
  readonly adjustedOverfit: number | null;
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
}

/** Structured error every transport returns instead of throwing raw exceptions. */
export interface ApiErrorBody {
  readonly code: 'invalid-input' | 'not-found' | 'conflict' | 'failed';
  readonly message: string;
  readonly issues?: ApiIssue[];
}

/** Events pushed to listeners (IPC webContents events, server-sent events). */
export interface ApiEvents {
  'run.progress': {
    runId: number;
    done: number;
    total: number;
    rate: number;
    etaSec: number | null;
  };
  'run.status': { runId: number; status: RunStatus; error?: string | null };
  /** New stored data is available for a run: the views re-read from `afterStep`. */
  'run.data': { runId: number; step: number };
  'runs.changed': Record<string, never>;
}
export type ApiEventName = keyof ApiEvents;
export const apiEventNames: readonly ApiEventName[] = [
  'run.progress',
  'run.status',
  'run.data',
  'runs.changed',
];

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
