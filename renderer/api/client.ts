import type { ApiClient, CallOptions, RequestInput, RequestName, RequestResult } from '../../app/api/contract';
import type { ErrorData } from '../../app/core/errors';
import type { ProgressEvent } from '../../app/core/progress';
import { ALIVE_TIMEOUT_MS, reportCallSent, reportUnreachable, watchConnection, type ConnectionState } from './connection';
import { withTechnicianGate } from './technician-gate';

/** An error from the core, with the field it is about, so forms can show it inline. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: string | undefined;
  constructor(data: ErrorData) {
    super(data.message);
    this.code = data.code;
    this.field = data.field;
    this.line = data.line;
    this.column = data.column;
  }
}

type Reply = { ok: true; result: unknown } | { ok: false; error: ErrorData };

/** What the Electron preload exposes (main/electron/preload.ts). */
interface Bridge {
  call(name: string, input: unknown, callId?: string): Promise<Reply>;
  cancel(callId: string): void;
  onProgress(listener: (message: { callId: string; progress: ProgressEvent }) => void): () => void;
  savePdf(html: string, suggestedName: string): Promise<{ ok: true; result: { saved: string | null } } | { ok: false; error: ErrorData }>;
}

/** Desktop only (Electron's printToPDF); null in browser mode, where the print dialog saves PDFs. */
export async function savePdf(html: string, suggestedName: string): Promise<string | null> {
  const bridge = window.floorwalk;
  if (!bridge) throw new ApiError({ code: 'invalid_input', message: 'Saving a PDF directly needs the desktop app; use Print / PDF.' });
  const reply = await bridge.savePdf(html, suggestedName);
  if (!reply.ok) throw new ApiError(reply.error);
  return reply.result.saved;
}

export const canSavePdf = (): boolean => window.floorwalk !== undefined;

declare global {
  interface Window {
    floorwalk?: Bridge;
  }
}

const TOKEN_KEY = 'floorwalk.token';
const TOKEN_HEADER = 'x-floorwalk-token';
const NDJSON = 'application/x-ndjson';
const CALL_HEADER = 'x-floorwalk-call';
const LOCK_WAIT_HEADER = 'x-floorwalk-lock-wait-ms';
/** A cancel can reach the server before the request it names; it is sent again this often while the call is open. */
const CANCEL_RETRY_MS = 200;
const CANCEL_ATTEMPTS = 5;

/** Browser mode: the token arrives once in the URL fragment, is kept for the tab, and leaves the address bar. */
function takeToken(): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    const rest = window.location.hash.replace(/[#&]?token=[A-Za-z0-9_-]+/, '');
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest.startsWith('#') ? rest : rest ? `#${rest}` : ''));
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function unwrap<T>(reply: Reply): T {
  if (!reply.ok) throw new ApiError(reply.error);
  return reply.result as T;
}

function cancelledError(): ApiError {
  return new ApiError({ code: 'cancelled', message: 'Cancelled; nothing was written.' });
}

/** Reads the NDJSON stream of a long request: progress lines, then one reply line. */
async function readStream(response: Response, onProgress: (event: ProgressEvent) => void): Promise<Reply> {
  const reader = response.body?.getReader();
  if (!reader) throw new ApiError({ code: 'internal', message: 'empty response' });
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const message = JSON.parse(line) as { progress?: ProgressEvent } & Partial<Reply>;
      if (message.progress) onProgress(message.progress);
      else return message as Reply;
      newline = buffered.indexOf('\n');
    }
  }
  throw new ApiError({ code: 'internal', message: 'the server closed the stream without an answer' });
}

/**
 * What `GET /api-alive` says: 204 this session's server (with a lock-wait header while a write waits for
 * another Floorwalk process), 401 a server with another token, else away.
 */
