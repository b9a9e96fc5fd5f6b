import type { Migration } from '../migration';

/**
 * Telemetry profiles: a corrected column map saved under a name, with the header fingerprint of the file it
 * was made for, so the next file with the same header is offered it. `map` is the JSON list of
 * `COLUMN=ROLE[:UNIT]` corrections (the same text `--map` takes), `header` the JSON list of the header cells.
 */
export const migration012: Migration = {
  version: 12,
  name: 'telemetry-profiles',
  up(db) {
    db.exec(`
      CREATE TABLE telemetry_profiles (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        format TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        header TEXT NOT NULL,
        map TEXT NOT NULL,
        timezone TEXT,
        columns TEXT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        last_used_at TEXT
      ) STRICT;
      CREATE INDEX telemetry_profiles_fingerprint ON telemetry_profiles (fingerprint);
    `);
  },
};
