import type Database from 'better-sqlite3';

type Db = Database.Database;

/** While another process holds the write lock, each attempt to take it waits this long inside SQLite. */
export const LOCK_ATTEMPT_MS = 250;
/** A write gives up (with a sentence) only after waiting this long for another process's write. */
export const MAX_LOCK_WAIT_MS = 10 * 60 * 1000;
/** The statement timeout once the lock is held (reads of a WAL file rarely wait at all). */
export const HELD_BUSY_TIMEOUT_MS = 5000;

/** The progress phase of a write that waits for another process's lock (CLI stderr, console progress). */
export const LOCK_WAIT_PHASE = 'waiting for another Floorwalk process';

/** Told, at most once per attempt, that a write is waiting for another process; with how long so far. */
export type LockWaitListener = (waitedMs: number) => void;

const listeners = new WeakMap<Db, LockWaitListener>();

/** Who hears that this connection's next write waits (the worker turns it into a progress line). */
export function onLockWait(db: Db, listener: LockWaitListener | null): void {
  if (listener) listeners.set(db, listener);
  else listeners.delete(db);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/**
 * Makes every `db.transaction(fn)()` of this connection begin with `BEGIN IMMEDIATE`: the write lock is
 * taken before the first statement, so a transaction that reads then writes can never fail half-way when
 * another process wrote in between (a deferred transaction's upgrade fails at once with "database is
 * locked"). When another process holds the lock, the write waits — in short attempts, telling the
 * listener each time — instead of failing after the busy timeout. Nested calls stay savepoints.
 */
export function immediateTransactions(db: Db): void {
  type Fn = (...args: unknown[]) => unknown;
  const original = db.transaction.bind(db) as unknown as (fn: Fn) => Fn & { deferred: Fn; immediate: Fn; exclusive: Fn };
  const transaction = (fn: Fn): unknown => {
    let begun = false;
    const inner = original((...args: unknown[]) => {
      begun = true;
      db.pragma(`busy_timeout = ${HELD_BUSY_TIMEOUT_MS}`);
      return fn(...args);
    });
    const run = (...args: unknown[]): unknown => {
      if (db.inTransaction) return inner(...args);
      const startedMs = Date.now();
      for (;;) {
        begun = false;
        db.pragma(`busy_timeout = ${LOCK_ATTEMPT_MS}`);
        try {
          return inner.immediate(...args);
        } catch (error) {
          const waitedMs = Date.now() - startedMs;
          if (begun || !isBusy(error) || waitedMs > MAX_LOCK_WAIT_MS) throw error;
          listeners.get(db)?.(waitedMs);
        } finally {
          db.pragma(`busy_timeout = ${HELD_BUSY_TIMEOUT_MS}`);
        }
      }
    };
    return Object.assign(run, { default: run, deferred: inner.deferred, immediate: run, exclusive: inner.exclusive });
  };
  db.transaction = transaction as unknown as Db['transaction'];
}
