/**
 * The names of the API's methods and events as plain lists (no zod), so the sandboxed preload
 * can expose exactly these without bundling the contract's schemas. The contract
 * (src-main/api/contract.ts) declares one input schema per method and one payload type per
 * event and is checked against these lists at compile time.
 */
export const API_METHODS = [
  'project.info',
  'project.open',
  'project.recent',
  'project.saveCopy',
  'diagnostics',
  'presets.list',
  'config.defaults',
  'config.validate',
  'config.estimate',
  'config.schema',
  'datasets.list',
  'datasets.import',
  'runs.list',
  'runs.get',
  'runs.create',
  'runs.createFromPreset',
  'runs.cancel',
  'runs.resume',
  'runs.delete',
  'runs.update',
  'runs.series',
  'runs.coherence',
  'runs.coherenceSeries',
  'runs.compare',
  'runs.examples',
  'runs.classCross',
  'runs.exportJson',
  'runs.exportCsv',
  'runs.importJson',
  'runs.summary',
  'runs.report',
  'dashboard.get',
  'dashboard.save',
  'runs.cellSummary',
  'runs.cellSeries',
  'sweeps.estimate',
  'sweeps.create',
  'sweeps.list',
  'sweeps.get',
  'sweeps.run',
  'sweeps.status',
  'sweeps.collect',
  'sweeps.cancel',
  'sweeps.resubmit',
  'sweeps.script',
  'sweeps.compare',
] as const;
export type ApiMethodName = (typeof API_METHODS)[number];

export const API_EVENTS = ['run.progress', 'run.status', 'run.data', 'runs.changed'] as const;
export type ApiEventName = (typeof API_EVENTS)[number];

export function isApiMethod(name: string): name is ApiMethodName {
  return (API_METHODS as readonly string[]).includes(name);
}

export function isApiEvent(name: string): name is ApiEventName {
  return (API_EVENTS as readonly string[]).includes(name);
}
