import { useEffect, useState } from 'react';
import type { RequestInput, RequestName, RequestResult } from '../../app/api/contract';
import { api } from './client';
import { useDataVersion } from './data-version';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
}

/**
 * Calls a request and re-calls it when its input changes or the data changes (after a write). While a
 * refresh of the same input is in flight the previous answer stays on screen, so nothing flickers; a new
 * input starts blank so a view never shows one rack's data under another rack's name.
 * Pass `null` as input to skip the call.
 */
export function useRequest<K extends RequestName>(name: K, input: RequestInput<K> | null): Loaded<RequestResult<K>> {
  const key = input === null ? null : `${name}:${JSON.stringify(input)}`;
  const version = useDataVersion();
  const [state, setState] = useState<{ key: string | null; loaded: Loaded<RequestResult<K>> }>({ key: null, loaded: { data: null, error: null, loading: false } });

  useEffect(() => {
    if (key === null || input === null) return;
    let live = true;
    setState((previous) => ({ key, loaded: { data: previous.key === key ? previous.loaded.data : null, error: null, loading: true } }));
    api.call(name, input).then(
      (data) => {
        if (live) setState({ key, loaded: { data, error: null, loading: false } });
      },
      (error: unknown) => {
        if (live) setState({ key, loaded: { data: null, error: error instanceof Error ? error : new Error(String(error)), loading: false } });
      },
    );
    return () => {
      live = false;
    };
    // `key` stands for name + input, so they are not listed separately.
  }, [key, version]);

  if (state.key !== key) return { data: null, error: null, loading: key !== null };
  return state.loaded;
}
