/**
 * The one Content-Security-Policy for the renderer, sent by the browser-mode server and by the
 * Electron session, and mirrored by the meta tag in src-renderer/index.html. Scripts only from
 * our own bundle; no eval, no plugins, no framing, no remote content. Styles allow inline
 * because ECharts writes style attributes into its tooltip markup; images allow data:/blob:
 * for chart exports and the example grids drawn to canvases.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
