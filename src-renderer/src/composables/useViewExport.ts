import {
  inject,
  onScopeDispose,
  provide,
  shallowRef,
  type InjectionKey,
  type ShallowRef,
} from 'vue';

/** What File → Export… (Ctrl/Cmd+E) does in the view on screen. */
export interface ViewExport {
  /** What gets exported, e.g. "the dashboard as an HTML report". */
  readonly what: string;
  /** Export it; resolves false when the person cancelled the save dialog. */
  run(): Promise<boolean>;
}

const viewExportKey: InjectionKey<ShallowRef<ViewExport | null>> = Symbol('view-export');

/** The app shell holds the current view's export (menu command and shortcut call it). */
export function provideViewExport(): ShallowRef<ViewExport | null> {
  const current = shallowRef<ViewExport | null>(null);
  provide(viewExportKey, current);
  return current;
}

/** A view says what Export… does while it is on screen. */
export function useViewExport(exporter: ViewExport): void {
  const current = inject(viewExportKey, null);
  if (!current) return;
  current.value = exporter;
  onScopeDispose(() => {
    if (current.value === exporter) current.value = null;
  });
}
