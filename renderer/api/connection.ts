import { useSyncExternalStore } from 'react';
import { invalidateData } from './data-version';

/**
 * Browser mode's link to `floorwalk serve`. While the server is away (restarted, stopped for an update) the
 * page says "reconnecting…" and keeps knocking; when the server answers again with the same session token
 * (it keeps the token per database in a 0600 file) every view on screen asks again, so the console
 * resumes by itself, without a reload. A server that answers with another token is a new session: the
 * page says so, because only the new URL can resume it. While a write waits for another Floorwalk
 * process's lock (a CLI import), the heartbeat says so too and the page shows it.
 */
export type ConnectionState = 'online' | 'waiting' | 'reconnecting' | 'ended';
/** The server is there and answering (`waiting`: a write of this console waits for another Floorwalk process). */
const isUp = (value: ConnectionState): boolean => value === 'online' || value === 'waiting';

/** How often an idle page checks that the server is still there. */
export const HEARTBEAT_MS = 2000;
/** How often it knocks while the server is away. */
export const RECONNECT_RETRY_MS = 750;
/** One knock gives up after this long (a server that accepts but does not answer counts as away). */
export const ALIVE_TIMEOUT_MS = 1500;

let state: ConnectionState = 'online';
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let probe: (() => Promise<ConnectionState>) | null = null;

function set(next: ConnectionState): void {
  if (next === state) return;
  const resumed = state === 'reconnecting' && isUp(next);
  state = next;
  for (const listener of listeners) listener();
  // What failed while the server was away is asked again now.
  if (resumed) invalidateData();
}

let dueAtMs = Number.POSITIVE_INFINITY;

/** The next knock in `delayMs`, unless one is already due sooner: many calls never push the heartbeat away. */
function schedule(delayMs: number): void {
  const due = Date.now() + delayMs;
  if (timer !== null && dueAtMs <= due) return;
  if (timer !== null) clearTimeout(timer);
  dueAtMs = due;
  timer = setTimeout(() => void knock(), delayMs);
}

async function knock(): Promise<void> {
  timer = null;
  dueAtMs = Number.POSITIVE_INFINITY;
  if (!probe) return;
  set(await probe());
  if (state !== 'ended') schedule(state === 'online' ? HEARTBEAT_MS : RECONNECT_RETRY_MS);
}

/** A request was sent: knock soon, so a write waiting for another process's lock shows within a second. */
export function reportCallSent(): void {
  if (probe && state === 'online') schedule(RECONNECT_RETRY_MS);
}

/** Starts the heartbeat (browser mode only): `check` answers what the server says right now. */
export function watchConnection(check: () => Promise<ConnectionState>): void {
  probe = check;
  schedule(HEARTBEAT_MS);
}

/** A request could not reach the server: say so at once and knock sooner than the heartbeat would. */
export function reportUnreachable(): void {
  if (!probe || state === 'ended') return;
  set('reconnecting');
  schedule(RECONNECT_RETRY_MS);
}

export function connectionState(): ConnectionState {
  return state;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribe, () => state);
}
