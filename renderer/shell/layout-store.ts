import { useSyncExternalStore } from 'react';

/**
 * What the console hides to give a map the screen. Below this width the site tree folds away on the floor
 * map and heatmap tabs (and the heatmap's side panel starts closed), so a 1366 px laptop draws the hall on
 * ~80 % of the screen; the technician's own choice (Ctrl+B, the ☰ button) wins until the page reloads.
 */
export const WIDE_LAYOUT_MIN_PX = 1600;

let sidebarChoice: boolean | null = null;
let width = typeof window === 'undefined' ? WIDE_LAYOUT_MIN_PX : window.innerWidth;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('resize', onResize);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('resize', onResize);
  };
}

function onResize(): void {
  const narrow = window.innerWidth < WIDE_LAYOUT_MIN_PX;
  const wasNarrow = width < WIDE_LAYOUT_MIN_PX;
  width = window.innerWidth;
  if (narrow !== wasNarrow) emit();
}

export function isNarrowLayout(): boolean {
  return width < WIDE_LAYOUT_MIN_PX;
}

/** True when the site tree is shown, for a place that is (or is not) a map. */
export function useSidebarShown(onMap: boolean): boolean {
  const narrow = useSyncExternalStore(subscribe, isNarrowLayout);
  const choice = useSyncExternalStore(subscribe, () => sidebarChoice);
  return choice ?? !(narrow && onMap);
}

export function setSidebarShown(shown: boolean): void {
  sidebarChoice = shown;
  emit();
}

/** True below the wide layout's width; re-renders when the window crosses it. */
export function useNarrowLayout(): boolean {
  return useSyncExternalStore(subscribe, isNarrowLayout);
}
