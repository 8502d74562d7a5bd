import type {
  BrowserWindow,
  Dialog,
  MessageBoxOptions,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';

/**
 * The native dialogs the main-process actions use, attached to the focused window when there
 * is one. An interface of its own so the actions are testable with a scripted stand-in.
 */
export interface DesktopDialogs {
  /** The chosen file, or null when cancelled. */
  pickFile(options: OpenDialogOptions): Promise<string | null>;
  /** The chosen target path, or null when cancelled. */
  pickSaveTarget(options: SaveDialogOptions): Promise<string | null>;
  /** The index of the button pressed. */
  ask(options: MessageBoxOptions): Promise<number>;
  showError(title: string, message: string): void;
}

export function electronDialogs(
  dialog: Dialog,
  parent: () => BrowserWindow | null,
): DesktopDialogs {
  return {
    async pickFile(options) {
      const window = parent();
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickSaveTarget(options) {
      const window = parent();
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async ask(options) {
      const window = parent();
      const result = window
        ? await dialog.showMessageBox(window, options)
        : await dialog.showMessageBox(options);
      return result.response;
    },
    showError(title, message) {
      dialog.showErrorBox(title, message);
    },
  };
}

/** What went wrong, in the words of the error (ApiError bodies carry their message). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Text from files and bundles shown in a native dialog: control and bidi-override characters
 * removed, so a crafted run name cannot reorder or hide what the confirmation says.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
