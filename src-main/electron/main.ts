/**
 * Electron main process, kept thin: one secure window, the typed API registered on IPC, the
 * application menu, native dialogs and remembered settings. Training runs in utility processes
 * started by the run manager through UtilityTrainerLauncher.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLabApi, type LabApi } from '../api/labApi';
import type { MenuCommand, ProjectInfo } from '../api/contract';
import { defaultProjectPath } from '../store/projectPaths';
import { appMenuTemplate } from './appMenu';
import { readSettings, settingsPath, writeSettings, type AppSettings } from './appSettings';
import { registerApiIpc, type TrustedWindows } from './ipcApiBridge';
import { MENU_CHANNEL } from '../shared/ipcChannels';
import { applyContentSecurityPolicy, createMainWindow } from './mainWindow';
import { registerShellIpc } from './shellHandlers';
import { UtilityTrainerLauncher } from './utilityTrainerLauncher';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const appUrl =
  process.env.ELECTRON_RENDERER_URL ??
  pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href;

const windows = new Set<BrowserWindow>();
const trusted: TrustedWindows = { windows: () => [...windows], appUrl };
let settings: AppSettings;
let api: LabApi | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = [...windows][0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
}

async function openApi(): Promise<LabApi> {
  const launcher = new UtilityTrainerLauncher();
  if (settings.lastProject) {
    try {
      return await createLabApi({ projectPath: settings.lastProject, launcher });
    } catch {
      // The last project moved or broke: start on the default one; the Projects view can reopen.
    }
  }
  return createLabApi({ projectPath: defaultProjectPath(), launcher });
}

function saveSettings(patch: Partial<AppSettings>): void {
  settings = { ...settings, ...patch };
  try {
    writeSettings(settingsPath(app.getPath('userData')), settings);
  } catch {
    // Settings are a convenience; never fail a user action over them.
  }
}

function sendMenu(command: MenuCommand, argument?: string): void {
  const window = BrowserWindow.getFocusedWindow() ?? [...windows][0];
  window?.webContents.send(MENU_CHANNEL, command, argument ?? null);
}

async function rebuildMenu(): Promise<void> {
  const recent = ((await api?.call('project.recent', {}).catch(() => [])) ?? []) as string[];
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(recent.slice(0, 10), sendMenu, process.platform === 'darwin'),
    ),
  );
}

function openWindow(): void {
  const window = createMainWindow(settings, preloadPath, { url: appUrl });
  windows.add(window);
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    saveSettings({ window: { ...bounds, maximized: window.isMaximized() } });
  });
  window.on('closed', () => windows.delete(window));
}

async function start(): Promise<void> {
  settings = readSettings(settingsPath(app.getPath('userData')));
  applyContentSecurityPolicy(session.defaultSession);
  const lab = await openApi();
  api = lab;
  registerApiIpc(ipcMain, lab, trusted, (method, result) => {
    if (method === 'project.open') {
      saveSettings({ lastProject: (result as ProjectInfo).path });
      void rebuildMenu();
    }
  });
  registerShellIpc(
    ipcMain,
    dialog,
    trusted,
    () => BrowserWindow.getFocusedWindow(),
    app.getPath('downloads'),
  );
  await rebuildMenu();
  openWindow();
  app.on('activate', () => {
    if (windows.size === 0) openWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the API (which stops trainer processes cleanly) before quitting.
let closing = false;
app.on('before-quit', (event) => {
  if (closing || !api) return;
  event.preventDefault();
  closing = true;
  void api.close().finally(() => app.quit());
});
