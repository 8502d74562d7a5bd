import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toApiErrorBody } from '../api/apiError';
import type { ApiErrorBody } from '../api/contract';
import type { LabApiTransport } from '../api/labApi';
import { isApiMethod } from '../shared/apiNames';
import { CONTENT_SECURITY_POLICY } from '../shared/contentSecurityPolicy';
import {
  BodyTooLargeError,
  declaredLengthExceeds,
  readBodyLimited,
  spoolBodyToFile,
} from './requestBody';
import {
  MAX_CONCURRENT_LARGE_BODIES,
  UploadSlots,
  bodyLimitFor,
  isSpooledMethod,
} from './requestBodyLimits';
import { createSessionToken, presentedToken, tokenMatches } from './sessionToken';
import { serveStaticFile } from './staticFiles';

export interface LabServerOptions {
  readonly api: LabApiTransport;
  /** Only loopback is allowed: the API can start processes and read files. */
  readonly host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** Fixed token for tests; a fresh random one otherwise. */
  readonly token?: string;
  /**
   * Where large uploads (imports) are spooled while they arrive; default a private folder in
   * the system temp directory, removed when the server closes.
   */
  readonly uploadDir?: string;
}

export interface LabServer {
  /** The page URL with the session token in its query. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;

const STATUS_BY_CODE: Record<ApiErrorBody['code'], number> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  failed: 500,
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/**
 * A body that was refused before being read to its end: the connection is closed after the
 * answer, so the unread rest is never parsed as a next request.
 */
function tooLarge(limit: number): HttpFailure {
  return new HttpFailure(
    413,
    { code: 'invalid-input', message: new BodyTooLargeError(limit).message },
    { Connection: 'close' },
  );
}

/**
 * Browser mode: the built renderer plus the typed API over HTTP (`POST /api/<method>`, JSON)
 * and server-sent events (`GET /api/events`), on loopback only, guarded by a per-session
 * token. Requests from other origins or for other host names (DNS rebinding) are refused, and
 * no CORS headers are ever sent.
 */
export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the lab server binds 127.0.0.1 only');
  const token = options.token ?? createSessionToken();
  const eventStreams = new Set<ServerResponse>();
  const ownUploadDir = options.uploadDir === undefined;
  const uploadDir = options.uploadDir ?? mkdtempSync(join(tmpdir(), 'clab-uploads-'));
  if (!ownUploadDir) mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
  const uploadSlots = new UploadSlots(MAX_CONCURRENT_LARGE_BODIES);
  let port = 0;

