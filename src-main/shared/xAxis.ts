import { z } from 'zod';

/**
 * The positions every stored point carries, any of which a chart can use as its x-axis
 * (ARCHITECTURE example 9): optimizer step, epoch, examples seen and training wall time.
 */
export const X_AXES = ['step', 'epoch', 'examplesSeen', 'wallMs'] as const;
export const xAxisSchema = z.enum(X_AXES);
export type XAxis = (typeof X_AXES)[number];
