import { useSyncExternalStore } from 'react';

/**
 * One counter that every view's data hangs off: a write (edit, undo, import) bumps it, and each view that
 * is on screen asks the core again. Simpler and safer than patching caches by hand after each write.
 */
let version = 0;
const listeners = new Set<() => void>();

export function invalidateData(): void {
  version += 1;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useDataVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
