import type { ApiMethodName } from './apiNames';

/** IPC channel names shared by main and preload (plain strings: the preload bundles no zod). */
export const apiChannel = (method: ApiMethodName): string => `lab:api:${method}`;
export const EVENT_CHANNEL = 'lab:event';
export const MENU_CHANNEL = 'lab:menu';
export const SHELL_CHANNELS = {
  pickProjectToOpen: 'lab:shell:pickProjectToOpen',
  pickProjectToCreate: 'lab:shell:pickProjectToCreate',
  saveFile: 'lab:shell:saveFile',
} as const;