async function aliveCheck(token: string): Promise<ConnectionState> {
  try {
    const response = await fetch('/api-alive', { headers: { [TOKEN_HEADER]: token }, cache: 'no-store', signal: AbortSignal.timeout(ALIVE_TIMEOUT_MS) });
    if (response.status === 204) return response.headers.has(LOCK_WAIT_HEADER) ? 'waiting' : 'online';
    return response.status === 401 ? 'ended' : 'reconnecting';
  } catch {
    return 'reconnecting';
  }
}

function unreachableError(): ApiError {
  return new ApiError({ code: 'io_error', message: 'The Floorwalk server is not answering (restarting?); the console reconnects by itself.' });
}

function httpClient(): ApiClient {
  const token = takeToken();
  let nextCall = 1;
  watchConnection(() => aliveCheck(token));

  /**
   * Cancelling does not drop the connection: it asks the server to abort the call and then still waits for
   * the call's own answer, so the console says "rolled back" only when it was, and shows the result when
   * the work had already committed.
   */
  async function requestCancel(callId: string, settled: () => boolean): Promise<void> {
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS && !settled(); attempt++) {
      const reply = await fetch(`/api-cancel/${callId}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token } });
      const body = (await reply.json()) as { ok: boolean; result?: { cancelled: boolean } };
      if (body.result?.cancelled) return;
      await new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS));
    }
  }

  return {
    async call<K extends RequestName>(name: K, input: RequestInput<K>, options: CallOptions = {}): Promise<RequestResult<K>> {
      if (options.signal?.aborted) throw cancelledError();
      const headers: Record<string, string> = { 'content-type': 'application/json', [TOKEN_HEADER]: token };
      if (options.onProgress) headers['accept'] = NDJSON;
      const callId = `h${Date.now().toString(36)}${nextCall++}`;
      let settled = false;
      const onAbort = (): void => {
        void requestCancel(callId, () => settled);
      };
      if (options.signal) {
        headers[CALL_HEADER] = callId;
        options.signal.addEventListener('abort', onAbort, { once: true });
      }
      try {
        let response: Response;
        try {
          const sent = fetch(`/api/${name}`, { method: 'POST', headers, body: JSON.stringify(input) });
          reportCallSent();
          response = await sent;
        } catch (error) {
          // No answer at all: the server is away. The banner says so; views ask again once it is back.
          reportUnreachable();
          throw error instanceof TypeError ? unreachableError() : error;
        }
        if (options.onProgress && response.ok) {
          const onProgress = options.onProgress;
          const reply = await readStream(response, onProgress).catch((error: unknown) => {
            // The server went away mid-answer (restart, crash): whether the work committed is unknown here.
            if (!(error instanceof TypeError)) throw error;
            reportUnreachable();
            throw new ApiError({ code: 'io_error', message: 'The Floorwalk server went away before it answered; check whether the work was done once the console has reconnected.' });
          });
          return unwrap(reply);
        }
        return unwrap((await response.json()) as Reply);
      } finally {
        settled = true;
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function bridgeClient(bridge: Bridge): ApiClient {
  let nextCall = 1;
  return {
    async call<K extends RequestName>(name: K, input: RequestInput<K>, options: CallOptions = {}): Promise<RequestResult<K>> {
      if (!options.onProgress && !options.signal) return unwrap(await bridge.call(name, input));
      const callId = `c${nextCall++}`;
      const onProgress = options.onProgress;
      const unsubscribe = onProgress
        ? bridge.onProgress((message) => {
            if (message.callId === callId) onProgress(message.progress);
          })
        : () => undefined;
      const onAbort = (): void => bridge.cancel(callId);
      options.signal?.addEventListener('abort', onAbort);
      try {
        return unwrap(await bridge.call(name, input, callId));
      } finally {
        unsubscribe();
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/**
 * The one client the views use: the preload bridge in Electron, HTTP in browser mode; a write waits for
 * the technician's name when the database has none yet.
 */
export const api: ApiClient = withTechnicianGate(window.floorwalk ? bridgeClient(window.floorwalk) : httpClient());
