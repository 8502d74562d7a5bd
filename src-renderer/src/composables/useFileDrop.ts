import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import type { DesktopShell, LabClient } from '../../../src-main/api/contract';
import { bundleRunNames, droppedFileKind } from '../fileDrop/droppedFiles';
import type { FailureReporter } from './useFailureMessage';

/** A dropped bundle waiting for the person to confirm its import. */
export interface PendingImport {
  readonly fileName: string;
  readonly runNames: string[];
  readonly json: string;
}

export interface FileDropState {
  /** A file is being dragged over the window (the view shows where to drop). */
  readonly dragging: Ref<boolean>;
  readonly pendingImport: Ref<PendingImport | null>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
  /** What was done, for a notice (e.g. "Imported 2 runs: …"). */
  readonly notice: Ref<string | null>;
  /** Handle dropped files (what the window's drop listener calls; tests call it directly). */
  drop(files: readonly File[]): Promise<void>;
}

export interface FileDropActions {
  /** A project file was opened from a drop (the app re-reads the project and shows its runs). */
  projectOpened(): void;
  /** Runs were imported from a dropped bundle. */
  runsImported(runIds: number[]): void;
}

/**
 * Files dropped on the window: a `.clab` project is opened (its path comes from the desktop
 * shell; a browser page cannot see paths, so there it says how to open one instead), an
 * exported bundle (`.json`) is imported after a confirmation that names its runs. Files are
 * read with the File API in both the desktop app and the browser.
 */
export function useFileDrop(
  lab: LabClient,
  shell: DesktopShell | null,
  report: FailureReporter,
  actions: FileDropActions,
): FileDropState {
  const dragging = ref(false);
  const pendingImport = ref<PendingImport | null>(null);
  const notice = ref<string | null>(null);

  async function openProject(file: File): Promise<void> {
    const path = shell?.pathForFile(file) ?? '';
    if (!path) {
      throw new Error(
        `${file.name}: a dropped project can be opened in the desktop app; in the browser, open it by its path under Projects`,
      );
    }
    await lab['project.open']({ path });
    notice.value = `Opened ${file.name}`;
    actions.projectOpened();
  }

  async function offerImport(file: File): Promise<void> {
    const json = await file.text();
    const outline = bundleRunNames(json);
    if (!outline.ok) throw new Error(`${file.name} cannot be imported: ${outline.reason}`);
    pendingImport.value = { fileName: file.name, runNames: outline.names, json };
  }

  async function drop(files: readonly File[]): Promise<void> {
    for (const file of files) {
      try {
        const kind = droppedFileKind(file.name);
        if (kind === 'project') await openProject(file);
        else if (kind === 'bundle') await offerImport(file);
        else {
          throw new Error(
            `${file.name}: drop a project (.clab) to open it, or an exported bundle (.json) to import its runs`,
          );
        }
      } catch (e) {
        report(e);
      }
    }
  }

  const hasFiles = (event: DragEvent): boolean =>
    event.dataTransfer?.types.includes('Files') ?? false;
  function onDragOver(event: DragEvent): void {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragging.value = true;
  }
  function onDragLeave(event: DragEvent): void {
    // Leaving the window (not moving between its elements) has no related target.
    if (!event.relatedTarget) dragging.value = false;
  }
  function onDrop(event: DragEvent): void {
    dragging.value = false;
    if (!hasFiles(event)) return;
    event.preventDefault();
    void drop([...(event.dataTransfer?.files ?? [])]);
  }
  onMounted(() => {
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
  });
  onBeforeUnmount(() => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('dragleave', onDragLeave);
    window.removeEventListener('drop', onDrop);
  });

  return {
    dragging,
    pendingImport,
    notice,
    drop,
    cancelImport: () => (pendingImport.value = null),
    async confirmImport() {
      const pending = pendingImport.value;
      pendingImport.value = null;
      if (!pending) return;
      try {
        const { runIds } = await lab['runs.importJson']({ json: pending.json });
        notice.value = `Imported ${runIds.length} run${runIds.length === 1 ? '' : 's'} from ${pending.fileName}: ${pending.runNames.join(', ')}`;
        actions.runsImported(runIds);
      } catch (e) {
        report(e);
      }
    },
  };
}
