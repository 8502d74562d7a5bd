import type { BrowserWindow, Dialog, IpcMain } from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { handleTrusted, type TrustedWindows } from './ipcApiBridge';
import { SHELL_CHANNELS } from '../shared/ipcChannels';

const PROJECT_FILTERS = [{ name: 'Coherence Lab project', extensions: ['clab'] }];

/** Native dialogs behind the same sender check as the API. */
export function registerShellIpc(
  ipcMain: IpcMain,
  dialog: Dialog,
  trusted: TrustedWindows,
  focused: () => BrowserWindow | null,
  downloadsDir: string,
): void {
  const parent = (): BrowserWindow | undefined => focused() ?? undefined;
  handleTrusted(ipcMain, SHELL_CHANNELS.pickProjectToOpen, trusted, async () => {
    const options = {
      title: 'Open project',
      properties: ['openFile' as const],
      filters: PROJECT_FILTERS,
    };
    const window = parent();
    const result = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  handleTrusted(ipcMain, SHELL_CHANNELS.pickProjectToCreate, trusted, async () => {
    const options = {
      title: 'New project',
      defaultPath: 'experiments.clab',
      filters: PROJECT_FILTERS,
    };
    const window = parent();
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  });
  handleTrusted(ipcMain, SHELL_CHANNELS.saveFile, trusted, async (name, content) => {
    if (
      typeof name !== 'string' ||
      !(typeof content === 'string' || content instanceof Uint8Array)
    ) {
      throw new Error('saveFile needs a file name and text or bytes');
    }
    // The renderer suggests a name only; the person picks the folder in the dialog.
    const options = { title: 'Export', defaultPath: join(downloadsDir, basename(name)) };
    const window = parent();
    const result = window
      ? await dialog.showSaveDialog(window, options)
      : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    await writeFile(result.filePath, content);
    return result.filePath;
  });
}
