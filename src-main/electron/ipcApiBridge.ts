import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { toApiErrorBody } from '../api/apiError';
import type { ApiErrorBody } from '../api/contract';
import type { LabApiTransport } from '../api/labApi';
import { API_METHODS } from '../shared/apiNames';
import { apiChannel, EVENT_CHANNEL } from '../shared/ipcChannels';
import { isAppUrl } from './mainWindow';

/** Which windows are ours and which document they must show. */
export interface TrustedWindows {
  windows(): readonly BrowserWindow[];
  readonly appUrl: string;
}

/** A handler's answer over IPC: the result, or the structured error (never a stack trace). */
export type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

/**
 * True when an IPC message comes from the top frame of one of our windows showing our app.
 * Subframes, other web contents and navigated-away pages are refused (VS Code's
 * validatedIpcMain, Fiddle's ipc.ts).
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: TrustedWindows): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  const window = trusted
    .windows()
    .find((w) => !w.isDestroyed() && w.webContents.id === event.sender.id);
  if (!window) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url, trusted.appUrl);
}

const refused: IpcAnswer = {
  ok: false,
  error: {
    code: 'failed',
    message: 'refused: the request did not come from a Coherence Lab window',
  },
};

/**
 * The one wrapper registering IPC handlers: checks the sender, then runs the handler and turns
 * failures into `{ ok: false, error }`. Used for every contract method and the shell services.
 */
export function handleTrusted(
  ipcMain: IpcMain,
  channel: string,
  trusted: TrustedWindows,
  handler: (...args: unknown[]) => Promise<unknown>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<IpcAnswer> => {
    if (!isTrustedSender(event, trusted)) return refused;
    try {
      return { ok: true, result: await handler(...args) };
    } catch (error) {
      return { ok: false, error: toApiErrorBody(error) };
    }
  });
}

/**
 * Register every contract method on ipcMain (`lab:api:<method>`) and forward API events to our
 * windows on one channel. Returns a function that removes both.
 */
export function registerApiIpc(
  ipcMain: IpcMain,
  api: LabApiTransport,
  trusted: TrustedWindows,
  afterCall?: (method: string, result: unknown) => void,
): () => void {
  for (const method of API_METHODS) {
    handleTrusted(ipcMain, apiChannel(method), trusted, async (input) => {
      const result = await api.callUntyped(method, input);
      afterCall?.(method, result);
      return result;
    });
  }
  const unsubscribe = api.subscribe((event, payload) => {
    for (const window of trusted.windows()) {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const method of API_METHODS) ipcMain.removeHandler(apiChannel(method));
  };
}
