import type { Clipboard } from 'electron';
import type { DiagnosticsReport } from '../api/contract';
import { formatDiagnostics, usedBackendLabel } from '../api/diagnosticsText';
import type { DesktopDialogs } from './desktopDialogs';
import type { DesktopApi } from './projectOpener';

export interface AboutPaths {
  /** Where the app keeps its settings (Electron's userData). */
  readonly settings: string;
  /** The packaged app's resources or the checkout. */
  readonly app: string;
}

/** Help → About: version, the training backend runs use, and where things are. */
export function aboutText(report: DiagnosticsReport, paths: AboutPaths): string {
  return [
    `Version ${report.appVersion}`,
    `Training backend: ${usedBackendLabel(report)}`,
    `Electron ${report.runtime.electron ?? '—'}, Chromium ${report.runtime.chrome ?? '—'}, Node ${report.runtime.node}`,
    '',
    `Project: ${report.project.path}`,
    `Data folder: ${report.paths.dataDir}`,
    `Dataset cache: ${report.paths.datasetCache}`,
    `Settings: ${paths.settings}`,
    `Application: ${paths.app}`,
    '',
    'Help → Diagnostics lists every backend and why it is or is not used.',
  ].join('\n');
}

export async function showAboutDialog(
  api: DesktopApi,
  dialogs: DesktopDialogs,
  paths: AboutPaths,
): Promise<void> {
  const report = await api.call('diagnostics', {});
  await dialogs.ask({
    type: 'info',
    title: 'About Coherence Lab',
    message: 'Coherence Lab',
    detail: aboutText(report, paths),
    buttons: ['OK'],
  });
}

/** Help → Diagnostics: the same report as `coherence-lab doctor`, with a Copy button. */
export async function showDiagnosticsDialog(
  api: DesktopApi,
  dialogs: DesktopDialogs,
  clipboard: Pick<Clipboard, 'writeText'>,
): Promise<void> {
  const text = formatDiagnostics(await api.call('diagnostics', {}));
  const answer = await dialogs.ask({
    type: 'info',
    title: 'Diagnostics',
    message: 'Coherence Lab diagnostics',
    detail: text,
    buttons: ['Copy to Clipboard', 'Close'],
    defaultId: 1,
    cancelId: 1,
  });
  if (answer === 0) clipboard.writeText(text);
}
