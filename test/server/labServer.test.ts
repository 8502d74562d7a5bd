import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import type { ApiEventArgs } from '../../src-main/api/contract';
import type { ApiEventListener, LabApiTransport } from '../../src-main/api/labApi';
import { startLabServer, type LabServer } from '../../src-main/server/labServer';
import { resolveStaticPath } from '../../src-main/server/staticFiles';

/** A recording stand-in for the back end: the server is tested as an adapter only. */
class RecordingApi implements LabApiTransport {
  readonly calls: Array<{ method: string; input: unknown }> = [];
  private readonly listeners = new Set<ApiEventListener>();

  async callUntyped(method: string, input: unknown): Promise<unknown> {
    this.calls.push({ method, input });
    if (method === 'runs.get') throw ApiError.notFound('run 99 does not exist');
    if (method === 'runs.cancel') throw ApiError.conflict('run is not running');
    if (method === 'runs.list')
      throw ApiError.invalidInput('input', [{ path: 'status', message: 'bad' }]);
    return { method, input };
  }

  subscribe(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(...event: ApiEventArgs): void {
    for (const l of this.listeners) l(...event);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** Raw HTTP, so the request path is sent exactly as written (fetch would normalize `..`). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('lab server', () => {
  let dir: string;
  let server: LabServer;
  const api = new RecordingApi();
  const auth = (): Record<string, string> => ({
    Authorization: `Bearer ${server.token}`,
    'Content-Type': 'application/json',
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clab-server-'));
    const staticDir = join(dir, 'renderer');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
    server = await startLabServer({ api, staticDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying a 64-hex-digit token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('refuses API calls without the right token', async () => {
    const none = await raw(server.port, '/api/project.info', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(none.status).toBe(401);
    const wrong = await raw(server.port, '/api/project.info', {
      method: 'POST',
      body: '{}',
      headers: { Authorization: `Bearer ${'0'.repeat(64)}`, 'Content-Type': 'application/json' },
    });
    expect(wrong.status).toBe(401);
    expect(api.calls).toHaveLength(0);
  });

  it('calls the API with the header token, not with a query token', async () => {
    const viaHeader = await raw(server.port, '/api/project.info', {
      method: 'POST',
      headers: auth(),
      body: '{"a":1}',
    });
    expect(viaHeader.status).toBe(200);
    expect(JSON.parse(viaHeader.body)).toEqual({ method: 'project.info', input: { a: 1 } });
    const viaQuery = await raw(server.port, `/api/presets.list?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(viaQuery.status).toBe(401);
  });

  it('maps API errors to 400/404/409 with the structured body', async () => {
    const cases: Array<[string, number, string]> = [
      ['runs.list', 400, 'invalid-input'],
      ['runs.get', 404, 'not-found'],
      ['runs.cancel', 409, 'conflict'],
      ['no.such.method', 404, 'not-found'],
    ];
    for (const [method, status, code] of cases) {
      const res = await raw(server.port, `/api/${method}`, {
        method: 'POST',
        headers: auth(),
        body: '{}',
      });
      expect(res.status, method).toBe(status);
      expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe(code);
    }
    const badJson = await raw(server.port, '/api/project.info', {
      method: 'POST',
      headers: auth(),
      body: '{',
    });
    expect(badJson.status).toBe(400);
  });

  it('refuses other origins and other Host names, and sends no CORS headers', async () => {
    const cross = await raw(server.port, '/api/project.info', {
      method: 'POST',
      headers: { ...auth(), Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
    expect(cross.headers['access-control-allow-origin']).toBeUndefined();
    const rebinding = await raw(server.port, '/', {
      headers: { Host: `evil.example:${server.port}` },
    });
    expect(rebinding.status).toBe(403);
    const same = await raw(server.port, '/api/project.info', {
      method: 'POST',
      headers: { ...auth(), Origin: `http://127.0.0.1:${server.port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await raw(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw(server.port, '/assets/app.js')).headers['content-type']).toContain(
      'javascript',
    );
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%5csecret.txt',
      '/%00',
    ]) {
      const res = await raw(server.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
    expect(resolveStaticPath('/srv/app', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/a/b.js')).toBe('/srv/app/a/b.js');
  });

  it('streams API events as server-sent events and unsubscribes on disconnect', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`, {
      headers: { Authorization: `Bearer ${server.token}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await expect.poll(() => api.listenerCount).toBe(1);
    api.emit('run.data', { runId: 3, step: 40 });
    let text = '';
    while (!text.includes('run.data')) text += (await reader.read()).value ?? '';
    expect(text).toContain('event: run.data\ndata: {"runId":3,"step":40}\n\n');
    controller.abort();
    await expect.poll(() => api.listenerCount).toBe(0);
  });
});
