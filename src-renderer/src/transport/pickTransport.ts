import type { DesktopShell, LabClient } from '../../../src-main/api/contract';
import { createHttpLabClient } from './httpLabClient';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    readonly lab?: LabClient;
    readonly labShell?: DesktopShell;
  }
}

const TOKEN_KEY = 'coherence-lab.token';

/**
 * Pick the transport once at start: the preload's `window.lab` in Electron, else the HTTP +
 * server-sent-events client. In browser mode the token arrives in the page URL; keep it in
 * session storage and take it out of the address bar so it is not bookmarked or shared.
 */
export function pickTransport(): { client: LabClient; shell: DesktopShell | null } {
  if (window.lab) return { client: window.lab, shell: window.labShell ?? null };
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.toString());
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  return { client: createHttpLabClient(window.location.origin, token), shell: null };
}
