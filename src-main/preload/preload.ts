/**
 * The sandboxed preload (bundled as CommonJS): exposes `window.lab` — one named function per
 * contract method plus `on(event, cb)` — and `window.labShell` for native dialogs and menu
 * commands. Only this allow-list crosses the bridge; ipcRenderer itself never does.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiErrorBody, DesktopShell, MenuCommand, MenuCommandName } from '../api/contract';
import { API_METHODS, isApiEvent, type ApiEventName } from '../shared/apiNames';
import { apiChannel, EVENT_CHANNEL, MENU_CHANNEL, SHELL_CHANNELS } from '../shared/ipcChannels';

type IpcAnswer = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const answer = (await ipcRenderer.invoke(channel, ...args)) as IpcAnswer;
  if (answer.ok) return answer.result;
  // Only message survives contextBridge on Error objects; keep the code in front of it.
  const error = new Error(answer.error.message);
  error.name = `LabError:${answer.error.code}`;
  throw error;
}

const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: ApiEventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const lab: Record<string, unknown> = {
  on(event: ApiEventName, listener: (payload: unknown) => void): () => void {
    if (!isApiEvent(event)) throw new Error(`unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  },
};
for (const method of API_METHODS) {
  lab[method] = (input: unknown) => invoke(apiChannel(method), input ?? {});
}

/** The menu commands the main process sends (contract MenuCommand); anything else is dropped. */
const MENU_COMMANDS: Record<MenuCommandName, true> = {
  navigate: true,
  export: true,
  'run.cancel': true,
  'run.resume': true,
};

const menuListeners = new Set<(command: MenuCommand) => void>();
ipcRenderer.on(MENU_CHANNEL, (_event: IpcRendererEvent, message: MenuCommand) => {
  if (!Object.hasOwn(MENU_COMMANDS, message?.command)) return;
  for (const listener of menuListeners) listener(message);
});

const labShell: DesktopShell = {
  pickProjectToOpen: () => invoke(SHELL_CHANNELS.pickProjectToOpen) as Promise<string | null>,
  pickProjectToCreate: () => invoke(SHELL_CHANNELS.pickProjectToCreate) as Promise<string | null>,
  saveFile: (suggestedName, content) =>
    invoke(SHELL_CHANNELS.saveFile, String(suggestedName), content) as Promise<string | null>,
  onMenuCommand: (listener) => {
    menuListeners.add(listener);
    return () => menuListeners.delete(listener);
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('lab', lab);
contextBridge.exposeInMainWorld('labShell', labShell);
