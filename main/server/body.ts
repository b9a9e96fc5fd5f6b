import type http from 'node:http';

/** A JSON request that is larger than this is no request the console makes: 413 before it is buffered. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/**
 * Requests whose body is bigger by design, with their own ceiling: an upload chunk (4 MiB of file as
 * base64, plus the envelope). The chunk goes straight to the upload store on disk, so memory stays bounded.
 */
export const BODY_LIMIT_BYTES: Readonly<Record<string, number>> = {
  'telemetry.upload': 6 * 1024 * 1024,
};

export function bodyLimitFor(requestName: string): number {
  return BODY_LIMIT_BYTES[requestName] ?? MAX_JSON_BODY_BYTES;
}

export type BodyResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly status: 400 | 413; readonly reason: string };

/**
 * Reads a body up to `limitBytes`, refusing a declared Content-Length above it without reading a byte and
 * stopping at the first byte past it otherwise (chunked bodies declare nothing). Never rejects: a client
 * that goes away mid-body ends as a 400 nobody will read.
 */
export function readLimitedBody(req: http.IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) {
    return Promise.resolve({ ok: false, status: 413, reason: `request body over ${limitBytes} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        chunks.length = 0;
        settle({ ok: false, status: 413, reason: `request body over ${limitBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => settle({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ ok: false, status: 400, reason: 'request body broken off' }));
    req.on('aborted', () => settle({ ok: false, status: 400, reason: 'request body broken off' }));
  });
}
