import type { DesktopShell, LabClient } from '../../../src-main/api/contract';
import { saveContent } from '../download/saveContent';

/**
 * Runs saved as one exported bundle (config, every point, probes, final weights): the file
 * `import` and a drop on the window read back.
 */
export function useRunBundleExport(
  lab: LabClient,
  shell: DesktopShell | null,
): (runIds: readonly number[]) => Promise<boolean> {
  return async (runIds) => {
    if (runIds.length === 0) {
      throw new Error('Select the runs to export first (tick them in the table).');
    }
    const { fileName, json } = await lab['runs.exportJson']({ runIds: [...runIds] });
    return saveContent(shell, fileName, json, 'application/json');
  };
}
