import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Map a request path to a file strictly inside `root`, or null. The path is percent-decoded
 * once (so `%2e%2e` becomes `..`), then resolved, then checked to still lie under the root —
 * the check runs on the resolved path, so no spelling of `..` can escape. NUL bytes and
 * undecodable escapes are refused outright.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const target = resolve(base, relative);
  if (target !== base && !target.startsWith(base + sep)) return null;
  return target;
}

/** Serve one file from root; 404 for anything missing, outside the root or not a file. */
export async function serveStaticFile(
  root: string,
  pathname: string,
  response: ServerResponse,
  headOnly: boolean,
): Promise<void> {
  const target = resolveStaticPath(root, pathname);
  const info = target ? await stat(target).catch(() => null) : null;
  if (!target || !info || !info.isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('not found');
    return;
  }
  const type = CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(info.size),
    // Hashed bundle names may be cached; the page itself must be re-read after a rebuild.
    'Cache-Control': target.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
  });
  if (headOnly) {
    response.end();
    return;
  }
  createReadStream(target).pipe(response);
}
