import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Minimal stand-ins for the Electron objects the shell touches. */
class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { url: '' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: unknown[][] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

const electronMock = vi.hoisted(() => {
  const created: Array<{ options: Record<string, unknown>; window: unknown }> = [];
  const openExternal = vi.fn(async () => undefined);
  return { created, openExternal };
});

vi.mock('electron', () => {
  class BrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl = '';
    constructor(readonly options: Record<string, unknown>) {
      super();
      electronMock.created.push({ options, window: this });
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    maximize(): void {}
    show(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }
  return { BrowserWindow, shell: { openExternal: electronMock.openExternal } };
});

const { createMainWindow, isAppUrl } = await import('../../src-main/electron/mainWindow');
const { registerApiIpc, isTrustedSender } = await import('../../src-main/electron/ipcApiBridge');
const { DEFAULT_SETTINGS } = await import('../../src-main/electron/appSettings');
type MainWindow = BrowserWindow & {
  loadedUrl: string;
  webContents: FakeWebContents;
  options: Record<string, unknown>;
};

const APP_URL = 'file:///opt/lab/out/renderer/index.html';

function openWindow(): MainWindow {
  return createMainWindow(DEFAULT_SETTINGS, '/opt/lab/out/preload/index.cjs', {
    url: APP_URL,
  }) as unknown as MainWindow;
}

class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>): void {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

describe('main window', () => {
  beforeEach(() => electronMock.created.splice(0));

  it('uses secure web preferences and the CommonJS preload', () => {
    const window = openWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/opt/lab/out/preload/index.cjs',
    });
    expect(window.loadedUrl).toBe(APP_URL);
  });

  it('denies navigation away from the app', () => {
    const window = openWindow();
    const navigate = (url: string): boolean => {
      const event = {
        defaultPrevented: false,
        preventDefault(): void {
          this.defaultPrevented = true;
        },
      };
      window.webContents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${APP_URL}#/compare`)).toBe(false);
  });

  it('denies window.open, sending https links to the system browser', () => {
    const window = openWindow();
    expect(
      window.webContents.windowOpenHandler?.({ url: 'https://arxiv.org/abs/2203.10036' }),
    ).toEqual({ action: 'deny' });
    expect(electronMock.openExternal).toHaveBeenCalledWith('https://arxiv.org/abs/2203.10036');
    expect(window.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({
      action: 'deny',
    });
    expect(electronMock.openExternal).toHaveBeenCalledTimes(1);
  });

  it('compares app URLs ignoring hash and query only', () => {
    expect(isAppUrl(`${APP_URL}#/runs/3`, APP_URL)).toBe(true);
    expect(isAppUrl('file:///opt/lab/out/renderer/other.html', APP_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
  });
});

describe('IPC bridge', () => {
  function setUp(): {
    ipc: FakeIpcMain;
    window: MainWindow;
    calls: Array<[string, unknown]>;
    emit: (event: string, payload: unknown) => void;
  } {
    const window = openWindow();
    const ipc = new FakeIpcMain();
    const calls: Array<[string, unknown]> = [];
    let listener: ((event: never, payload: unknown) => void) | null = null;
    registerApiIpc(
      ipc as never,
      {
        callUntyped: async (method, input) => {
          calls.push([method, input]);
          return { answered: method };
        },
        subscribe: (l) => {
          listener = l as never;
          return () => undefined;
        },
      },
      { windows: () => [window as never], appUrl: APP_URL },
    );
    return { ipc, window, calls, emit: (event, payload) => listener?.(event as never, payload) };
  }

  const eventFrom = (contents: FakeWebContents, frame: { url: string } | null): unknown => ({
    sender: contents,
    senderFrame: frame,
  });

  it('registers every contract method and answers our window', async () => {
    const { ipc, window, calls } = setUp();
    const { apiInputs } = await import('../../src-main/api/contract');
    expect([...ipc.handlers.keys()].sort()).toEqual(
      Object.keys(apiInputs)
        .map((m) => `lab:api:${m}`)
        .sort(),
    );
    const answer = await ipc.handlers.get('lab:api:runs.list')!(
      eventFrom(window.webContents, window.webContents.mainFrame),
      { tag: 'x' },
    );
    expect(answer).toEqual({ ok: true, result: { answered: 'runs.list' } });
    expect(calls).toEqual([['runs.list', { tag: 'x' }]]);
  });

  it('rejects unknown senders, subframes and navigated-away frames', async () => {
    const { ipc, window, calls } = setUp();
    const handler = ipc.handlers.get('lab:api:runs.delete')!;
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = APP_URL;
    const refusals = [
      eventFrom(stranger, stranger.mainFrame),
      eventFrom(window.webContents, { url: APP_URL }),
      eventFrom(window.webContents, null),
    ];
    for (const event of refusals) {
      expect(await handler(event, { runId: 1 })).toMatchObject({
        ok: false,
        error: { code: 'failed' },
      });
    }
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(
      await handler(eventFrom(window.webContents, window.webContents.mainFrame), { runId: 1 }),
    ).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    expect(
      isTrustedSender(eventFrom(stranger, stranger.mainFrame) as never, {
        windows: () => [window as never],
        appUrl: APP_URL,
      }),
    ).toBe(false);
  });

  it('forwards API events to our windows on one channel', async () => {
    const { window, emit } = setUp();
    emit('run.progress', { runId: 1, done: 5, total: 60, rate: 30, etaSec: 2 });
    expect(window.webContents.sent).toEqual([
      ['lab:event', 'run.progress', { runId: 1, done: 5, total: 60, rate: 30, etaSec: 2 }],
    ]);
  });
});
