import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
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

/** Why a file cannot be served, answered before any byte of it is sent. */
const NOT_FOUND = { status: 404, text: 'not found' } as const;

/**
 * Serve one file from root; 404 for anything missing, outside the root or not a regular file.
 *
 * The file is opened first and then described through the open handle (fstat), so it cannot
 * vanish between a size check and the open (a rebuild while serving): whatever was opened is
 * what gets sent, in full. O_NONBLOCK keeps a FIFO placed in the folder from blocking the open.
 * The handle is owned by the read stream, and `pipeline` destroys the stream (closing the
 * handle) when the client goes away mid-file, so aborted downloads never leak descriptors. No
 * error here escapes to the process: before the headers it becomes a 404/500, after them the
 * connection is cut.
 */
export async function serveStaticFile(
  root: string,
  pathname: string,
  response: ServerResponse,
  headOnly: boolean,
): Promise<void> {
  const target = resolveStaticPath(root, pathname);
  if (!target) return sendPlain(response, NOT_FOUND);
  let handle: FileHandle;
  try {
    handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return sendPlain(response, openFailure(error));
  }
  let size: number;
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return sendPlain(response, NOT_FOUND);
    }
    size = info.size;
  } catch {
    await handle.close().catch(() => undefined);
    return sendPlain(response, { status: 500, text: 'could not read the file' });
  }
  const type = CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(size),
    // Hashed bundle names may be cached; the page itself must be re-read after a rebuild.
    'Cache-Control': target.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
  });
  if (headOnly || size === 0) {
    await handle.close();
    response.end();
    return;
  }
  // `end` bounds the read to the size announced in Content-Length even if the file grows.
  const stream = handle.createReadStream({ start: 0, end: size - 1 });
  try {
    await pipeline(stream, response);
  } catch {
    // The client went away or the read failed mid-file: pipeline has already destroyed both
    // sides (closing the handle); there is nobody left to answer.
  }
}

function openFailure(error: unknown): { status: number; text: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP') {
    return NOT_FOUND;
  }
  // EMFILE/ENFILE (out of descriptors), EACCES, EIO…: the file may exist but cannot be served now.
  return {
    status: code === 'EMFILE' || code === 'ENFILE' ? 503 : 500,
    text: 'could not read the file',
  };
}

function sendPlain(response: ServerResponse, reply: { status: number; text: string }): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(reply.status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(reply.text);
}
