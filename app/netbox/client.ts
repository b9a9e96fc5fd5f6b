import { FloorwalkError } from '../core/errors';

/** NetBox's page size cap by default is 1,000; one page per request keeps the round trips few. */
export const NETBOX_PAGE_SIZE = 1000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface NetboxServer {
  /** Base URL without a trailing slash, e.g. `https://netbox.example.com`. */
  readonly url: string;
  readonly token: string;
}

/** NetBox 4.5+ v2 tokens (`nbt_<key>.<secret>`) go as Bearer; older 40-character tokens as `Token`. */
export function authorization(token: string): string {
  return token.startsWith('nbt_') ? `Bearer ${token}` : `Token ${token}`;
}

export function normaliseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FloorwalkError('invalid_input', `"${raw}" is not a URL; give the NetBox address, e.g. https://netbox.example.com.`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FloorwalkError('invalid_input', `NetBox is reached over http or https, not ${url.protocol}`, { field: 'url' });
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

export interface NetboxResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** One HTTP call to NetBox. Errors are sentences naming the server and NetBox's own reason; the token never appears. */
export async function netboxFetch<T>(
  server: NetboxServer,
  method: string,
  pathOrUrl: string,
  body?: unknown,
  signal?: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<NetboxResponse<T>> {
  const target = pathOrUrl.startsWith('http') ? pathOrUrl : server.url + pathOrUrl;
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(target, {
      method,
      headers: { ...extraHeaders, Authorization: authorization(server.token), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw new FloorwalkError('cancelled', 'The NetBox sync was cancelled.');
    throw new FloorwalkError('io_error', `Cannot reach NetBox at ${server.url}: ${(error as Error).message}`);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    throw new FloorwalkError('io_error', `NetBox at ${server.url} answered ${method} ${new URL(target).pathname} with HTTP ${res.status} and no JSON (is this a NetBox API?).`);
  }
  if (res.status === 401 || res.status === 403) {
    throw new FloorwalkError('invalid_input', `NetBox at ${server.url} refused the token (HTTP ${res.status}): ${detail(parsed)}`, { field: 'token' });
  }
  if (res.status >= 400) throw new NetboxRefusal(res.status, `NetBox refused ${method} ${new URL(target).pathname} (HTTP ${res.status}): ${detail(parsed)}`, parsed);
  return { status: res.status, body: parsed as T };
}

/** NetBox answered and said no (HTTP 4xx/5xx other than auth): a push reports it per object instead of stopping. */
export class NetboxRefusal extends FloorwalkError {
  constructor(
    readonly status: number,
    message: string,
    /** NetBox's JSON answer: for a bulk write, one error object per item sent. */
    readonly body: unknown,
  ) {
    super('io_error', message);
  }
}

function detail(body: unknown): string {
  if (body && typeof body === 'object') {
    if ('detail' in body && typeof body.detail === 'string') return body.detail;
    return JSON.stringify(body).slice(0, 500);
  }
  return String(body);
}

interface Page<T> {
  readonly next: string | null;
  readonly results: T[];
}

/**
 * Every object an endpoint lists, page by page with NetBox's cursor pagination (`start`, by id; NetBox ≥ 4.3).
 * A server that ignores `start` still pages correctly by following `next`.
 */
export async function netboxList<T>(
  server: NetboxServer,
  endpoint: string,
  query: Record<string, string | number | readonly number[]>,
  signal?: AbortSignal,
  onPage?: (n: number) => void,
): Promise<T[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  params.set('start', '0');
  params.set('limit', String(NETBOX_PAGE_SIZE));
  let next: string | null = `/api/${endpoint}/?${params.toString()}`;
  const all: T[] = [];
  while (next !== null) {
    const page: NetboxResponse<Page<T>> = await netboxFetch<Page<T>>(server, 'GET', next, undefined, signal);
    all.push(...page.body.results);
    onPage?.(page.body.results.length);
    // NetBox builds `next` from the Host it was asked on; keep our own base in case a proxy rewrote it.
    next = page.body.next === null ? null : server.url + new URL(page.body.next).pathname + new URL(page.body.next).search;
  }
  return all;
}
