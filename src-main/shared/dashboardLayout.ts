import { z } from 'zod';
import { xAxisSchema } from './xAxis';

/**
 * The compare view's dashboard as a project keeps it (API `dashboard.get` / `dashboard.save`):
 * which panels, in which order, each drawing which quantity, and the x-axis and smoothing all
 * panels share. Quantity ids are the renderer's (e.g. `accuracy/test`, `coherence/train`,
 * `accuracy/pristine+corrupt`); the back end checks their shape, the renderer shows a panel
 * whose id it does not know as such instead of guessing.
 */
export const DASHBOARD_MAX_PANELS = 24;

export const dashboardPanelSchema = z.strictObject({
  /** Stable within the layout: what the view keys the panel's chart by. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and - (1–40)'),
  quantity: z
    .string()
    .regex(/^[A-Za-z0-9/+._-]{1,100}$/, 'a quantity id such as accuracy/test (1–100 characters)'),
  logY: z.boolean().default(false),
});

export const dashboardLayoutSchema = z.strictObject({
  panels: z
    .array(dashboardPanelSchema)
    .max(DASHBOARD_MAX_PANELS)
    .refine((panels) => new Set(panels.map((p) => p.id)).size === panels.length, {
      message: 'panel ids must be unique',
    }),
  xAxis: xAxisSchema.default('step'),
  logX: z.boolean().default(false),
  /** Debiased-EMA weight in [0, 1) applied to every panel (0 = raw values). */
  smoothing: z.number().min(0).max(0.99).default(0),
});

export type DashboardPanel = z.output<typeof dashboardPanelSchema>;
export type DashboardLayout = z.output<typeof dashboardLayoutSchema>;
