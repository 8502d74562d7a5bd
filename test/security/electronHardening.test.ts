import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

/**
 * Issue 10 item 10: the Electron shell's remaining gaps, each checked against a mocked
 * `electron` module — the dev-server URL only outside packaged builds, no DevTools in
 * production menus or windows, subframe and main-frame navigation guarded by
 * `will-frame-navigate`, and permission checks (not only requests) denied by default.
 */
const electronState = vi.hoisted(() => ({ isPackaged: false }));

type Listener = (...args: unknown[]) => void;

class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(): void {}
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

const created: Array<Record<string, unknown>> = [];

vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = new FakeWebContents();
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
    maximize(): void {}
    once(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  }
  const app = {
    get isPackaged(): boolean {
      return electronState.isPackaged;
    },
  };
  return { app, BrowserWindow, shell: { openExternal: vi.fn() } };
});

const { appPageUrl } = await import('../../src-main/electron/rendererUrl');
const { appMenuTemplate } = await import('../../src-main/electron/appMenu');
const { applyContentSecurityPolicy, createMainWindow, lockNavigation } =
  await import('../../src-main/electron/mainWindow');
const { menuActionNames } = await import('../../src-main/electron/menuActions');

const BUILT = 'file:///opt/lab/resources/app.asar/out/renderer/index.html';
const APP_URL = 'file:///app/index.html';

function preventable<T extends object>(
  fields: T,
): T & { defaultPrevented: boolean; preventDefault: () => void } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

function templateFor(isPackaged: boolean): MenuItemConstructorOptions[] {
  const actions = Object.fromEntries(menuActionNames.map((name) => [name, async () => undefined]));
  return appMenuTemplate({
    recentProjects: [],
    actions: actions as never,
    isMac: false,
    developerTools: !isPackaged,
  });
}

describe('Electron hardening (issue 10 item 10)', () => {
  afterEach(() => {
    electronState.isPackaged = false;
  });

  it('honours ELECTRON_RENDERER_URL only when the app is not packaged', () => {
    const devServer = 'http://localhost:5173/';
    electronState.isPackaged = true;
    expect(appPageUrl(devServer, BUILT)).toBe(BUILT);
    expect(appPageUrl('https://evil.example/', BUILT)).toBe(BUILT);
    electronState.isPackaged = false;
    expect(appPageUrl(devServer, BUILT)).toBe(devServer);
    expect(appPageUrl(undefined, BUILT)).toBe(BUILT);
    // Even in development only a dev server on this machine becomes the trusted page.
    expect(appPageUrl('https://evil.example/', BUILT)).toBe(BUILT);
    expect(appPageUrl('file:///tmp/other.html', BUILT)).toBe(BUILT);
    expect(appPageUrl('not a url', BUILT)).toBe(BUILT);
  });

  it('keeps DevTools and reload out of production menus and windows', () => {
    const roles = (template: MenuItemConstructorOptions[]): string[] =>
      flatten(template).flatMap((item) => (item.role ? [item.role.toLowerCase()] : []));
    expect(roles(templateFor(true))).not.toContain('toggledevtools');
    expect(roles(templateFor(true))).not.toContain('reload');
    expect(roles(templateFor(true))).not.toContain('forcereload');
    expect(roles(templateFor(false))).toContain('toggledevtools');

    createMainWindow(
      { window: { width: 1000, height: 700, maximized: false }, lastProject: null },
      '/app/preload.cjs',
      { url: APP_URL, developerTools: false },
    );
    expect((created.at(-1)?.webPreferences as Record<string, unknown>).devTools).toBe(false);
    createMainWindow(
      { window: { width: 1000, height: 700, maximized: false }, lastProject: null },
      '/app/preload.cjs',
      { url: APP_URL, developerTools: true },
    );
    expect((created.at(-1)?.webPreferences as Record<string, unknown>).devTools).toBe(true);
  });

  it('guards every frame navigation with will-frame-navigate', () => {
    const contents = new FakeWebContents();
    lockNavigation(contents as never, APP_URL);
    const attempt = (url: string, isMainFrame: boolean): boolean => {
      const event = preventable({ url, isMainFrame, isSameDocument: false, frame: null });
      contents.emit('will-frame-navigate', event);
      return event.defaultPrevented;
    };
    expect(attempt('https://evil.example/', true)).toBe(true);
    expect(attempt('https://evil.example/', false)).toBe(true);
    expect(attempt('file:///etc/passwd', false)).toBe(true);
    // The app has no frames of its own: a subframe showing even the app page is refused.
    expect(attempt(`${APP_URL}#/runs`, false)).toBe(true);
    expect(attempt(`${APP_URL}#/runs`, true)).toBe(false);
  });

  it('denies permission checks by default, as well as permission requests', () => {
    type CheckHook = (contents: unknown, permission: string, origin: string) => boolean;
    type RequestHook = (c: unknown, p: string, callback: (granted: boolean) => void) => void;
    const hooks: { check?: CheckHook; request?: RequestHook } = {};
    applyContentSecurityPolicy({
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: (fn: RequestHook) => (hooks.request = fn),
      setPermissionCheckHandler: (fn: CheckHook) => (hooks.check = fn),
    } as never);
    expect(hooks.check).toBeTypeOf('function');
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'hid',
      'serial',
      'usb',
      'fullscreen',
    ]) {
      expect(hooks.check?.({}, permission, 'file://'), permission).toBe(false);
    }
    let granted: boolean | null = null;
    hooks.request?.({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });
});
