import { useSyncExternalStore } from 'react';

/**
 * Where the open view is in the hierarchy (site, room, row, rack), published by the views once they know
 * it, so the sidebar can open the branch and mark the node without loading anything itself.
 */
export interface NavContext {
  readonly siteId: number | null;
  readonly roomId: number | null;
  readonly row: string | null;
  readonly rackId: number | null;
}

const EMPTY: NavContext = { siteId: null, roomId: null, row: null, rackId: null };
let current: NavContext = EMPTY;
const listeners = new Set<() => void>();

export function setNavContext(next: Partial<NavContext>): void {
  const merged = { ...EMPTY, ...next };
  if (merged.siteId === current.siteId && merged.roomId === current.roomId && merged.row === current.row && merged.rackId === current.rackId) return;
  current = merged;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useNavContext(): NavContext {
  return useSyncExternalStore(subscribe, () => current);
}
