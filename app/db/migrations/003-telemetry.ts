import type { Migration } from '../migration';

/**
 * Telemetry, shaped for what the heatmap asks:
 *
 * - telemetry_readings, keyed (metric_id, target_id, ts) WITHOUT ROWID: one metric over a room's targets in a
 *   time window is one index range per target, and the key itself is the row, so a reading costs ~20 bytes.
 *   Metric first because an importer writes a whole batch of one metric in key order (see app/telemetry/
 *   store.ts), which keeps inserts near-sequential. The key makes re-imports idempotent (INSERT OR IGNORE).
 *   No foreign keys: the importer owns these ids, and a per-row FK probe would halve import speed.
 * - telemetry_latest: the newest value per (metric, target), upserted at the end of each import, so "the
 *   latest of everything in this room" never scans history.
 * - telemetry_targets: what readings belong to — an inventory entity (kind + entity_id) or an unmatched
 *   identity (a GPU the inventory lacks), kept and listed, never dropped.
 * - telemetry_metrics: the vocabulary's ids and per-metric running figures (count, min, max, first, last),
 *   kept current by each import so `telemetry stats` never scans the readings.
 * - telemetry_imports: one row per imported file.
 * Times are UTC epoch milliseconds.
 */
export const migration003: Migration = {
  version: 3,
  name: 'telemetry',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS telemetry_metrics (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        unit TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        min_value REAL,
        max_value REAL,
        first_ts INTEGER,
        last_ts INTEGER
      ) STRICT;

      CREATE TABLE IF NOT EXISTS telemetry_targets (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('accelerator','device','rack','sensor','cooling_unit','unmatched')),
        entity_id INTEGER,
        label TEXT NOT NULL,
        identity TEXT NOT NULL,
        note TEXT,
        first_import_id INTEGER,
        last_import_id INTEGER,
        CHECK ((kind = 'unmatched') = (entity_id IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX IF NOT EXISTS telemetry_targets_by_entity ON telemetry_targets(kind, entity_id);

      CREATE TABLE IF NOT EXISTS telemetry_readings (
        metric_id INTEGER NOT NULL,
        target_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (metric_id, target_id, ts)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE IF NOT EXISTS telemetry_latest (
        metric_id INTEGER NOT NULL,
        target_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (metric_id, target_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS telemetry_latest_by_target ON telemetry_latest(target_id, metric_id);

      CREATE TABLE IF NOT EXISTS telemetry_imports (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        file TEXT NOT NULL,
        format TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        readings INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        unmatched_targets INTEGER NOT NULL,
        first_ts INTEGER,
        last_ts INTEGER,
        time_zone TEXT
      ) STRICT;
    `);
  },
};
