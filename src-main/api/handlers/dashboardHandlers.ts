import { dashboardLayoutSchema, type DashboardLayout } from '../../shared/dashboardLayout';
import type { ApiContext } from '../apiContext';

/** The project-settings key the compare dashboard is kept under. */
export const DASHBOARD_SETTING = 'compare.dashboard';

/**
 * The saved layout, validated again on the way out: a file from another version or edited by
 * hand may hold anything, and a layout that does not parse is reported as none (the view then
 * starts from its default) rather than handed to the renderer.
 */
export function readDashboard(ctx: ApiContext): { layout: DashboardLayout | null } {
  const stored = ctx.store.settings.get(DASHBOARD_SETTING);
  const parsed = dashboardLayoutSchema.safeParse(stored);
  return { layout: parsed.success ? parsed.data : null };
}

export function saveDashboard(ctx: ApiContext, layout: DashboardLayout): { ok: true } {
  ctx.store.settings.set(DASHBOARD_SETTING, layout);
  return { ok: true };
}
