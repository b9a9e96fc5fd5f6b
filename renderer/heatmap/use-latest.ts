import { useEffect, useRef, useState } from 'react';
import type { RequestInput, RequestName, RequestResult } from '../../app/api/contract';
import { api } from '../api/client';

/**
 * Calls a request for an input that changes fast (the slider's time while playing or scrubbing): at most
 * one call in flight; when it returns and the input has moved on, the latest input is asked next. The
 * answer on screen is always the newest one received, never one older than it.
 */
export function useLatestRequest<K extends RequestName>(name: K, input: RequestInput<K> | null, refresh = 0): { data: RequestResult<K> | null; error: Error | null; forKey: string | null } {
  const key = input === null ? null : JSON.stringify(input);
  const [state, setState] = useState<{ data: RequestResult<K> | null; error: Error | null; forKey: string | null }>({ data: null, error: null, forKey: null });
  const inFlight = useRef(false);
  const wanted = useRef<{ key: string; input: RequestInput<K>; refresh: number } | null>(null);
  const done = useRef<{ key: string; refresh: number } | null>(null);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  useEffect(() => {
    if (key === null || input === null) return;
    wanted.current = { key, input, refresh };
    const pump = (): void => {
      const next = wanted.current;
      if (inFlight.current || !next) return;
      if (done.current && done.current.key === next.key && done.current.refresh === next.refresh) return;
      inFlight.current = true;
      api.call(name, next.input).then(
        (data) => {
          inFlight.current = false;
          done.current = { key: next.key, refresh: next.refresh };
          if (live.current) setState({ data, error: null, forKey: next.key });
          pump();
        },
        (error: unknown) => {
          inFlight.current = false;
          done.current = { key: next.key, refresh: next.refresh };
          if (live.current) setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)) }));
          pump();
        },
      );
    };
    pump();
    // `key` stands for name + input.
  }, [key, refresh]);

  return state;
}

/** A value that changes fast, passed on once it has not changed for `delayMs` (the first value at once). */
export function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      setSettled(value);
      return;
    }
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
