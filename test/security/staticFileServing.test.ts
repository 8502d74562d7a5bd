import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/cliHarness';
import {
  BIG_ASSET_BYTES,
  abortedDownload,
  abortedDownloadsFdLeak,
  openDescriptors,
} from './abortedDownloads';

const root = mkdtempSync(join(tmpdir(), 'clab-static-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

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
  it('leaves no file open after 100 downloads aborted mid-file', async () => {
    expect(await abortedDownloadsFdLeak(100)).toBeLessThanOrEqual(0);
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
    writeFileSync(join(racyDir, 'big.js'), Buffer.alloc(BIG_ASSET_BYTES, 0x61));
    await abortedDownload(port, '/big.js');
    await settle(300);
    const before = openDescriptors(child.pid!);
    for (let i = 0; i < 50; i++) await abortedDownload(port, '/big.js');
    await settle(800);
    expect(openDescriptors(child.pid!) - before).toBeLessThanOrEqual(0);
    // And it still serves the whole file.
    expect(await get(port, '/big.js')).toEqual({ status: 200, bytes: BIG_ASSET_BYTES });
  });
});
