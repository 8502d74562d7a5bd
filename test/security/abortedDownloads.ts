import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabApiTransport } from '../../src-main/api/labApi';
import { startLabServer } from '../../src-main/server/labServer';

/** The static side needs no back end; the API is never called. */
const idleApi: LabApiTransport = {
  callUntyped: async () => null,
  subscribe: () => () => undefined,
};

/** Larger than every socket buffer on the way, so an aborted download stops mid-file. */
export const BIG_ASSET_BYTES = 8 * 1024 * 1024;

/** Open descriptors of a process (Linux /proc). */
export function openDescriptors(pid: number | 'self' = 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** GET a path, wait for the first body chunk, then drop the connection. Resolves the status. */
export function abortedDownload(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` } });
    req.on('response', (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') resolve(0);
      else reject(error);
    });
    req.end();
  });
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Serve a large asset from an in-process lab server, abort `downloads` GETs of it mid-file and
 * return how many more descriptors this process holds afterwards than before (after giving the
 * server a moment to clean up). 0 when aborted downloads close their files.
 */
export async function abortedDownloadsFdLeak(downloads: number): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'clab-fd-leak-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(staticDir, 'assets', 'chart-chunk.js'), Buffer.alloc(BIG_ASSET_BYTES, 0x61));
  const server = await startLabServer({ api: idleApi, staticDir });
  try {
    // Warm up the HTTP stack's lazily opened handles, then measure.
    await abortedDownload(server.port, '/assets/chart-chunk.js');
    await settle(300);
    const before = openDescriptors();
    for (let i = 0; i < downloads; i++) {
      await abortedDownload(server.port, '/assets/chart-chunk.js');
    }
    await settle(1000);
    return openDescriptors() - before;
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
