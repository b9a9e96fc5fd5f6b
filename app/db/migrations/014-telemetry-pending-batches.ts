import type { Migration } from '../migration';

/**
 * Telemetry imports commit in chunks, so a scan or a device edit from another window or process gets the
 * write lock between chunks instead of waiting for a whole file; readers still see a file all or nothing.
 *
 * - telemetry_readings becomes telemetry_readings_all, each reading carrying the import (`batch`) that
 *   wrote it (0 for readings older than this migration, and for readings not written by an import).
 * - telemetry_pending_batches: one row per import still running. Its readings are already in
 *   telemetry_readings_all but nobody sees them: the view `telemetry_readings`, which every reading query
 *   uses, leaves the pending batches out. The import's last commit deletes the row (the whole file becomes
 *   visible in that one commit); a failed, cancelled or killed import has its readings deleted, then the
 *   row. pid, host and heartbeat_ms say whether the import is still alive (a killed one is cleaned up by
 *   the next import or the next start of the console).
 * - telemetry_pending_series: the (metric, target) series a pending batch wrote into, so its readings can
 *   be deleted one primary-key range each without scanning the table; and the newest value of each series
 *   held back from telemetry_latest until the last commit (ts/value NULL until then).
 * - The view takes inserts, updates and deletes as the table did (INSTEAD OF triggers), so code that wrote
 *   telemetry_readings directly keeps working.
 */
export const migration014: Migration = {
  version: 14,
  name: 'telemetry-pending-batches',
  up(db) {
    db.exec(`
      ALTER TABLE telemetry_readings RENAME TO telemetry_readings_all;
      ALTER TABLE telemetry_readings_all ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE telemetry_pending_batches (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        actor TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_ms INTEGER NOT NULL,
        first_ts INTEGER,
        last_ts INTEGER
      ) STRICT;

      CREATE TABLE telemetry_pending_series (
        batch INTEGER NOT NULL,
        metric_id INTEGER NOT NULL,
        target_id INTEGER NOT NULL,
        ts INTEGER,
        value REAL,
        PRIMARY KEY (batch, metric_id, target_id)
      ) STRICT, WITHOUT ROWID;

      CREATE VIEW telemetry_readings AS
        SELECT metric_id, target_id, ts, value FROM telemetry_readings_all
        WHERE batch NOT IN (SELECT id FROM telemetry_pending_batches);

      CREATE TRIGGER telemetry_readings_insert INSTEAD OF INSERT ON telemetry_readings BEGIN
        INSERT INTO telemetry_readings_all (metric_id, target_id, ts, value) VALUES (NEW.metric_id, NEW.target_id, NEW.ts, NEW.value);
      END;
      CREATE TRIGGER telemetry_readings_update INSTEAD OF UPDATE ON telemetry_readings BEGIN
        UPDATE telemetry_readings_all SET metric_id = NEW.metric_id, target_id = NEW.target_id, ts = NEW.ts, value = NEW.value
        WHERE metric_id = OLD.metric_id AND target_id = OLD.target_id AND ts = OLD.ts;
      END;
      CREATE TRIGGER telemetry_readings_delete INSTEAD OF DELETE ON telemetry_readings BEGIN
        DELETE FROM telemetry_readings_all WHERE metric_id = OLD.metric_id AND target_id = OLD.target_id AND ts = OLD.ts;
      END;
    `);
  },
};
