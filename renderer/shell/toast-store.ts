import { useSyncExternalStore } from 'react';

/** Short notices at the bottom of the screen (saved, undone, failed), each gone after a few seconds. */

export type ToastTone = 'info' | 'ok' | 'error';

export interface Toast {
  readonly id: number;
  readonly tone: ToastTone;
  readonly text: string;
  readonly action?: { readonly label: string; readonly run: () => void };
}

const TOAST_LIFETIME_MS = 6000;
const MAX_TOASTS = 4;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

/** After an undo the "Undo" buttons on earlier notices would undo something else: take them away. */
export function dismissActionToasts(): void {
  toasts = toasts.filter((t) => !t.action);
  emit();
}

export function showToast(text: string, tone: ToastTone = 'info', action?: Toast['action']): void {
  const id = nextId;
  nextId += 1;
  toasts = [...toasts, { id, tone, text, ...(action ? { action } : {}) }].slice(-MAX_TOASTS);
  emit();
  window.setTimeout(() => dismissToast(id), TOAST_LIFETIME_MS);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(subscribe, () => toasts);
}
