/**
 * The one guarded step that turns a request target into a path. Everything a client sends is hostile
 * until it parsed here: `/%ff` (not UTF-8), `/%` (a torn escape), `//` (a protocol-relative URL that
 * `new URL` cannot resolve), `http://[` (absolute form with a broken host) and NUL bytes all come back as
 * a refusal, never as an exception thrown inside the request handler.
 */
export type RequestTarget =
  | { readonly ok: true; readonly pathname: string; readonly decodedPath: string }
  | { readonly ok: false; readonly reason: string };

/** Longer targets than this are no request the console makes. */
export const MAX_TARGET_CHARS = 4096;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  if (raw === undefined || raw.length === 0) return { ok: false, reason: 'empty request target' };
  if (raw.length > MAX_TARGET_CHARS) return { ok: false, reason: 'request target too long' };
  // Origin form only: the server is nobody's proxy, so absolute form (`http://host/…`) and `*` are refused.
  if (!raw.startsWith('/') || raw.startsWith('//')) return { ok: false, reason: 'request target must be a path' };
  const end = raw.search(/[?#]/);
  const pathname = end === -1 ? raw : raw.slice(0, end);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(pathname);
  } catch {
    return { ok: false, reason: 'malformed percent-encoding in path' };
  }
  if ([...decodedPath].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return { ok: false, reason: 'control character in path' };
  return { ok: true, pathname, decodedPath };
}
