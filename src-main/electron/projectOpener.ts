import type { MenuCommand } from '../api/contract';
import type { LabApi } from '../api/labApi';
import { errorMessage, type DesktopDialogs } from './desktopDialogs';

/** The part of the API the desktop actions call (LabApi.call, with the main process's hooks). */
export type DesktopApi = Pick<LabApi, 'call'>;

/**
 * Open a project file in the app and show its runs: used by File → Open, Open recent, New
 * project, a `.clab` opened from the file manager and one handed over by a second launch.
 * Failures (missing file, not a project, newer schema) are shown, never thrown.
 */
export function createProjectOpener(
  api: DesktopApi,
  dialogs: DesktopDialogs,
  send: (command: MenuCommand) => void,
): (path: string, options?: { create?: boolean }) => Promise<boolean> {
  return async (path, options = {}) => {
    try {
      await api.call('project.open', { path, create: options.create === true });
      send({ command: 'navigate', view: 'runs' });
      return true;
    } catch (error) {
      dialogs.showError('Could not open the project', errorMessage(error));
      return false;
    }
  };
}
