import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, MAX_JSON_BODY_BYTES } from '../../main/server/body';
import { discardUpload, uploadFile } from '../../app/telemetry/source/uploads';
import { TOKEN_HEADER, type RunningServer } from '../../main/server/http-server';
import { startTestServer } from '../support/http';

/** Short on purpose: a body that stalls is cut off after this, whatever the server's default. */
const REQUEST_TIMEOUT_MS = 800;

let server: RunningServer;

let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, cleanup: stop } = await startTestServer({ demoAccelerators: 8, limits: { headersTimeoutMs: 400, requestTimeoutMs: REQUEST_TIMEOUT_MS, maxConnections: 16 } }));
});

afterAll(async () => {
  await stop();
});

function base(): string {
  return `http://127.0.0.1:${server.port}`;
}

async function post(name: string, body: string): Promise<{ status: number; json: { ok: boolean; result?: unknown; error?: { message: string } } }> {
  const response = await fetch(`${base()}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token }, body });
  return { status: response.status, json: (await response.json()) as { ok: boolean } };
}

describe('the heartbeat the page uses to notice a restart', () => {
  it('answers 204 to this session’s token and 401 to any other, without touching the database', async () => {
    expect((await fetch(`${base()}/api-alive`, { headers: { [TOKEN_HEADER]: server.token } })).status).toBe(204);
    expect((await fetch(`${base()}/api-alive`, { headers: { [TOKEN_HEADER]: 'x'.repeat(43) } })).status).toBe(401);
    expect((await fetch(`${base()}/api-alive`)).status).toBe(401);
    expect((await fetch(`${base()}/api-alive`, { method: 'POST', headers: { [TOKEN_HEADER]: server.token } })).status).toBe(405);
    // Another page's origin with the right token (it cannot know it, but even so) is not this session.
    expect((await fetch(`${base()}/api-alive`, { headers: { [TOKEN_HEADER]: server.token, origin: 'http://evil.example' } })).status).toBe(401);
  });
});

describe('per-request body limits and the body timeout', () => {
  it('an upload chunk may be larger than a JSON request, up to its own ceiling, and lands in the upload store', async () => {
    const uploadLimit = BODY_LIMIT_BYTES['telemetry.upload'] ?? 0;
    expect(uploadLimit).toBeGreaterThan(MAX_JSON_BODY_BYTES);
    // 2 MiB of file (as base64): over the JSON limit, within the upload's.
    const data = Buffer.alloc(2 * 1024 * 1024, 'timestamp,host,gpu_temp\n').toString('base64');
    const ok = await post('telemetry.upload', JSON.stringify({ data }));
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.result).toMatchObject({ bytes: 2 * 1024 * 1024 });
    const { uploadId } = ok.json.result as { uploadId: string };
    expect(fs.statSync(uploadFile(uploadId)).size).toBe(2 * 1024 * 1024);
    discardUpload(uploadId);
    // The same size to a request with no ceiling of its own is refused before it reaches the core.
    const refused = await post('inventory.search', JSON.stringify({ query: data, limit: 5 }));
    expect(refused.status).toBe(413);
    // Past the upload's own ceiling: 413 too.
    const tooBig = await post('telemetry.upload', JSON.stringify({ data: 'A'.repeat(uploadLimit + 4) }));
    expect(tooBig.status).toBe(413);
  });

  it('a body that stops arriving is cut off with 408 and the server goes on', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => undefined);
      // Headers complete, body promised (100 bytes) but only 10 sent, then silence.
      socket.write(`POST /api/inventory.search HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${TOKEN_HEADER}: ${server.token}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"query":`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const after = await post('inventory.search', JSON.stringify({ query: 'R01', limit: 3 }));
    expect(after.status).toBe(200);
  });
});
