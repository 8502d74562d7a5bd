import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer, type LabServer, type ServedLabApi } from '../../src-main/server/labServer';
import { repoRoot } from '../cli/cliHarness';

/** The static side needs no back end; the API is never called in these tests. */
const idleApi: ServedLabApi = {
  call: async () => null,
  subscribe: () => () => undefined,
};

const root = mkdtempSync(join(tmpdir(), 'clab-static-'));
const staticDir = join(root, 'renderer');
const BIG_BYTES = 8 * 1024 * 1024;

beforeAll(() => {
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  // Larger than every socket buffer on the way, so an aborted download stops mid-file.
  writeFileSync(join(staticDir, 'assets', 'chart-chunk.js'), Buffer.alloc(BIG_BYTES, 0x61));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Open descriptors of this process (Linux /proc). */
function openDescriptors(pid: number | 'self' = 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** GET a path, read the status line and the first body chunk, then drop the connection. */
function abortedDownload(port: number, path: string): Promise<number> {
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

function get(port: number, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, bytes: -1 }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('static files: aborted downloads release their descriptors', () => {
  let server: LabServer;
  beforeAll(async () => {
    server = await startLabServer({ api: idleApi, staticDir });
  });
  afterAll(async () => server.close());

  it('leaves no file open after 100 downloads aborted mid-file', async () => {
    // Warm up (lazy handles of the HTTP stack), then measure.
    await abortedDownload(server.port, '/assets/chart-chunk.js');
    await settle(300);
    const before = openDescriptors();
    for (let i = 0; i < 100; i++) {
      expect(await abortedDownload(server.port, '/assets/chart-chunk.js')).toBe(200);
    }
    await settle(500);
    expect(openDescriptors() - before).toBeLessThanOrEqual(0);
    // The server still serves the whole file afterwards.
    expect(await get(server.port, '/assets/chart-chunk.js')).toEqual({
      status: 200,
      bytes: BIG_BYTES,
    });
  });
});

describe('static files: a file that vanishes while being served', () => {
  let child: ChildProcess;
  let port = 0;
  let exitCode: number | null | undefined;
  const home = mkdtempSync(join(tmpdir(), 'clab-static-home-'));
  const racyDir = join(root, 'racy');

  beforeAll(async () => {
    mkdirSync(racyDir, { recursive: true });
    writeFileSync(join(racyDir, 'index.html'), '<!doctype html><title>lab</title>');
    // The real `serve` command in its own process, so a crash shows as the process ending.
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'src-main/cli/index.ts'),
        'serve',
        '--renderer',
        racyDir,
        '--db',
        join(home, 'p.clab'),
        '--json',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, COHERENCE_LAB_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.once('exit', (code) => (exitCode = code));
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    port = Number(new URL((JSON.parse(line) as { url: string }).url).port);
  });
  afterAll(async () => {
    if (exitCode === undefined) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('answers 200 or 404 and keeps serving while the file is deleted and recreated (npm run build)', async () => {
    // Another process deletes and recreates the asset every millisecond or so, as a rebuild does.
    const target = join(racyDir, 'asset.js');
    const churn = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const body = Buffer.alloc(65536, 98);
         const nap = new Int32Array(new SharedArrayBuffer(4));
         for (;;) { fs.writeFileSync(${JSON.stringify(target)}, body); Atomics.wait(nap, 0, 0, 1);
                    fs.rmSync(${JSON.stringify(target)}, { force: true }); Atomics.wait(nap, 0, 0, 1); }`,
      ],
      { stdio: 'ignore' },
    );
    const statuses = new Map<number, number>();
    try {
      for (let round = 0; round < 60 && exitCode === undefined; round++) {
        const replies = await Promise.all(
          Array.from({ length: 10 }, () => get(port, '/asset.js').catch(() => null)),
        );
        for (const reply of replies) {
          if (reply && reply.bytes >= 0) {
            statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          }
        }
      }
    } finally {
      churn.kill('SIGKILL');
    }
    await settle(200);
    expect(exitCode, 'the server process ended').toBeUndefined();
    expect([...statuses.keys()].every((s) => s === 200 || s === 404)).toBe(true);
    // Both states were hit, so requests really raced the deletions.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(0);
    expect(await get(port, '/')).toMatchObject({ status: 200 });
  });

  it('keeps its descriptor count flat after aborted downloads', async () => {
    writeFileSync(join(racyDir, 'big.js'), Buffer.alloc(BIG_BYTES, 0x61));
    await abortedDownload(port, '/big.js');
    await settle(300);
    const before = openDescriptors(child.pid!);
    for (let i = 0; i < 50; i++) await abortedDownload(port, '/big.js');
    await settle(800);
    expect(openDescriptors(child.pid!) - before).toBeLessThanOrEqual(0);
  });
});
