import { app } from 'electron';

/** A dev server on this machine (electron-vite's `http://localhost:5173/`), nothing else. */
function isLocalDevServer(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
      ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * The document every window shows and the one IPC trusts. `ELECTRON_RENDERER_URL` (set by
 * `electron-vite dev` for hot reload) is honoured only in an unpackaged app and only for a
 * local dev server: in a packaged build an environment variable must never make another page
 * the trusted app page with full IPC.
 */
export function appPageUrl(devServerUrl: string | undefined, builtIndexUrl: string): string {
  if (!app.isPackaged && devServerUrl !== undefined && isLocalDevServer(devServerUrl)) {
    return devServerUrl;
  }
  return builtIndexUrl;
}
