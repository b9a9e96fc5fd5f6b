import type { Db } from '../db/open';

/**
 * Runs `work` as one IMMEDIATE transaction committed with synchronous=FULL, then goes back to the
 * connection's setting (NORMAL).
 *
 * Why FULL for scans: in WAL mode, NORMAL already survives the app being killed (the commit is in the OS
 * page cache and the WAL is replayed on the next open), but a power cut or an OS crash can drop the last
 * commits since the previous checkpoint. A laptop in a data hall runs on battery, and a scan the screen
 * has confirmed must still be there after any of those, so each scan's commit waits for its fsync. The cost
 * is one fsync per scan (a few milliseconds, printed by the audit benchmark) against a human who scans at
 * most a few codes a second; bulk imports keep NORMAL, where the fsync per commit would cost real time.
 */
export function durably<T>(db: Db, work: () => T): T {
  const inTransaction = db.inTransaction;
  if (inTransaction) return work();
  const previous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(work).immediate();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}
