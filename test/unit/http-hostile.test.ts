import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from '../../main/server/body';
import { TOKEN_HEADER, type RunningServer } from '../../main/server/http-server';
import { parseRequestTarget } from '../../main/server/request-target';
import { startTestServer } from '../support/http';

let server: RunningServer;
const HEADERS_TIMEOUT_MS = 400;

let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, cleanup: stop } = await startTestServer({ demoAccelerators: 40, limits: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: 2000, maxConnections: 48 } }));
});

afterAll(async () => {
  await stop();
});

/** Writes raw bytes on a fresh socket and collects whatever comes back until the server closes or `waitMs` passes. */
function raw(bytes: string | Buffer, waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let answer = '';
    const done = (): void => {
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

function statusOf(answer: string): number {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
  return match ? Number(match[1]) : 0;
}

const host = (): string => `127.0.0.1:${server.port}`;

async function stillAnswers(): Promise<void> {
  const answer = await raw(`GET / HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
  expect(statusOf(answer)).toBe(200);
  expect(answer).toContain('<title>Floorwalk</title>');
}

describe('request target parse', () => {
  it.each(['/%ff', '/%', '//', 'http://[', '/a%00b', '*', '', 'http://127.0.0.1/'])('refuses %j', (target) => {
    expect(parseRequestTarget(target).ok).toBe(false);
  });
  it('decodes a good path and drops the query', () => {
    expect(parseRequestTarget('/assets/a%20b.js?x=%ff')).toEqual({ ok: true, pathname: '/assets/a%20b.js', decodedPath: '/assets/a b.js' });
  });
});

describe('HTTP server under hostile input', () => {
  it.each(['/%ff', '/%', '//', 'http://[', '/api/%E0%A4%A', '/api-cancel/%'])('answers 400 to GET %s and keeps serving', async (target) => {
    const answer = await raw(`GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(answer)).toBe(400);
    await stillAnswers();
  });

  it('refuses a JSON body over 1 MiB with 413, whether declared or chunked', async () => {
    const big = `{"q":"${'x'.repeat(MAX_JSON_BODY_BYTES)}"}`;
    const head = `POST /api/search.query HTTP/1.1\r\nHost: ${host()}\r\n${TOKEN_HEADER}: ${server.token}\r\ncontent-type: application/json\r\n`;
    const declared = await raw(`${head}content-length: ${Buffer.byteLength(big)}\r\n\r\n`);
    expect(statusOf(declared)).toBe(413);
    const chunk = big.slice(0, 256 * 1024);
    const chunked = Array.from({ length: 5 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await raw(`${head}transfer-encoding: chunked\r\n\r\n${chunked}0\r\n\r\n`);
    expect(statusOf(answer)).toBe(413);
    await stillAnswers();
  });

  it('closes a client that never finishes its headers (408)', async () => {
    const answer = await raw(`GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Slow: 1`, HEADERS_TIMEOUT_MS * 10);
    expect(statusOf(answer)).toBe(408);
  });

  it('bounds the number of sockets a client may hold', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 60 }, () => new Promise<net.Socket>((resolve) => {
        const socket = net.connect(server.port, '127.0.0.1', () => resolve(socket));
        socket.on('error', () => undefined);
      })),
    );
    const closed = await Promise.all(sockets.map((socket) => new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    })));
    expect(closed.filter(Boolean).length).toBeGreaterThanOrEqual(60 - 48);
    await Promise.all(sockets.map((socket) => new Promise((resolve) => {
      if (socket.destroyed) resolve(null);
      socket.once('close', resolve);
      socket.destroy();
    })));
    // The server counts a socket as gone once it saw the close; give it one turn of its event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stillAnswers();
  });

  it('survives thousands of random request lines, headers and paths', async () => {
    // A seeded generator, so a failure replays: mutations of real requests plus pure noise.
    let seed = 0x12345678;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const noise = (length: number): string => Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 256))).join('');
    const methods = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'G\x00T', ''];
    const paths = ['/', '//', '/%', '/%ff', '/%%', '/api/', '/api/search.query', '/api/../../etc/passwd', '/api-cancel/', '/api-cancel/%zz', 'http://[', 'http://127.0.0.1/', '*', '/index.html?%ff', '/\u00ff\u0100', '/assets/%2e%2e/%2e%2e/x'];
    const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'FOO', ''];
    const headerLines = [
      `Host: ${host()}`, 'Host: evil.example', 'Host:', `${TOKEN_HEADER}: ${server.token}`, `${TOKEN_HEADER}: x`,
      'content-type: application/json', 'content-length: 5', 'content-length: -1', 'content-length: 99999999999',
      'transfer-encoding: chunked', 'Origin: http://evil.example', 'Accept: application/x-ndjson', 'x-floorwalk-call: %%%',
      'Connection: close', `X-Long: ${'a'.repeat(20000)}`, 'Bad Header', ': nothing',
    ];
    const one = (): string => {
      if (next() < 0.1) return noise(1 + Math.floor(next() * 300));
      const path = next() < 0.2 ? `/${noise(1 + Math.floor(next() * 20))}` : pick(paths);
      const headers = Array.from({ length: Math.floor(next() * 6) }, () => (next() < 0.1 ? noise(10) : pick(headerLines)));
      const body = next() < 0.3 ? pick(['{}', '{"q":', 'null', noise(20), '5\r\nhello\r\n0\r\n\r\n']) : '';
      return `${pick(methods)} ${path} ${pick(versions)}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
    };
    const TOTAL = 2400;
    const PARALLEL = 24;
    let sent = 0;
    const answered: number[] = [];
    const worker = async (): Promise<void> => {
      while (sent < TOTAL) {
        sent += 1;
        answered.push(statusOf(await raw(Buffer.from(one(), 'latin1'), 150)));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(answered.length).toBeGreaterThanOrEqual(TOTAL);
    // No answer is a 500: every refusal is decided, not an exception caught late.
    expect(answered.filter((status) => status >= 500)).toEqual([]);
    await stillAnswers();
  }, 120_000);
});
