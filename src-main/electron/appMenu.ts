import type { MenuItemConstructorOptions } from 'electron';
import type { MenuActions } from './menuActions';

export interface AppMenuOptions {
  /** Most recent first; the first nine get Ctrl/Cmd+Alt+1…9. */
  readonly recentProjects: readonly string[];
  readonly actions: MenuActions;
  readonly isMac: boolean;
  /** Reload and Toggle DevTools: only in an unpackaged (development) app, never in production. */
  readonly developerTools: boolean;
}

/**
 * The application menu as a template (pure, so it is testable without Electron). Every item
 * either calls one of the main process's menu actions or is one of Electron's built-in roles,
 * and every action item shows its keyboard shortcut.
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { actions, isMac, recentProjects } = options;
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+Shift+N', click: actions.newProject },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: actions.openProject },
      {
        label: 'Open Recent',
        submenu: recentProjects.length
          ? recentProjects.map((path, index) => ({
              label: path,
              accelerator: index < 9 ? `CmdOrCtrl+Alt+${index + 1}` : undefined,
              click: () => actions.openRecent(path),
            }))
          : [{ label: 'No recent projects', enabled: false }],
      },
      { label: 'Save a Copy As…', accelerator: 'CmdOrCtrl+Shift+S', click: actions.saveCopyAs },
      { type: 'separator' },
      { label: 'Import Runs…', accelerator: 'CmdOrCtrl+I', click: actions.importRuns },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: actions.exportCurrentView },
      { type: 'separator' },
      { role: 'close', accelerator: 'CmdOrCtrl+W' },
      ...(isMac ? [] : [{ role: 'quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };
  const run: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: [
      { label: 'New Run', accelerator: 'CmdOrCtrl+N', click: actions.newRun },
      // New Sweep joins here once sweeps exist.
      { type: 'separator' },
      { label: 'Cancel Run', accelerator: 'CmdOrCtrl+.', click: actions.cancelRun },
      { label: 'Resume Run', accelerator: 'CmdOrCtrl+Shift+R', click: actions.resumeRun },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Runs', accelerator: 'CmdOrCtrl+1', click: actions.showRuns },
      { label: 'Compare', accelerator: 'CmdOrCtrl+2', click: actions.showCompare },
      { label: 'Projects', accelerator: 'CmdOrCtrl+3', click: actions.showProjects },
      { type: 'separator' },
      { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      { type: 'separator' },
      { role: 'togglefullscreen', accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11' },
      ...(options.developerTools
        ? ([
            { type: 'separator' },
            { role: 'reload', accelerator: 'CmdOrCtrl+R' },
            { role: 'toggleDevTools', accelerator: isMac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' },
          ] as const)
        : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      {
        label: 'Diagnostics',
        accelerator: 'CmdOrCtrl+Shift+D',
        click: actions.showDiagnostics,
      },
      { type: 'separator' },
      { label: 'About Coherence Lab', accelerator: 'F1', click: actions.showAbout },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    run,
    view,
    ...(isMac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    help,
  ];
}
