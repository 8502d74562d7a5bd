/**
 * The shell every self-contained HTML report shares: a strict CSP that allows nothing to load
 * (inline styles only; the charts are inline SVG), one stylesheet, and HTML escaping.
 */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A complete document: `body` is trusted HTML built with escapeHtml, the title is escaped here. */
export function renderHtmlPage(input: {
  title: string;
  extraStyle?: string;
  body: string;
}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}figure{margin:1.5rem 0}.note{color:#666}
${input.extraStyle ?? ''}</style></head><body>
${input.body}
</body></html>
`;
}
