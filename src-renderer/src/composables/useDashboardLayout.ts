import { ref, type Ref } from 'vue';
import type { DashboardLayout, LabClient } from '../../../src-main/api/contract';
import { defaultDashboardLayout } from '../compare/dashboardLayout';
import { useDebounced } from './useDebounced';
import type { FailureReporter } from './useFailureMessage';

export interface DashboardLayoutState {
  /** The layout on screen: the project's saved one, or the default until one is saved. */
  readonly layout: Ref<DashboardLayout>;
  /** The project's layout has been read (before that the default is shown). */
  readonly loaded: Ref<boolean>;
  /** Show `next` at once and save it to the project (debounced: a dragged slider saves once). */
  change(next: DashboardLayout): void;
  /** Save what is on screen now, without waiting for the debounce. */
  flush(): Promise<void>;
}

/**
 * The compare dashboard's layout, kept in the open project (`dashboard.get` / `dashboard.save`)
 * so it comes back after a reload or on another machine with the project file.
 */
export function useDashboardLayout(
  lab: LabClient,
  report: FailureReporter,
  saveAfterMs = 300,
): DashboardLayoutState {
  const layout = ref<DashboardLayout>(defaultDashboardLayout());
  const loaded = ref(false);
  let edited = false;

  async function save(value: DashboardLayout): Promise<void> {
    try {
      await lab['dashboard.save']({ layout: value });
    } catch (e) {
      report(e);
    }
  }
  const scheduleSave = useDebounced((value: DashboardLayout) => void save(value), saveAfterMs);

  void (async () => {
    try {
      const stored = (await lab['dashboard.get']({})).layout;
      // A change made while the read was on its way wins over what was stored.
      if (stored && !edited) layout.value = stored;
    } catch (e) {
      report(e);
    } finally {
      loaded.value = true;
    }
  })();

  return {
    layout,
    loaded,
    change(next) {
      edited = true;
      layout.value = next;
      scheduleSave(next);
    },
    flush: () => save(layout.value),
  };
}
