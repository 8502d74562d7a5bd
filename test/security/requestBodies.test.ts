import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { startLabServer, type LabServer } from '../../src-main/server/labServer';
import { syntheticBundle } from '../reliability/bundleFixture';
import { FailFastLauncher, countRows, useLabHome } from '../reliability/reliabilityHarness';

const root = mkdtempSync(join(tmpdir(), 'clab-bodies-'));
const uploadDir = join(root, 'uploads');
const projectPath = join(root, 'p.clab');
let api: LabApi;
let server: LabServer;
useLabHome(root);

beforeAll(async () => {
  api = await createLabApi({ projectPath, launcher: new FailFastLauncher() });
  server = await startLabServer({ api, staticDir: join(root, 'static'), uploadDir });
});
afterAll(async () => {
  await server.close();
  await api.close();
  rmSync(root, { recursive: true, force: true });
});

interface Reply {
  readonly status: number;
  readonly body: string;
}

/**
 * A POST whose body is written by `write` (which may leave the request open). Resolves with
 * the reply, or with status 0 if the connection is cut before one arrives; rejects after
 * `timeoutMs` without a reply (a server that waits for a body it will never get).
 */
function post(
  method: string,
  headers: Record<string, string>,
  write: (req: ClientRequest) => void,
  timeoutMs = 60_000,
): { reply: Promise<Reply>; req: ClientRequest } {
  let req!: ClientRequest;
  const reply = new Promise<Reply>((resolve, reject) => {
    req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${method}`,
        headers: {
          Host: `127.0.0.1:${server.port}`,
          Authorization: `Bearer ${server.token}`,
          'Content-Type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no reply to ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNRESET' || code === 'EPIPE') resolve({ status: 0, body: '' });
      else reject(error);
    });
    write(req);
  });
  return { reply, req };
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `condition` holds (a loaded machine may take longer than any fixed pause). */
async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(50);
  }
}

describe('request bodies: limits per method', () => {
  it('answers 413 from Content-Length alone, before any byte of the body arrives', async () => {
    for (const method of ['project.info', 'runs.list', 'runs.importJson']) {
      // Without the early answer the server would wait for 2 GB that never come.
      const { reply, req } = post(
        method,
        { 'Content-Length': String(2_000_000_000) },
        (r) => r.flushHeaders(),
        15_000,
      );
      const answer = await reply;
      req.destroy();
      expect(answer.status, method).toBe(413);
      expect(answer.body, method).toMatch(/too large/);
    }
  });

  it('refuses a chunked body past a small method’s limit with 413', async () => {
    // 64 KB of valid JSON: far more than a run list filter can need.
    const body = JSON.stringify({ status: 'x'.repeat(64 * 1024) });
    const { reply } = post('runs.list', {}, (r) => r.end(body));
    expect((await reply).status).toBe(413);
  });

  it('still takes inputs up to the contract’s own maxima (20,000-character notes)', async () => {
    const { reply } = post('runs.update', {}, (r) =>
      r.end(JSON.stringify({ runId: 999, notes: 'é'.repeat(20_000) })),
    );
    const answer = await reply;
    expect(answer.status).toBe(404); // parsed and validated: only the run is missing
  });

  it('imports a multi-megabyte bundle through a temp file and removes the file afterwards', async () => {
    const runsBefore = countRows(projectPath, 'runs');
    const bundle = JSON.stringify(syntheticBundle(20_000, 'big upload'));
    expect(bundle.length).toBeGreaterThan(2_000_000);
    const { reply } = post('runs.importJson', {}, (r) => r.end(JSON.stringify({ json: bundle })));
    const answer = await reply;
    expect(answer.status, answer.body).toBe(200);
    expect(countRows(projectPath, 'runs')).toBe(runsBefore + 1);
    expect(readdirSync(uploadDir)).toEqual([]);
  });
});

describe('request bodies: concurrent large uploads', () => {
  it('caps large bodies in flight, keeps answering small calls, and cleans up aborted uploads', async () => {
    // Two uploads that announce 50 MB, send 1 MB and then stall.
    const stalled = [0, 1].map(() =>
      post('runs.importJson', { 'Content-Length': String(50_000_000) }, (r) =>
        r.write(`{"json":"${'a'.repeat(1_000_000)}`),
      ),
    );
    // Both are streaming to their temp files before the third arrives.
    await until('two uploads in flight', () => readdirSync(uploadDir).length === 2);
    // A third large upload is refused at once instead of being buffered too.
    const third = post('runs.importJson', {}, (r) => r.end(JSON.stringify({ json: '{}' })));
    const refused = await third.reply;
    expect(refused.status).toBe(503);
    expect(refused.body).toMatch(/upload/);
    // Small calls are not held up by the uploads.
    const info = post('project.info', {}, (r) => r.end('{}'));
    expect((await info.reply).status).toBe(200);
    // Abort the stalled uploads: their temp files go, their slots free up.
    for (const upload of stalled) upload.req.destroy();
    await Promise.all(stalled.map((u) => u.reply.catch(() => null)));
    await until('the aborted uploads’ temp files to go', () => readdirSync(uploadDir).length === 0);
    const after = post('runs.importJson', {}, (r) => r.end(JSON.stringify({ json: '{}' })));
    const processed = await after.reply;
    expect(processed.status).toBe(400); // read and validated (an empty bundle is invalid)
  });
});
