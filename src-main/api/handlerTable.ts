import type { ApiContext } from './apiContext';
import type { ApiMethod, ApiParsedInput, ApiResult } from './contract';
import {
  defaultConfig,
  estimateCost,
  listPresets,
  configSchema,
  validateConfig,
} from './handlers/configHandlers';
import { readClassCross } from './handlers/classCrossHandlers';
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
import { cellBands, compareSweep, summarizeCells } from './handlers/cellHandlers';
import { reportSweep } from './handlers/sweepReportHandler';
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
import {
  cancelSweep,
  collectSweep,
  createSweep,
  estimateSweepRuns,
  getSweep,
  listSweeps,
  resubmitSweep,
  runSweep,
  sweepScript,
  sweepStatus,
} from './handlers/sweepHandlers';

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
  'runs.classCross': (ctx, input) => readClassCross(ctx, input),
  'runs.report': (ctx, input) =>
    input.sweepId !== undefined
      ? reportSweep(ctx, input.sweepId, input.title)
      : reportRuns(ctx, { runIds: input.runIds ?? [], title: input.title }),
  'runs.exportJson': (ctx, input) => exportJson(ctx, input.runIds),
  'runs.exportCsv': (ctx, input) => exportCsv(ctx, input.runIds),
  'runs.importJson': (ctx, input) => importJson(ctx, input.json),
  'dashboard.get': (ctx) => readDashboard(ctx),
  'dashboard.save': (ctx, input) => saveDashboard(ctx, input.layout),
  'runs.cellSummary': (ctx, input) => summarizeCells(ctx, input.cells),
  'runs.cellSeries': (ctx, input) => cellBands(ctx, input),
  'sweeps.estimate': (ctx, input) => estimateSweepRuns(ctx, input),
  'sweeps.create': (ctx, input) => createSweep(ctx, input),
  'sweeps.list': (ctx) => listSweeps(ctx),
  'sweeps.get': (ctx, input) => getSweep(ctx, input.sweepId),
  'sweeps.run': (ctx, input) => runSweep(ctx, input),
  'sweeps.status': (ctx, input) => sweepStatus(ctx, input.sweepId),
  'sweeps.collect': (ctx, input) => collectSweep(ctx, input.sweepId),
  'sweeps.cancel': (ctx, input) => cancelSweep(ctx, input.sweepId),
  'sweeps.resubmit': (ctx, input) => resubmitSweep(ctx, input),
  'sweeps.script': (ctx, input) => sweepScript(ctx, input),
  'sweeps.compare': (ctx, input) => compareSweep(ctx, input.sweepId),
};
