import { BrowserWindow, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/contentSecurityPolicy';
import type { AppSettings } from './appSettings';

export interface RendererLocation {
  /** What the window loads: the dev server URL, or the built index.html as a file URL. */
  readonly url: string;
  /** DevTools can be opened: only in an unpackaged (development) app. */
  readonly developerTools?: boolean;
}

/** The secure web preferences of every window (ARCHITECTURE example 3). */
export function secureWebPreferences(
  preloadPath: string,
  developerTools = false,
): Electron.WebPreferences {
  return {
    preload: preloadPath,
    devTools: developerTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Same document, ignoring the hash (the router lives there) and the query. */
export function isAppUrl(candidate: string, appUrl: string): boolean {
  try {
    const a = new URL(candidate);
    const b = new URL(appUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/**
 * Deny every navigation away from the app and every window.open; http(s) links a person
 * clicks open in the system browser instead.
 */
export function lockNavigation(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  // Every frame, not only the main one: the app has no frames of its own, so a subframe may
  // not navigate at all, and the main frame only within the app page.
  contents.on('will-frame-navigate', (details) => {
    if (!details.isMainFrame || !isAppUrl(details.url, appUrl)) details.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(
  settings: AppSettings,
  preloadPath: string,
  location: RendererLocation,
  /** The window icon on Linux (macOS and Windows take it from the app bundle / executable). */
  icon?: string,
): BrowserWindow {
  const window = new BrowserWindow({
    ...(icon === undefined ? {} : { icon }),
    width: settings.window.width,
    height: settings.window.height,
    x: settings.window.x,
    y: settings.window.y,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Coherence Lab',
    // The flags are repeated literally so static scanners (electronegativity, run in CI) see
    // them at the constructor; secureWebPreferences stays the one place that defines them.
    webPreferences: {
      ...secureWebPreferences(preloadPath, location.developerTools === true),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  if (settings.window.maximized) window.maximize();
  lockNavigation(window.webContents, location.url);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(location.url);
  return window;
}

/** The CSP as a response header too, for every response of the session (defence in depth). */
export function applyContentSecurityPolicy(session: Electron.Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  // The renderer needs no camera, notifications, clipboard reads, devices or the like: every
  // permission request is refused, and every permission check answers "not granted".
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