  const server = createServer((request, response) => {
    for (const [key, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(key, value);
    handle(request, response).catch((error: unknown) => {
      const failure =
        error instanceof HttpFailure ? error : new HttpFailure(500, toApiErrorBody(error));
      sendJson(response, failure.status, { error: failure.body }, failure.headers);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${host}:${port}`);
    checkHostAndOrigin(request, port);
    if (!url.pathname.startsWith('/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new HttpFailure(405, { code: 'failed', message: 'only GET for pages' });
      }
      await serveStaticFile(options.staticDir, url.pathname, response, request.method === 'HEAD');
      return;
    }
    // The page itself (GET /?token=…) needs no token: it reads it from its URL and sends it
    // as a header from then on. Only the event stream may carry it in the query.
    const isEventStream = url.pathname === '/api/events';
    if (!tokenMatches(token, presentedToken(request.headers.authorization, url, isEventStream))) {
      throw new HttpFailure(401, {
        code: 'failed',
        message: 'missing or wrong session token: open the URL that `coherence-lab serve` printed',
      });
    }
    if (isEventStream) {
      if (request.method !== 'GET') {
        throw new HttpFailure(405, { code: 'failed', message: 'events: use GET' });
      }
      openEventStream(request, response);
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    if (!isApiMethod(method)) {
      throw new HttpFailure(404, { code: 'not-found', message: `no API method "${method}"` });
    }
    if (request.method !== 'POST') {
      throw new HttpFailure(405, { code: 'failed', message: `${method}: use POST` });
    }
    requireJsonContentType(request);
    const limit = bodyLimitFor(method);
    if (declaredLengthExceeds(request, limit)) throw tooLarge(limit);
    if (isSpooledMethod(method)) {
      await callWithSpooledBody(method, request, response, limit);
      return;
    }
    let text: string;
    try {
      text = (await readBodyLimited(request, limit)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw tooLarge(limit);
      throw error;
    }
    await callApi(method, parseJsonBody(text), response);
  }

  async function callApi(method: string, input: unknown, response: ServerResponse): Promise<void> {
    try {
      const result = await options.api.callUntyped(method, input);
      sendJson(response, 200, result ?? null);
    } catch (error) {
      const body = toApiErrorBody(error);
      throw new HttpFailure(STATUS_BY_CODE[body.code] ?? 500, body);
    }
  }

  /**
   * Large uploads go to a temp file as they arrive (memory holds one chunk at a time), at
   * most MAX_CONCURRENT_LARGE_BODIES at once, each holding its slot until its call is done so
   * parallel imports cannot multiply the memory of parsing. The file is removed whatever
   * happens, aborted uploads included.
   */
  async function callWithSpooledBody(
    method: string,
    request: IncomingMessage,
    response: ServerResponse,
    limit: number,
  ): Promise<void> {
    const release = uploadSlots.tryAcquire();
    if (!release) {
      throw new HttpFailure(
        503,
        {
          code: 'failed',
          message: `another ${MAX_CONCURRENT_LARGE_BODIES} uploads are in progress; try again when they finish`,
        },
        { Connection: 'close', 'Retry-After': '5' },
      );
    }
    const file = join(uploadDir, `${randomUUID()}.json`);
    try {
      try {
        await spoolBodyToFile(request, limit, file);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw tooLarge(limit);
        throw new HttpFailure(400, {
          code: 'invalid-input',
          message: 'the upload did not complete',
        });
      }
      const text = await readFile(file, 'utf8');
      await rm(file, { force: true });
      await callApi(method, parseJsonBody(text), response);
    } finally {
      await rm(file, { force: true }).catch(() => undefined);
      release();
    }
  }

  function openEventStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write(': connected\n\n');
    eventStreams.add(response);
    const unsubscribe = options.api.subscribe((event, payload) => {
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Comments keep idle connections from being closed by the browser or a proxy.
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      eventStreams.delete(response);
    };
    request.on('close', stop);
    response.on('close', stop);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}/?token=${token}`,
    token,
    port,
    close: async () => {
      for (const stream of eventStreams) stream.end();
      eventStreams.clear();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      if (ownUploadDir) rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/**
 * Refuse requests that name another host (a DNS-rebinding page reaching us as
 * evil.example:port) or come from another origin's page. Same-origin fetches either omit
 * Origin or send exactly ours.
 */
function checkHostAndOrigin(request: IncomingMessage, port: number): void {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const hostHeader = request.headers.host;
  if (hostHeader === undefined || !allowedHosts.includes(hostHeader.toLowerCase())) {
    throw new HttpFailure(403, { code: 'failed', message: 'unexpected Host header' });
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    throw new HttpFailure(403, { code: 'failed', message: 'cross-origin requests are refused' });
  }
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new HttpFailure(403, { code: 'failed', message: 'cross-site requests are refused' });
  }
}

function requireJsonContentType(request: IncomingMessage): void {
  const type = request.headers['content-type'] ?? '';
  // Requiring JSON also keeps plain HTML forms (which cannot send this type) out.
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpFailure(415, {
      code: 'invalid-input',
      message: 'send the input as application/json',
    });
  }
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpFailure(400, {
      code: 'invalid-input',
      message: 'request body is not valid JSON',
    });
  }
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(text);
}
