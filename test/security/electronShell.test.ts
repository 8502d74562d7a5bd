import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * The Electron shell's security settings, checked against a mocked `electron` module: what the
 * window is created with, which navigations and window.open calls are denied, the CSP sent
 * with every response, permission requests, and the IPC sender check.
 */
const created: Array<Record<string, unknown>> = [];
const openExternal = vi.fn();

type Listener = (...args: unknown[]) => void;

class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly id = 7;
  mainFrame = { url: 'file:///app/index.html' };
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

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
    isDestroyed(): boolean {
      return false;
    }
  }
  return {
    BrowserWindow,
    shell: { openExternal },
    default: { BrowserWindow, shell: { openExternal } },
  };
});

const { createMainWindow, applyContentSecurityPolicy, lockNavigation } =
  await import('../../src-main/electron/mainWindow');
const { isTrustedSender } = await import('../../src-main/electron/ipcApiBridge');
const { CONTENT_SECURITY_POLICY } = await import('../../src-main/shared/contentSecurityPolicy');

const APP_URL = 'file:///app/index.html';
const settings = { window: { width: 1200, height: 800, x: 0, y: 0, maximized: false } };

function preventable(): { defaultPrevented: boolean; preventDefault: () => void } {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

describe('the Electron window', () => {
  it('is created with isolation, sandbox, no Node and web security on', () => {
    createMainWindow(settings as never, '/app/preload.cjs', { url: APP_URL });
    const prefs = created.at(-1)?.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.experimentalFeatures).not.toBe(true);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('denies navigation away from the app, window.open and webviews', () => {
    const contents = new FakeWebContents();
    lockNavigation(contents as never, APP_URL);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'http://127.0.0.1:1/',
      'javascript:alert(1)',
    ]) {
      for (const event of ['will-navigate', 'will-redirect']) {
        const e = preventable();
        contents.emit(event, e, url);
        expect(e.defaultPrevented, `${event} ${url}`).toBe(true);
      }
    }
    const inApp = preventable();
    contents.emit('will-navigate', inApp, `${APP_URL}#/runs`);
    expect(inApp.defaultPrevented).toBe(false);
    for (const url of [
      'https://example.org/',
      'http://evil.example/',
      'file:///etc/passwd',
      APP_URL,
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    // Only https links go to the system browser; nothing else is handed to the OS.
    expect(openExternal.mock.calls.map((c) => c[0])).toEqual(['https://example.org/']);
    const webview = preventable();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('sends the CSP with every response and denies every permission request', () => {
    type HeadersHook = (details: unknown, callback: (r: unknown) => void) => void;
    type PermissionHook = (c: unknown, p: string, callback: (granted: boolean) => void) => void;
    const hooks: { headers?: HeadersHook; permission?: PermissionHook } = {};
    applyContentSecurityPolicy({
      webRequest: { onHeadersReceived: (fn: HeadersHook) => (hooks.headers = fn) },
      setPermissionRequestHandler: (fn: PermissionHook) => (hooks.permission = fn),
      setPermissionCheckHandler: () => undefined,
    } as never);
    let headers: Record<string, string[]> = {};
    hooks.headers?.(
      { responseHeaders: { 'Content-Security-Policy': ['default-src *'] } },
      (r: unknown) => {
        headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders;
      },
    );
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      let granted: boolean | null = null;
      hooks.permission?.({}, permission, (g: boolean) => (granted = g));
      expect(granted, permission).toBe(false);
    }
  });

  it('uses a strict CSP, mirrored by the renderer page', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
    const html = readFileSync(resolve('src-renderer/index.html'), 'utf8').replace(/\s+/g, ' ');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    // frame-ancestors is ignored in a meta tag (header only), so the page carries the rest.
    const withoutFrameAncestors = CONTENT_SECURITY_POLICY.split('; ')
      .filter((d: string) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta?.[1].replace(/\s+/g, ' ').trim()).toBe(withoutFrameAncestors);
  });

  it('answers IPC only from the top frame of our own window showing the app', () => {
    const contents = new FakeWebContents();
    const window = { isDestroyed: () => false, webContents: contents };
    const trusted = { windows: () => [window as never], appUrl: APP_URL };
    const from = (senderId: number, frame: { url: string } | null, top = true): boolean =>
      isTrustedSender(
        {
          sender: { id: senderId, mainFrame: top ? frame : { url: APP_URL } },
          senderFrame: frame,
        } as never,
        trusted,
      );
    expect(from(7, { url: APP_URL })).toBe(true);
    expect(from(8, { url: APP_URL })).toBe(false);
    expect(from(7, { url: 'https://evil.example/' })).toBe(false);
    expect(from(7, { url: APP_URL }, false)).toBe(false);
    expect(from(7, null)).toBe(false);
  });
});
