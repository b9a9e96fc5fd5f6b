import type { ErrorData } from '../../app/core/errors';
import type { ProgressEvent } from '../../app/core/progress';

/** Messages between the database worker and whoever owns it (Electron main or the browser-mode server). */
export interface WorkerRequest {
  readonly id: number;
  readonly name: string;
  readonly input: unknown;
  readonly actor: string;
}

export type WorkerReply =
  | { readonly id: number; readonly kind: 'result'; readonly result: unknown }
  | { readonly id: number; readonly kind: 'error'; readonly error: ErrorData }
  | { readonly id: number; readonly kind: 'progress'; readonly progress: ProgressEvent };

/**
 * The worker asks its owner to seal or open a secret with the OS keychain (Electron's safeStorage exists only
 * in the main process). `data` is the plain text to seal, or the sealed bytes in base64 to open.
 */
export interface WorkerSecretAsk {
  readonly kind: 'secret';
  readonly secretId: number;
  readonly op: 'available' | 'encrypt' | 'decrypt';
  readonly data: string;
}

/** The owner's answer: `data` is the sealed bytes in base64, the opened text, or "1"/"0" for available. */
export type WorkerSecretAnswer = { readonly kind: 'secret-answer'; readonly secretId: number } & ({ readonly ok: true; readonly data: string } | { readonly ok: false; readonly message: string });

/** Sent by the owner when the caller gave up on request `id`; the handler sees ctx.signal aborted. */
export interface WorkerCancel {
  readonly kind: 'cancel';
  readonly id: number;
}

export interface WorkerStartup {
  readonly dbPath: string;
  readonly create: boolean;
  /**
   * A reader of the read pool: a read-only WAL connection that serves `access: 'read'` requests while the
   * writer is busy. Opened after the writer (which migrated the file), so it skips the integrity check.
   */
  readonly reader?: boolean;
  /** The owner answers WorkerSecretAsk messages (the desktop app, with safeStorage). */
  readonly secrets?: boolean;
}

export type WorkerReady = { readonly kind: 'ready' } | { readonly kind: 'failed'; readonly error: ErrorData };
