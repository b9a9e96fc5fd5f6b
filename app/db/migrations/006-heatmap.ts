import type { Migration } from '../migration';

/**
 * Per-room thresholds for the heatmap's findings (app/heatmap/thresholds.ts lists the keys, their units
 * and defaults). One row per room and key, only for the values a room sets itself: a room with no row
 * uses the defaults of its ASHRAE class, so a change of class moves the defaults with it. Values are
 * stored in SI units (°C, K, %, s) whatever unit the technician typed. Safe to run again.
 */
export const migration006: Migration = {
  version: 6,
  name: 'heatmap',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS room_thresholds (
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
        key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 60),
        value REAL NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (room_id, key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
