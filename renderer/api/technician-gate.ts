import { useSyncExternalStore } from 'react';
import type { ApiClient, CallOptions, RequestInput, RequestName, RequestResult } from '../../app/api/contract';

/**
 * The console names the technician once per database, before its first write, whatever the write is (an
 * edit, an import, a rack moved on the floor map, an audit): every change-log entry then carries a person,
 * not "console user". The name is stored in the database (session.setTechnician), so the next console on
 * the same file knows it; the header shows it and can change it.
 */

interface GateState {
  /** undefined until session.get answered. */
  readonly technician: string | null | undefined;
  /** Shown while a write waits for a name; `changing` when the technician asked to change it. */
  readonly prompt: { readonly changing: boolean } | null;
}

let state: GateState = { technician: undefined, prompt: null };
let writes: ReadonlySet<string> = new Set();
let loading: Promise<void> | null = null;
/** The writes waiting for a name; one prompt answers them all. */
let waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
const listeners = new Set<() => void>();

function set(next: Partial<GateState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function useTechnicianGate(): GateState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** Opens the prompt to change the name (from the header). */
export function askToChangeTechnician(): void {
  set({ prompt: { changing: true } });
}

let inner: ApiClient | null = null;

/** The prompt's answer: names the technician, then lets the waiting writes go. */
export async function nameTechnician(name: string): Promise<void> {
  if (!inner) throw new Error('the API client is not ready');
  const answer = await inner.call('session.setTechnician', { name });
  set({ technician: answer.technician, prompt: null });
  const released = waiting;
  waiting = [];
  for (const w of released) w.resolve();
}

/** The prompt was closed without a name: the waiting writes are not sent. */
export function dismissTechnicianPrompt(): void {
  const refused = waiting;
  waiting = [];
  set({ prompt: null });
  for (const w of refused) w.reject(Object.assign(new Error('Nothing was changed: name yourself first, every change is recorded under your name.'), { code: 'cancelled' }));
}

function load(client: ApiClient): Promise<void> {
  loading ??= client.call('session.get', {}).then(
    (session) => {
      writes = new Set(session.writeRequests);
      set({ technician: session.technician });
    },
    (error: unknown) => {
      // Without an answer nothing is gated; the next call asks again.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Wraps a client so that a write waits for the technician's name when the database has none yet. */
export function withTechnicianGate(client: ApiClient): ApiClient {
  inner = client;
  return {
    async call<K extends RequestName>(name: K, input: RequestInput<K>, options: CallOptions = {}): Promise<RequestResult<K>> {
      if (name !== 'session.get' && name !== 'session.setTechnician') {
        await load(client).catch(() => undefined);
        if (state.technician === null && writes.has(name)) {
          await new Promise<void>((resolve, reject) => {
            waiting.push({ resolve, reject });
            if (!state.prompt) set({ prompt: { changing: false } });
          });
        }
      }
      const result = await client.call(name, input, options);
      if (name === 'session.setTechnician' || name === 'session.get') {
        const session = result as RequestResult<'session.get'>;
        writes = new Set(session.writeRequests);
        set({ technician: session.technician });
      }
      return result;
    },
  };
}
