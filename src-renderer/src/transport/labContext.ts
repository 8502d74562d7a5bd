import { inject, type InjectionKey } from 'vue';
import type { DesktopShell, LabClient } from '../../../src-main/api/contract';

export interface LabContext {
  readonly client: LabClient;
  readonly shell: DesktopShell | null;
}

export const labContextKey: InjectionKey<LabContext> = Symbol('lab');

/** The API client for a view; views never know which transport is behind it. */
export function useLab(): LabClient {
  return useLabContext().client;
}

export function useLabContext(): LabContext {
  const context = inject(labContextKey);
  if (!context) throw new Error('lab context missing: provide it in main.ts');
  return context;
}
