import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { toErrorData, type ErrorData } from '../../app/core/errors';
import type { ProgressSink } from '../../app/core/progress';
import { CONTENT_SECURITY_POLICY } from './csp';

/** Anything that can run a contract request: the worker client, or the in-process dispatcher in tests. */
export type Caller = (name: string, input: unknown, actor: string, onProgress?: ProgressSink, signal?: AbortSignal) => Promise<unknown>;

export interface HttpServerOptions {
  readonly caller: Caller;
  /** The built renderer (index.html and its assets). */
  readonly staticDir: string;
  readonly port?: number;
  readonly token?: string;
  readonly actor?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-floorwalk-token';
/** A caller-chosen id for a long request, so `POST /api-cancel/<id>` can cancel it while its answer is awaited. */
export const CALL_HEADER = 'x-floorwalk-call';
const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Uploads (CSV imports from the browser) travel in the body; beyond this the caller should use the CLI. */
const MAX_BODY_BYTES = 512 * 1024 * 1024;
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

  const server = http.createServer((req, res) => {
    // Early refusals answer before reading the body; drain it anyway so a kept-alive socket stays usable.
    res.once('finish', () => req.resume());
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      send(res, 403, 'text/plain; charset=utf-8', 'Forbidden host');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api-cancel/')) {
      handleCancel(req, res, url.pathname.slice('/api-cancel/'.length));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url.pathname.slice('/api/'.length)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorData(error) });
        else res.end();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    serveStatic(res, url.pathname);
  });

  /** Requests still running, by the id their caller gave; a cancel aborts one and its own answer says how it ended. */
  const running = new Map<string, AbortController>();

  function authorised(req: http.IncomingMessage): boolean {
    const header = req.headers[TOKEN_HEADER];
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    return sameOrigin && sameToken(Array.isArray(header) ? header[0] : header, token);
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
    const body = await readBody(req);
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
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
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
