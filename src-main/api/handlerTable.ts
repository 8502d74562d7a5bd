import type { ApiContext } from './apiContext';
import type { ApiMethod, ApiParsedInput, ApiResult } from './contract';
import {
  defaultConfig,
  estimateCost,
  listPresets,
  configSchema,
  validateConfig,
} from './handlers/configHandlers';
import { readDashboard, saveDashboard } from './handlers/dashboardHandlers';
import { importDatasetFile, listDatasets, shapeOf } from './handlers/datasetHandlers';
import {
  compareRuns,
  exampleImages,
  readCoherence,
  readCoherenceSeries,
  readSeries,
  reportRuns,
  summarizeRuns,
} from './handlers/analysisHandlers';
import { exportCsv, exportJson, importJson } from './handlers/exportHandlers';
import {
  cancelRun,
  createFromPreset,
  createRun,
  deleteRun,
  getRun,
  listRuns,
  resumeRun,
  updateRun,
} from './handlers/runLifecycleHandlers';

type Handler<M extends ApiMethod> = (
  ctx: ApiContext,
  input: ApiParsedInput<M>,
) => ApiResult<M> | Promise<ApiResult<M>>;

/**
 * Every method's implementation, once, over the store and run manager. Project-level methods
 * (project.*) are handled by LabApi itself because they replace the context.
 */
export type HandlerTable = { [M in Exclude<ApiMethod, `project.${string}`>]: Handler<M> };

export const handlers: HandlerTable = {
  // Loaded on first use: probing backends pulls in tfjs, which no other start-up path needs.
  diagnostics: async (ctx) => (await import('./handlers/diagnosticsHandlers')).readDiagnostics(ctx),
  'presets.list': () => listPresets(),
  'config.defaults': () => defaultConfig(),
  'config.validate': (_ctx, input) => validateConfig(input.config),
  'config.estimate': (ctx, input) => estimateCost(input.config, (name) => shapeOf(ctx, name)),
  'config.schema': () => configSchema(),
  'datasets.list': (ctx) => listDatasets(ctx),
  'datasets.import': (ctx, input) => importDatasetFile(ctx, input),
  'runs.list': (ctx, input) => listRuns(ctx, input),
  'runs.get': (ctx, input) => getRun(ctx, input.runId),
  'runs.create': (ctx, input) => createRun(ctx, input),
  'runs.createFromPreset': (ctx, input) => createFromPreset(ctx, input),
  'runs.cancel': (ctx, input) => cancelRun(ctx, input.runId),
  'runs.resume': (ctx, input) => resumeRun(ctx, input.runId),
  'runs.delete': (ctx, input) => deleteRun(ctx, input.runId),
  'runs.update': (ctx, input) => updateRun(ctx, input),
  'runs.series': (ctx, input) => readSeries(ctx, input),
  'runs.coherence': (ctx, input) => readCoherence(ctx, input),
  'runs.coherenceSeries': (ctx, input) => readCoherenceSeries(ctx, input),
  'runs.compare': (ctx, input) => compareRuns(ctx, input.runIds),
  'runs.summary': (ctx, input) => summarizeRuns(ctx, input.runIds),
  'runs.examples': (ctx, input) => exampleImages(ctx, input),
  'runs.report': (ctx, input) => reportRuns(ctx, input),
  'runs.exportJson': (ctx, input) => exportJson(ctx, input.runIds),
  'runs.exportCsv': (ctx, input) => exportCsv(ctx, input.runIds),
  'runs.importJson': (ctx, input) => importJson(ctx, input.json),
  'dashboard.get': (ctx) => readDashboard(ctx),
  'dashboard.save': (ctx, input) => saveDashboard(ctx, input.layout),
};
