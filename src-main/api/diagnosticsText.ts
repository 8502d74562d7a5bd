import type { BackendReport, DiagnosticsReport } from './contract';

/** The backend runs with backend "auto" train on, as "tfjs-node-gpu 4.22.0" or "wasm (…)". */
export function usedBackendLabel(report: DiagnosticsReport): string {
  const used = report.backends.find((b) => b.used);
  if (!used) return 'none available';
  return used.version && !used.version.startsWith(used.name)
    ? `${used.name} (${used.version})`
    : (used.version ?? used.name);
}

function backendLine(backend: BackendReport): string {
  const mark = backend.used ? '●' : backend.available ? '○' : '✗';
  const state = backend.used ? 'used' : backend.available ? 'available' : 'unavailable';
  const version = backend.version ? ` ${backend.version}` : '';
  return `  ${mark} ${backend.name}: ${state}${version ? ` (${version.trim()})` : ''} — ${backend.reason}`;
}

function projectLine(project: DiagnosticsReport['project']): string {
  if (project.problem !== null) return `Project: ${project.path} — ${project.problem}`;
  const runs = project.runCount ?? 0;
  return `Project: ${project.path} (schema ${project.schemaVersion}, ${runs} run${runs === 1 ? '' : 's'})`;
}

/**
 * The diagnostics as text, for `coherence-lab doctor` and Help → Diagnostics: versions,
 * every training backend with why it is or is not used, threads, SQLite and paths.
 */
export function formatDiagnostics(report: DiagnosticsReport): string {
  const { runtime } = report;
  const lines = [
    `Coherence Lab ${report.appVersion}`,
    `Runtime: Node ${runtime.node}` +
      (runtime.electron ? `, Electron ${runtime.electron}, Chromium ${runtime.chrome}` : '') +
      `, V8 ${runtime.v8}, ${runtime.platform}-${runtime.arch}`,
    '',
    `Training backends (tried in this order; runs use ${usedBackendLabel(report)}):`,
    ...report.backends.map(backendLine),
    '',
    `Threads: ${report.threads.cpus} logical CPUs, ${report.threads.trainingProcesses} training process${report.threads.trainingProcesses === 1 ? '' : 'es'} at once`,
    `SQLite: ${report.sqlite.version} (better-sqlite3 ${report.sqlite.betterSqlite3}; addon: ${report.sqlite.addon})`,
    '',
    projectLine(report.project),
    `Data folder: ${report.paths.dataDir}`,
    `Dataset cache: ${report.paths.datasetCache}`,
  ];
  return lines.join('\n');
}
