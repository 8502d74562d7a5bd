import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../api/contract';

/**
 * The application menu as a template (pure, so it is testable without Electron): File
 * (New Project…, Open Project…, Open Recent, Export…), Run (New Run, Cancel), View.
 */
export function appMenuTemplate(
  recentProjects: readonly string[],
  send: (command: MenuCommand, argument?: string) => void,
  isMac: boolean,
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+Shift+N', click: () => send('project.new') },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => send('project.open') },
      {
        label: 'Open Recent',
        submenu: recentProjects.length
          ? recentProjects.map((path) => ({
              label: path,
              click: () => send('project.openRecent', path),
            }))
          : [{ label: 'No recent projects', enabled: false }],
      },
      { type: 'separator' },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => send('export') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const run: MenuItemConstructorOptions = {
    label: 'Run',
    submenu: [
      { label: 'New Run', accelerator: 'CmdOrCtrl+N', click: () => send('run.new') },
      { label: 'Cancel', accelerator: 'CmdOrCtrl+.', click: () => send('run.cancel') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    run,
    view,
  ];
}
