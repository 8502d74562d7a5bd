import { basename, dirname, join } from 'node:path';
import type { MenuCommand } from '../api/contract';
import { errorMessage, printable, type DesktopDialogs } from './desktopDialogs';
import type { DesktopApi } from './projectOpener';

/** Every application-menu action the main process implements (the menu template's handlers). */
export const menuActionNames = [
  'newProject',
  'openProject',
  'openRecent',
  'saveCopyAs',
  'importRuns',
  'exportCurrentView',
  'newRun',
  'cancelRun',
  'resumeRun',
  'showRuns',
  'showCompare',
  'showProjects',
  'showAbout',
  'showDiagnostics',
] as const;
export type MenuActionName = (typeof menuActionNames)[number];

/** Each resolves when its work is done (Electron ignores the promise; tests await it). */
export type MenuActions = {
  readonly [N in Exclude<MenuActionName, 'openRecent'>]: () => Promise<void>;
} & {
  /** Open one of the File → Open recent entries. */
  readonly openRecent: (path: string) => Promise<void>;
};

export interface MenuActionDeps {
  readonly api: DesktopApi;
  readonly dialogs: DesktopDialogs;
  /** Ask the renderer to do what depends on the current view. */
  readonly send: (command: MenuCommand) => void;
  readonly openProject: (path: string, options?: { create?: boolean }) => Promise<boolean>;
  readonly readTextFile: (path: string) => Promise<string>;
  readonly fileExists: (path: string) => boolean;
  /** Where New project suggests putting the file. */
  readonly documentsDir: string;
  readonly showAbout: () => Promise<void>;
  readonly showDiagnostics: () => Promise<void>;
}

const PROJECT_FILTERS = [{ name: 'Coherence Lab project', extensions: ['clab'] }];
const BUNDLE_FILTERS = [{ name: 'Coherence Lab runs (exported JSON)', extensions: ['json'] }];
/** Run names listed in the import confirmation before "… and N more". */
const NAMES_SHOWN = 20;

const withClabExtension = (path: string): string =>
  path.endsWith('.clab') ? path : `${path}.clab`;

/**
 * The run names of an exported bundle, for the import confirmation; null when the text is not
 * one (the import itself validates everything else and says what is wrong).
 */
export function bundleRunNames(json: string): string[] | null {
  try {
    const parsed = JSON.parse(json) as { format?: unknown; runs?: unknown };
    if (parsed.format !== 'coherence-lab-runs' || !Array.isArray(parsed.runs)) return null;
    return parsed.runs.map((run: unknown) => {
      const name = (run as { name?: unknown } | null)?.name;
      return typeof name === 'string' ? name : '(unnamed)';
    });
  } catch {
    return null;
  }
}

/** The confirmation text naming the runs an import adds. */
export function importConfirmation(
  names: readonly string[],
  projectName: string,
): { message: string; detail: string } {
  const listed = names.slice(0, NAMES_SHOWN).map((name) => `• ${printable(name)}`);
  if (names.length > NAMES_SHOWN) listed.push(`… and ${names.length - NAMES_SHOWN} more`);
  return {
    message: `Import ${names.length} run${names.length === 1 ? '' : 's'} into “${printable(projectName)}”?`,
    detail: listed.join('\n'),
  };
}

/**
 * The main-process side of every menu item: dialogs, API calls, and typed commands to the
 * renderer for what depends on the current view. Each action reports its own failure in an
 * error box; none throws into Electron's menu code.
 */
export function createMenuActions(deps: MenuActionDeps): MenuActions {
  const { api, dialogs, send } = deps;
  const guarded =
    (title: string, work: () => Promise<void>): (() => Promise<void>) =>
    () =>
      work().catch((error: unknown) => dialogs.showError(title, errorMessage(error)));
  /** Commands the renderer carries out for the current view. */
  const sending =
    (command: MenuCommand): (() => Promise<void>) =>
    async () =>
      send(command);

  const newProject = async (): Promise<void> => {
    const target = await dialogs.pickSaveTarget({
      title: 'New project',
      defaultPath: join(deps.documentsDir, 'experiments.clab'),
      filters: PROJECT_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (target !== null) await deps.openProject(withClabExtension(target), { create: true });
  };

  const openProject = async (): Promise<void> => {
    const path = await dialogs.pickFile({
      title: 'Open project',
      properties: ['openFile'],
      filters: PROJECT_FILTERS,
    });
    if (path !== null) await deps.openProject(path);
  };

  const saveCopyAs = async (): Promise<void> => {
    const info = await api.call('project.info', {});
    const chosen = await dialogs.pickSaveTarget({
      title: 'Save a copy of the project',
      defaultPath: join(dirname(info.path), `${basename(info.path, '.clab')} copy.clab`),
      filters: PROJECT_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (chosen === null) return;
    const target = withClabExtension(chosen);
    // The dialog asked before replacing the file it named; a name we extended was not asked about.
    const overwrite = target === chosen && deps.fileExists(target);
    const saved = await api.call('project.saveCopy', { path: target, overwrite });
    await dialogs.ask({
      type: 'info',
      message: 'Saved a copy of the project',
      detail: `${saved.path}\n\nThe open project is still ${info.path}.`,
      buttons: ['OK'],
    });
  };

  const importRuns = async (): Promise<void> => {
    const path = await dialogs.pickFile({
      title: 'Import runs',
      properties: ['openFile'],
      filters: BUNDLE_FILTERS,
    });
    if (path === null) return;
    const json = await deps.readTextFile(path);
    const names = bundleRunNames(json);
    if (names === null) {
      dialogs.showError(
        'Import runs',
        `${path} is not a runs bundle exported by Coherence Lab (File → Export… or \`coherence-lab export --format json\`).`,
      );
      return;
    }
    const info = await api.call('project.info', {});
    const { message, detail } = importConfirmation(names, info.name);
    const answer = await dialogs.ask({
      type: 'question',
      message,
      detail,
      buttons: ['Import', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
    });
    if (answer !== 0) return;
    await api.call('runs.importJson', { json });
    send({ command: 'navigate', view: 'runs' });
  };

  return {
    newProject: guarded('New project', newProject),
    openProject: guarded('Open project', openProject),
    openRecent: async (path) => {
      await deps.openProject(path);
    },
    saveCopyAs: guarded('Save a copy', saveCopyAs),
    importRuns: guarded('Import runs', importRuns),
    exportCurrentView: sending({ command: 'export' }),
    newRun: sending({ command: 'navigate', view: 'new-run' }),
    cancelRun: sending({ command: 'run.cancel' }),
    resumeRun: sending({ command: 'run.resume' }),
    showRuns: sending({ command: 'navigate', view: 'runs' }),
    showCompare: sending({ command: 'navigate', view: 'compare' }),
    showProjects: sending({ command: 'navigate', view: 'projects' }),
    showAbout: guarded('About Coherence Lab', deps.showAbout),
    showDiagnostics: guarded('Diagnostics', deps.showDiagnostics),
  };
}
