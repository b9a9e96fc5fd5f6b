import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../app/api/dispatch';
import type { Db } from '../../app/db/open';
import { CALL_HEADER, startHttpServer, TOKEN_HEADER, type RunningServer } from '../../main/server/http-server';
import { FloorwalkError } from '../../app/core/errors';
import { testDb } from '../support/db';
import { tempDir } from '../support/temp';

let db: Db;
let server: RunningServer;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  const test = testDb({ demoAccelerators: 80 });
  db = test.db;
  cleanups.push(test.cleanup);
  const statics = tempDir();
  cleanups.push(statics.cleanup);
  fs.writeFileSync(path.join(statics.dir, 'index.html'), '<!doctype html><title>Floorwalk</title>');
  server = await startHttpServer({
    caller: (name, input, actor, onProgress) => dispatch({ db, dbPath: test.file, actor, ...(onProgress ? { onProgress } : {}) }, name, input),
    staticDir: statics.dir,
  });
});

afterAll(async () => {
  await server.close();
  for (const cleanup of cleanups) cleanup();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so the test controls every header (fetch would fix Host and Origin for us). */
function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        agent: false,
        method: options.method ?? 'POST',
        path: options.path,
        headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.method === 'GET' ? undefined : (options.body ?? '{}'));
  });
}

const withToken = (): Record<string, string> => ({ [TOKEN_HEADER]: server.token });

describe('loopback HTTP transport', () => {
  it('listens on 127.0.0.1 and prints a URL that carries the token in the fragment only', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{40,}$`));
  });

  it('answers a contract request that presents the token', async () => {
    const reply = await send({ path: '/api/inventory.stats', headers: withToken() });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, result: { sites: 4, accelerators: 80 } });
  });

  it('refuses a caller without the token, or with a wrong one', async () => {
    expect((await send({ path: '/api/inventory.stats' })).status).toBe(401);
    expect((await send({ path: '/api/inventory.stats', headers: { [TOKEN_HEADER]: `${server.token}x` } })).status).toBe(401);
  });

  it('refuses another web page (cross-origin) even if it somehow had the token', async () => {
    const reply = await send({ path: '/api/inventory.stats', headers: { ...withToken(), origin: 'http://evil.example' } });
    expect(reply.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const reply = await send({ path: '/api/inventory.stats', headers: { ...withToken(), host: 'attacker.example:80' } });
    expect(reply.status).toBe(403);
  });

  it('grants no CORS: no Access-Control-Allow-Origin on any answer', async () => {
    const reply = await send({ method: 'OPTIONS', path: '/api/inventory.stats', headers: { origin: 'http://evil.example' } });
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(reply.status).toBeGreaterThanOrEqual(400);
  });

  it('validates every payload with the request schema and names the field', async () => {
    const reply = await send({ path: '/api/inventory.search', headers: withToken(), body: JSON.stringify({ query: 5 }) });
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'query' } });
    const extra = await send({ path: '/api/inventory.stats', headers: withToken(), body: JSON.stringify({ sql: 'DROP TABLE sites' }) });
    expect(JSON.parse(extra.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('knows only contract requests', async () => {
    const reply = await send({ path: '/api/db.exec', headers: withToken() });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('rejects a body that is not JSON', async () => {
    const reply = await send({ path: '/api/inventory.stats', headers: withToken(), body: '{nope' });
    expect(reply.status).toBe(400);
  });

  it('streams progress lines then the reply when asked for NDJSON', async () => {
    const reply = await send({ path: '/api/inventory.tree', headers: { ...withToken(), accept: 'application/x-ndjson' } });
    const lines = reply.body.trim().split('\n').map((line) => JSON.parse(line) as { ok?: boolean });
    expect(lines.at(-1)).toMatchObject({ ok: true });
  });

  it('cancels a named call only for a caller with the token', async () => {
    expect((await send({ path: '/api-cancel/abc123' })).status).toBe(401);
    const reply = await send({ path: '/api-cancel/abc123', headers: withToken() });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, result: { cancelled: false } });
  });

  it('a cancel reaches a running call, whose own answer then says it was cancelled', async () => {
    const statics = tempDir();
    const slow = await startHttpServer({
      staticDir: statics.dir,
      caller: (_name, _input, _actor, _onProgress, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new FloorwalkError('cancelled', 'Cancelled; nothing was written.')))),
    });
    const call = fetch(`http://127.0.0.1:${slow.port}/api/telemetry.import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: slow.token, [CALL_HEADER]: 'job-1' },
      body: '{}',
    });
    let cancelled = false;
    for (let attempt = 0; attempt < 50 && !cancelled; attempt++) {
      const reply = await fetch(`http://127.0.0.1:${slow.port}/api-cancel/job-1`, { method: 'POST', headers: { [TOKEN_HEADER]: slow.token } });
      cancelled = ((await reply.json()) as { result: { cancelled: boolean } }).result.cancelled;
      if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(cancelled).toBe(true);
    expect(await (await call).json()).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await slow.close();
    statics.cleanup();
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await send({ method: 'GET', path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(index.headers['content-security-policy']).toMatch(/connect-src 'self'/);
    const traversal = await send({ method: 'GET', path: '/..%2F..%2F..%2Fetc%2Fpasswd' });
    expect(traversal.status).toBe(404);
  });
});
