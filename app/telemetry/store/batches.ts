import os from 'node:os';
import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';

/**
 * The life of an import's batch (see migration 014). An import commits its readings in chunks under a
 * batch id listed in telemetry_pending_batches, which the `telemetry_readings` view leaves out; the last
 * commit removes the row and the whole file appears at once. A batch that will never complete (the import
 * failed, was cancelled, or its process was killed) is discarded: its readings are deleted one
 * (metric, target) key range at a time, in short transactions so other writers are not held up, its row last.
 */

/** A batch whose import has not written for this long is dead even if its pid is alive again (pid reuse). */
export const PENDING_STALE_MS = 15 * 60 * 1000;
/** Series deleted per transaction when a batch is discarded: each is one primary-key range. */
const DISCARD_SERIES_PER_TX = 500;

/** Batches this thread is importing right now: a pending row of our own pid that is not here is dead. */
const activeBatches = new Set<number>();

interface PendingRow {
  readonly id: number;
  readonly file: string;
  readonly actor: string;
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
  readonly heartbeat_ms: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isAlive(row: PendingRow, nowMs: number): boolean {
  if (nowMs - row.heartbeat_ms > PENDING_STALE_MS) return false;
  // Another machine (a database on a share): only the heartbeat can tell.
  if (row.host !== os.hostname()) return true;
  if (row.pid === process.pid) return activeBatches.has(row.id);
  return processAlive(row.pid);
}

/**
 * Opens a batch for an import (its own short transaction): dead batches are discarded first, a live one
 * (another window or process importing) refuses this import, since both would count each other's
 * readings as duplicates. Returns the batch id, which becomes the import's id when it completes.
 */
export function beginBatch(db: Db, file: string, actor: string): number {
  cleanDeadBatches(db);
  return db.transaction(() => {
    const live = db.prepare('SELECT * FROM telemetry_pending_batches ORDER BY id LIMIT 1').get() as PendingRow | undefined;
    if (live) {
      throw new FloorwalkError(
        'conflict',
        `Another telemetry import is running (${live.file}, started ${live.started_at} by ${live.actor}); import ${file} when it has finished.`,
      );
    }
    const next = db.prepare('SELECT max(coalesce((SELECT max(id) FROM telemetry_imports), 0), coalesce((SELECT max(id) FROM telemetry_pending_batches), 0)) + 1').pluck().get() as number;
    db.prepare('INSERT INTO telemetry_pending_batches (id, file, actor, pid, host, started_at, heartbeat_ms) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      next,
      file,
      actor,
      process.pid,
      os.hostname(),
      new Date().toISOString(),
      Date.now(),
    );
    activeBatches.add(next);
    return next;
  })();
}

/** The batch's import is over (completed or discarded): no longer ours to keep alive. */
export function endBatch(batch: number): void {
  activeBatches.delete(batch);
}

/**
 * Deletes everything a batch wrote: its readings (key range by key range), the targets it created, its
 * held-back latest values, then its row. Safe to repeat after a crash half-way: the row goes last.
 */
export function discardBatch(db: Db, batch: number): void {
  const row = db.prepare('SELECT first_ts AS firstTs, last_ts AS lastTs FROM telemetry_pending_batches WHERE id = ?').get(batch) as
    | { firstTs: number | null; lastTs: number | null }
    | undefined;
  if (row === undefined) {
    endBatch(batch);
    return;
  }
  const series = db.prepare('SELECT metric_id AS metric, target_id AS target FROM telemetry_pending_series WHERE batch = ? LIMIT ?');
  const dropReadings = db.prepare('DELETE FROM telemetry_readings_all WHERE metric_id = ? AND target_id = ? AND ts BETWEEN ? AND ? AND batch = ?');
  const dropSeries = db.prepare('DELETE FROM telemetry_pending_series WHERE batch = ? AND metric_id = ? AND target_id = ?');
  const firstTs = row.firstTs ?? 0;
  const lastTs = row.lastTs ?? -1;
  for (;;) {
    const done = db.transaction(() => {
      const rows = series.all(batch, DISCARD_SERIES_PER_TX) as Array<{ metric: number; target: number }>;
      for (const s of rows) {
        if (lastTs >= firstTs) dropReadings.run(s.metric, s.target, firstTs, lastTs, batch);
        dropSeries.run(batch, s.metric, s.target);
      }
      return rows.length < DISCARD_SERIES_PER_TX;
    })();
    if (done) break;
  }
  db.transaction(() => {
    db.prepare('DELETE FROM telemetry_targets WHERE first_import_id = ?').run(batch);
    db.prepare('DELETE FROM telemetry_pending_batches WHERE id = ?').run(batch);
  })();
  endBatch(batch);
}

/** Discards the batches of imports that died (killed, crashed, machine off). Returns how many. */
export function cleanDeadBatches(db: Db): number {
  if (db.readonly) return 0;
  const nowMs = Date.now();
  const rows = db.prepare('SELECT * FROM telemetry_pending_batches').all() as PendingRow[];
  let cleaned = 0;
  for (const row of rows) {
    if (isAlive(row, nowMs)) continue;
    discardBatch(db, row.id);
    cleaned++;
  }
  return cleaned;
}
