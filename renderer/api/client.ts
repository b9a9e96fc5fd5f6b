import type { ApiClient, RequestInput, RequestName, RequestResult } from '../../app/api/contract';
import type { ErrorData } from '../../app/core/errors';

/** An error from the core, with the field it is about, so forms can show it inline. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(data: ErrorData) {
    super(data.message);
    this.code = data.code;
    this.field = data.field;
  }
}

interface Bridge {
  call(name: string, input: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorData }>;
}

declare global {
  interface Window {
    floorwalk?: Bridge;
  }
}

const TOKEN_KEY = 'floorwalk.token';
const TOKEN_HEADER = 'x-floorwalk-token';

/** Browser mode: the token arrives once in the URL fragment, is kept for the tab, and leaves the address bar. */
function takeToken(): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpClient(): ApiClient {
  const token = takeToken();
  return {
    async call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestResult<K>> {
      const response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(input),
      });
      const reply = (await response.json()) as { ok: true; result: RequestResult<K> } | { ok: false; error: ErrorData };
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.result;
    },
  };
}

function bridgeClient(bridge: Bridge): ApiClient {
  return {
    async call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestResult<K>> {
      const reply = await bridge.call(name, input);
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.result as RequestResult<K>;
    },
  };
}

/** The one client the views use: the preload bridge in Electron, HTTP in browser mode. */
export const api: ApiClient = window.floorwalk ? bridgeClient(window.floorwalk) : httpClient();
