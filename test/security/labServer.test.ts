import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { startLabServer, type LabServer } from '../../src-main/server/labServer';
import { resolveStaticPath } from '../../src-main/server/staticFiles';
import { tokenMatches } from '../../src-main/server/sessionToken';
import { FailFastLauncher, useLabHome } from '../reliability/reliabilityHarness';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-BUILD-FOLDER';
const root = mkdtempSync(join(tmpdir(), 'clab-server-'));
const staticDir = join(root, 'static');
let api: LabApi;
let server: LabServer;
useLabHome(root);

beforeAll(async () => {
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  mkdirSync(join(root, 'static-secret'));
  writeFileSync(join(root, 'static-secret', 'file.txt'), SECRET);
  api = await createLabApi({ projectPath: join(root, 'p.clab'), launcher: new FailFastLauncher() });
  server = await startLabServer({ api, staticDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  await api.close();
});

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request: the path is sent exactly as given (no URL normalization). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path,
        headers: { Host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolveReply({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Status of a GET on the event stream; the stream itself never ends, so only headers are read. */
function eventStreamStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        headers: { Host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        resolveStatus(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const json = { 'Content-Type': 'application/json' };
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });

describe('browser mode: where it listens', () => {
  it('prints a loopback URL and refuses any other bind address', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    await expect(
      startLabServer({ api, staticDir, host: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('is not reachable on the machine’s other addresses', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return; // no non-loopback interface here: nothing else to reach
    await expect(send('/', { host: external.address })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('browser mode: the session token', () => {
  it('answers 401 without a token, with a wrong one, or one of another length', async () => {
    const wrong = server.token.replace(/./, (c) => (c === 'a' ? 'b' : 'a'));
    const variants: Array<Record<string, string>> = [
      {},
      { Authorization: `Bearer ${wrong}` },
      { Authorization: 'Bearer x' },
      { Authorization: server.token },
    ];
    for (const headers of variants) {
      const reply = await send('/api/project.info', {
        method: 'POST',
        headers: { ...json, ...headers },
        body: '{}',
      });
      expect(reply.status).toBe(401);
      expect(reply.body).not.toContain(server.token);
    }
    expect((await send(`/api/events?token=${wrong}`)).status).toBe(401);
  });

  it('accepts the token as a Bearer header on API calls, never from the query string', async () => {
    const byHeader = await send('/api/project.info', {
      method: 'POST',
      headers: { ...json, ...auth() },
      body: '{}',
    });
    expect(byHeader.status).toBe(200);
    // A query token would end up in logs, history and Referer headers: API calls refuse it.
    const byQuery = await send(`/api/project.info?token=${server.token}`, {
      method: 'POST',
      headers: json,
      body: '{}',
    });
    expect(byQuery.status).toBe(401);
    const wrongHeaderGoodQuery = await send(`/api/project.info?token=${server.token}`, {
      method: 'POST',
      headers: { ...json, Authorization: 'Bearer wrong' },
      body: '{}',
    });
    expect(wrongHeaderGoodQuery.status).toBe(401);
  });

  it('accepts a query token only for the event stream (EventSource cannot set headers)', async () => {
    expect(await eventStreamStatus(`/api/events?token=${server.token}`)).toBe(200);
    expect(await eventStreamStatus('/api/events', auth())).toBe(200);
    // A wrong header never falls back to the query token.
    expect(
      await eventStreamStatus(`/api/events?token=${server.token}`, {
        Authorization: 'Bearer wrong',
      }),
    ).toBe(401);
    expect(await eventStreamStatus('/api/events')).toBe(401);
  });

  it('compares tokens in constant time (timingSafeEqual) and only through tokenMatches', () => {
    const tokenSource = readFileSync(resolve('src-main/server/sessionToken.ts'), 'utf8');
    expect(tokenSource).toMatch(/timingSafeEqual\(a, b\)/);
    expect(tokenSource).not.toMatch(/expected\s*===\s*presented|presented\s*===\s*expected/);
    const serverSource = readFileSync(resolve('src-main/server/labServer.ts'), 'utf8');
    expect(serverSource).toMatch(/tokenMatches\(token, /);
    expect(serverSource).not.toMatch(/token\s*[!=]==|[!=]==\s*token\b/);
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
    expect(tokenMatches('é', 'e\u0301')).toBe(false);
  });
});

describe('browser mode: other origins', () => {
  it('refuses a request from another origin and never sends CORS headers', async () => {
    for (const method of ['POST', 'OPTIONS', 'GET']) {
      const reply = await send('/api/project.info', {
        method,
        headers: {
          ...json,
          ...auth(),
          Origin: 'http://evil.example',
          'Access-Control-Request-Method': 'POST',
        },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(reply.status, method).toBe(403);
      expect(reply.headers['access-control-allow-origin'], method).toBeUndefined();
      expect(reply.headers['access-control-allow-credentials'], method).toBeUndefined();
    }
    const same = await send('/api/project.info', {
      method: 'POST',
      headers: { ...json, ...auth(), Origin: `http://127.0.0.1:${server.port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses other Host names (DNS rebinding), cross-site fetches and form posts', async () => {
    expect((await send('/', { headers: { Host: `evil.example:${server.port}` } })).status).toBe(
      403,
    );
    const crossSite = await send('/api/project.info', {
      method: 'POST',
      headers: { ...json, ...auth(), 'Sec-Fetch-Site': 'cross-site' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const form = await send('/api/project.info', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });
});

describe('browser mode: static files stay inside the build folder', () => {
  const attempts = [
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/%252e%252e/secret.txt',
    '/..\\secret.txt',
    '/..%5csecret.txt',
    '/%5c..%5c..%5csecret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/../static-secret/file.txt',
    '/%2e%2e/static-secret/file.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    `/${root}/secret.txt`,
    `/${encodeURIComponent(join(root, 'secret.txt'))}`,
    '/C:\\Windows\\win.ini',
    '/secret.txt%00.html',
    '/%c0%ae%c0%ae/secret.txt',
    '/%',
  ];

  it.each(attempts)('refuses %s', async (path) => {
    const reply = await send(path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toMatch(/root:x:0:0/);
  });

  it('still serves files inside it', async () => {
    expect((await send('/')).body).toContain('<title>lab</title>');
    expect((await send('/assets/app.js')).body).toBe('console.log(1)');
    expect((await send('/assets/%61pp.js')).status).toBe(200);
  });

  it('resolveStaticPath never leaves the root, whatever the spelling', () => {
    for (const path of attempts) {
      const target = resolveStaticPath(staticDir, path);
      if (target !== null) expect(target.startsWith(`${staticDir}/`)).toBe(true);
    }
  });
});
