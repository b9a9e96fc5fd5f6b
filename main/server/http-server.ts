import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { toErrorData, type ErrorData } from '../../app/core/errors';
import type { ProgressSink } from '../../app/core/progress';
import { bodyLimitFor, readLimitedBody } from './body';
import { CONTENT_SECURITY_POLICY } from './csp';
import { parseRequestTarget } from './request-target';

/** Anything that can run a contract request: the worker client, or the in-process dispatcher in tests. */
export type Caller = (name: string, input: unknown, actor: string, onProgress?: ProgressSink, signal?: AbortSignal) => Promise<unknown>;

export interface HttpServerOptions {
  readonly caller: Caller;
  /** The built renderer (index.html and its assets). */
  readonly staticDir: string;
  readonly port?: number;
  readonly token?: string;
  readonly actor?: string;
  readonly limits?: Partial<ServerLimits>;
  /** How long a write has waited for another Floorwalk process's lock (ms), or null: told to the page's heartbeat. */
  readonly lockWaitMs?: () => number | null;
}

/** What one client may hold of the server: time to send its headers and body, and sockets. */
export interface ServerLimits {
  /** A client that has not sent all its headers by then gets 408 and its socket closed (slowloris). */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must have arrived by then. Answers may take longer. */
  readonly requestTimeoutMs: number;
  /** Sockets beyond this are closed at once; the console itself holds a handful. */
  readonly maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxConnections: 64,
};

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-floorwalk-token';
/** A caller-chosen id for a long request, so `POST /api-cancel/<id>` can cancel it while its answer is awaited. */
export const CALL_HEADER = 'x-floorwalk-call';
/** On the heartbeat's answer while a write waits for another process's lock: how long so far, in ms. */
export const LOCK_WAIT_HEADER = 'x-floorwalk-lock-wait-ms';
const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const NDJSON = 'application/x-ndjson';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * The loopback transport for browser mode. It binds 127.0.0.1 only and answers the API only to a caller
 * that presents the per-launch token in a header: another local process does not know it, and another
 * web page cannot send the header cross-origin without a CORS preflight this server never grants. The
 * Host check defeats DNS rebinding.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const actor = options.actor ?? 'console user';
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;

  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for sockets past those timeouts; its default (30 s) would let them linger.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      try {
        route(req, res);
      } catch (error) {
        // Nothing a client sends may take the server down; a bug here answers 500 and the server goes on.
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorData(error) });
        else res.destroy();
      }
    },
  );
  server.maxConnections = limits.maxConnections;
  // Requests Node cannot even parse (bad request line, oversized or malformed headers, timeouts): answer
  // on the raw socket if it is still writable, then close it. Never an uncaught error.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A socket whose request already has an answer on the wire gets nothing more (as Node's own handler).
    const answering = (socket as { _httpMessage?: http.ServerResponse })._httpMessage;
    if (socket.writable && !socket.destroyed && answering?.headersSent !== true) {
      const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
    socket.destroy();
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    // Early refusals answer before reading the body; drain it anyway so a kept-alive socket stays usable.
    res.once('finish', () => req.resume());
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      send(res, 403, 'text/plain; charset=utf-8', 'Forbidden host');
      return;
    }
    const target = parseRequestTarget(req.url);
    if (!target.ok) {
      send(res, 400, 'text/plain; charset=utf-8', `Bad request: ${target.reason}`);
      return;
    }
    const pathname = target.decodedPath;
    if (pathname === '/api-alive') {
      handleAlive(req, res);
      return;
    }
    if (pathname.startsWith('/api-cancel/')) {
      handleCancel(req, res, pathname.slice('/api-cancel/'.length));
      return;
    }
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname.slice('/api/'.length)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorData(error) });
        else res.end();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    serveStatic(res, pathname);
  }

  /** Requests still running, by the id their caller gave; a cancel aborts one and its own answer says how it ended. */
  const running = new Map<string, AbortController>();

  function authorised(req: http.IncomingMessage): boolean {
    const header = req.headers[TOKEN_HEADER];
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    return sameOrigin && sameToken(Array.isArray(header) ? header[0] : header, token);
  }

  /**
   * The page's heartbeat: 204 when the caller holds this server's token, 401 when not (a server started
   * with another token: that page's session is over). Touches no database, so it answers during any import;
   * while a write waits for another Floorwalk process's lock, a header says for how long.
   */
  function handleAlive(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    const ok = authorised(req);
    const waitedMs = ok ? (options.lockWaitMs?.() ?? null) : null;
    res.writeHead(ok ? 204 : 401, waitedMs === null ? SECURITY_HEADERS : { ...SECURITY_HEADERS, [LOCK_WAIT_HEADER]: String(Math.round(waitedMs)) });
    res.end();
  }

  function handleCancel(req: http.IncomingMessage, res: http.ServerResponse, callId: string): void {
    if (req.method !== 'POST' || !authorised(req)) {
      sendJson(res, req.method !== 'POST' ? 405 : 401, { ok: false, error: { code: 'invalid_input', message: 'cancel refused' } });
      return;
    }
    const controller = running.get(callId);
    controller?.abort();
    sendJson(res, 200, { ok: true, result: { cancelled: controller !== undefined } });
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: { code: 'invalid_input', message: 'API calls are POST' } });
      return;
    }
    const header = req.headers[TOKEN_HEADER];
    if (!sameToken(Array.isArray(header) ? header[0] : header, token)) {
      sendJson(res, 401, { ok: false, error: { code: 'invalid_input', message: 'missing or wrong session token' } });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      sendJson(res, 403, { ok: false, error: { code: 'invalid_input', message: 'cross-origin request refused' } });
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendJson(res, 415, { ok: false, error: { code: 'invalid_input', message: 'body must be application/json' } });
      return;
    }
    const body = await readLimitedBody(req, bodyLimitFor(name));
    if (!body.ok) {
      // The rest of an oversized body is not worth reading: answer and close the socket.
      res.setHeader('connection', 'close');
      sendJson(res, body.status, { ok: false, error: { code: 'invalid_input', message: body.reason } });
      res.once('finish', () => req.destroy());
      return;
    }
    let input: unknown;
    try {
      input = body.text.length === 0 ? {} : JSON.parse(body.text);
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'body is not valid JSON' } });
      return;
    }

    // A caller that goes away (closed tab, aborted fetch) cancels its request; so does POST /api-cancel/<id>
    // while the caller waits for the answer, which then says truthfully whether the work was rolled back.
    const controller = new AbortController();
    const callHeader = req.headers[CALL_HEADER];
    const callId = typeof callHeader === 'string' && CALL_ID_PATTERN.test(callHeader) ? callHeader : null;
    if (callId) running.set(callId, controller);
    res.on('close', () => {
      if (callId) running.delete(callId);
      if (!res.writableFinished) controller.abort();
    });
    const streaming = (req.headers.accept ?? '').includes(NDJSON);
    if (streaming) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': NDJSON });
      const line = (value: unknown): void => {
        res.write(`${JSON.stringify(value)}\n`);
      };
      try {
        const result = await options.caller(name, input, actor, (progress) => line({ progress }), controller.signal);
        line({ ok: true, result });
      } catch (error) {
        line({ ok: false, error: toErrorData(error) });
      }
      res.end();
      return;
    }
    try {
      const result = await options.caller(name, input, actor, undefined, controller.signal);
      sendJson(res, 200, { ok: true, result });
    } catch (error) {
      const data: ErrorData = toErrorData(error);
      sendJson(res, data.code === 'internal' ? 500 : 422, { ok: false, error: data });
    }
  }

  function serveStatic(res: http.ServerResponse, pathname: string): void {
    // `pathname` is already decoded by the guarded parse; decoding again would turn %25 into a new escape.
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    let body: Buffer | null = null;
    if (file.startsWith(staticRoot + path.sep)) {
      try {
        body = fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
      } catch {
        body = null;
      }
    }
    if (body === null) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
