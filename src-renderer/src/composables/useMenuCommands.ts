import { onBeforeUnmount, onMounted, type ShallowRef } from 'vue';
import type { Router } from 'vue-router';
import type { DesktopShell, LabClient, MenuCommand } from '../../../src-main/api/contract';
import type { FailureReporter } from './useFailureMessage';
import type { ViewExport } from './useViewExport';

/** The run the current view shows (live run, examples), if any. */
function currentRunId(router: Router): number | null {
  const runId = Number(router.currentRoute.value.params.runId);
  return runId > 0 ? runId : null;
}

/**
 * Application-menu commands (desktop): dialogs, opening projects, copies and imports run in the
 * main process; it sends here only what depends on the current view. File → Export… exports
 * what the view shows (`useViewExport`); in the browser, where there is no menu, Ctrl/Cmd+E
 * does the same.
 */
export function useMenuCommands(
  lab: LabClient,
  shell: DesktopShell | null,
  router: Router,
  viewExport: ShallowRef<ViewExport | null>,
  report: FailureReporter,
): { exportCurrentView(): Promise<void> } {
  async function exportCurrentView(): Promise<void> {
    const exporter = viewExport.value;
    try {
      if (!exporter) {
        throw new Error(
          'Nothing to export in this view: select runs in Runs, or open Compare or a run',
        );
      }
      await exporter.run();
    } catch (e) {
      report(e);
    }
  }

  async function onMenu(message: MenuCommand): Promise<void> {
    switch (message.command) {
      case 'navigate':
        await router.push({ name: message.view });
        break;
      case 'run.cancel':
      case 'run.resume': {
        const runId = currentRunId(router);
        if (runId === null) break;
        const call = message.command === 'run.cancel' ? lab['runs.cancel'] : lab['runs.resume'];
        await call({ runId }).catch(report);
        break;
      }
      case 'export':
        await exportCurrentView();
        break;
    }
  }

  function onKey(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'e') {
      event.preventDefault();
      void exportCurrentView();
    }
  }

  let stopMenu: (() => void) | undefined;
  onMounted(() => {
    stopMenu = shell?.onMenuCommand((message) => void onMenu(message));
    // The desktop menu's accelerator sends the export command itself.
    if (!shell) window.addEventListener('keydown', onKey);
  });
  onBeforeUnmount(() => {
    stopMenu?.();
    window.removeEventListener('keydown', onKey);
  });
  return { exportCurrentView };
}
