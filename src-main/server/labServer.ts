import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toApiErrorBody } from '../api/apiError';
import { apiInputs, type ApiErrorBody, type ApiEventName } from '../api/contract';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { createSessionToken, presentedToken, tokenMatches } from './sessionToken';
import { serveStaticFile } from './staticFiles';

/** What the server needs from the back end (the shape of `LabApi` in src-main/api/labApi). */
export interface ServedLabApi {
  call(method: string, rawInput: unknown): Promise<unknown>;
  subscribe(listener: (event: ApiEventName, payload: unknown) => void): () => void;
}

export interface LabServerOptions {
  readonly api: ServedLabApi;
  /** Only loopback is allowed: the API can start processes and read files. */
  readonly host?: '127.0.0.1';
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** Fixed token for tests; a fresh random one otherwise. */
  readonly token?: string;
}

export interface LabServer {
  /** The page URL with the session token in its query. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Largest accepted request body (imports of exported bundles are the big ones). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
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
  ) {
    super(body.message);
  }
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
  let port = 0;

  const server = createServer((request, response) => {
    for (const [key, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(key, value);
    handle(request, response).catch((error: unknown) => {
      const failure =
        error instanceof HttpFailure ? error : new HttpFailure(500, toApiErrorBody(error));
      sendJson(response, failure.status, { error: failure.body });
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
    if (!Object.hasOwn(apiInputs, method)) {
      throw new HttpFailure(404, { code: 'not-found', message: `no API method "${method}"` });
    }
    if (request.method !== 'POST') {
      throw new HttpFailure(405, { code: 'failed', message: `${method}: use POST` });
    }
    const input = await readJsonBody(request);
    try {
      const result = await options.api.call(method, input);
      sendJson(response, 200, result ?? null);
    } catch (error) {
      const body = toApiErrorBody(error);
      throw new HttpFailure(STATUS_BY_CODE[body.code] ?? 500, body);
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

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  // Requiring JSON also keeps plain HTML forms (which cannot send this type) out.
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpFailure(415, {
      code: 'invalid-input',
      message: 'send the input as application/json',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpFailure(413, { code: 'invalid-input', message: 'request body too large' });
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
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

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}
