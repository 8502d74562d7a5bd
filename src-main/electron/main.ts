/**
 * Electron main process, kept thin: one secure window, the typed API registered on IPC, the
 * application menu and its actions, `.clab` files opened from the system, native dialogs and
 * remembered settings. Training runs in utility processes started by the run manager through
 * UtilityTrainerLauncher.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, session } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLabApi, type LabApi } from '../api/labApi';
import type { MenuCommand, ProjectInfo } from '../api/contract';
import { defaultProjectPath } from '../store/projectPaths';
import { useSqliteNativeBinding } from '../store/sqliteBinding';
import { showAboutDialog, showDiagnosticsDialog } from './aboutDialogs';
import { appMenuTemplate } from './appMenu';
import { readSettings, settingsPath, writeSettings, type AppSettings } from './appSettings';
import { electronDialogs, errorMessage } from './desktopDialogs';
import { electronSqliteAddonPath, missingAddonMessage } from './electronNativeSqlite';
import {
  ProjectFileHandoff,
  projectFileFromArgv,
  registerFileAssociation,
} from './fileAssociation';
import { registerApiIpc, type TrustedWindows } from './ipcApiBridge';
import { MENU_CHANNEL } from '../shared/ipcChannels';
import { applyContentSecurityPolicy, createMainWindow } from './mainWindow';
import { createMenuActions, type MenuActions } from './menuActions';
import { createProjectOpener, type DesktopApi } from './projectOpener';
import { appPageUrl } from './rendererUrl';
import { registerShellIpc } from './shellHandlers';
import { UtilityTrainerLauncher } from './utilityTrainerLauncher';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const appUrl = appPageUrl(
  process.env.ELECTRON_RENDERER_URL,
  pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href,
);
const developerTools = !app.isPackaged;

const windows = new Set<BrowserWindow>();
const trusted: TrustedWindows = { windows: () => [...windows], appUrl };
const projectFiles = new ProjectFileHandoff();
const dialogs = electronDialogs(dialog, () => BrowserWindow.getFocusedWindow() ?? firstWindow());
let settings: AppSettings;
let api: LabApi | null = null;
let menuActions: MenuActions | null = null;

function firstWindow(): BrowserWindow | null {
  return [...windows][0] ?? null;
}

function focusMainWindow(): void {
  const window = firstWindow();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
}

if (!app.requestSingleInstanceLock()) {
  // The running instance gets our arguments (and any .clab in them) through second-instance.
  app.quit();
} else {
  registerFileAssociation(app, projectFiles, focusMainWindow);
  const launchedWith = projectFileFromArgv(process.argv, process.cwd());
  if (launchedWith !== null) projectFiles.receive(launchedWith);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
}

/** Point every SQLite connection (here and in trainers) at the addon built for Electron. */
function useElectronSqlite(): boolean {
  const addon = electronSqliteAddonPath({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    arch: process.arch,
  });
  if (!existsSync(addon)) {
    dialog.showErrorBox('Coherence Lab cannot start', missingAddonMessage(addon, app.isPackaged));
    app.exit(1);
    return false;
  }
  useSqliteNativeBinding(addon);
  return true;
}

/**
 * The project to start on: a file the app was opened with, else the last project, else the
 * default one. A file that cannot be opened is reported once the window is up.
 */
async function openApi(requested: string | null): Promise<{ lab: LabApi; failure: string | null }> {
  const launcher = new UtilityTrainerLauncher();
  let failure: string | null = null;
  if (requested !== null) {
    try {
      if (!existsSync(requested)) throw new Error(`${requested} does not exist`);
      return {
        lab: await createLabApi({ projectPath: requested, launcher, create: false }),
        failure,
      };
    } catch (error) {
      failure = errorMessage(error);
    }
  }
  if (settings.lastProject && existsSync(settings.lastProject)) {
    try {
      return {
        // Never recreate a last project that was deleted or replaced: fall back instead.
        lab: await createLabApi({ projectPath: settings.lastProject, launcher, create: false }),
        failure,
      };
    } catch {
      // The last project broke: start on the default one; the Projects view can reopen.
    }
  }
  return { lab: await createLabApi({ projectPath: defaultProjectPath(), launcher }), failure };
}

function saveSettings(patch: Partial<AppSettings>): void {
  settings = { ...settings, ...patch };
  try {
    writeSettings(settingsPath(app.getPath('userData')), settings);
  } catch {
    // Settings are a convenience; never fail a user action over them.
  }
}

function sendMenu(command: MenuCommand): void {
  const window = BrowserWindow.getFocusedWindow() ?? firstWindow();
  window?.webContents.send(MENU_CHANNEL, command);
}

async function rebuildMenu(): Promise<void> {
  if (!menuActions) return;
  const recent = ((await api?.call('project.recent', {}).catch(() => [])) ?? []) as string[];
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        recentProjects: recent.slice(0, 10),
        actions: menuActions,
        isMac: process.platform === 'darwin',
        developerTools,
      }),
    ),
  );
}

/** Whoever opened a project (renderer, menu, file association): remember it, refresh the menu. */
function afterCall(method: string, result: unknown): void {
  if (method === 'project.open') {
    saveSettings({ lastProject: (result as ProjectInfo).path });
    void rebuildMenu();
  }
}

function openWindow(): void {
  const icon =
    process.platform === 'linux' ? join(app.getAppPath(), 'resources', 'icon.png') : undefined;
  const window = createMainWindow(settings, preloadPath, { url: appUrl, developerTools }, icon);
  windows.add(window);
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    saveSettings({ window: { ...bounds, maximized: window.isMaximized() } });
  });
  window.on('closed', () => windows.delete(window));
}

async function start(): Promise<void> {
  settings = readSettings(settingsPath(app.getPath('userData')));
  if (!useElectronSqlite()) return;
  applyContentSecurityPolicy(session.defaultSession);
  const { lab, failure } = await openApi(projectFiles.takePending());
  api = lab;
  const desktopApi: DesktopApi = {
    call: async (method, input) => {
      const result = await lab.call(method, input);
      afterCall(method, result);
      return result;
    },
  };
  registerApiIpc(ipcMain, lab, trusted, afterCall);
  registerShellIpc(
    ipcMain,
    dialog,
    trusted,
    () => BrowserWindow.getFocusedWindow(),
    app.getPath('downloads'),
  );
  const openProject = createProjectOpener(desktopApi, dialogs, sendMenu);
  menuActions = createMenuActions({
    api: desktopApi,
    dialogs,
    send: sendMenu,
    openProject,
    readTextFile: (path) => readFile(path, 'utf8'),
    fileExists: existsSync,
    documentsDir: app.getPath('documents'),
    showAbout: () =>
      showAboutDialog(desktopApi, dialogs, {
        settings: app.getPath('userData'),
        app: app.getAppPath(),
      }),
    showDiagnostics: () => showDiagnosticsDialog(desktopApi, dialogs, clipboard),
  });
  await rebuildMenu();
  openWindow();
  if (failure !== null) dialogs.showError('Could not open the project', failure);
  projectFiles.deliverTo((path) => void openProject(path));
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
