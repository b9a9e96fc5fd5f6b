import type { Migration } from '../migration';

/**
 * The power chain: utility feed → UPS → switchboard → busway → PDU → rack, one tree per side of a 2N
 * design. power_elements holds every element of a site with its usable rating (kW; the continuous rating a
 * planner may load it to, not the breaker's trip figure) and optionally its amps per phase and voltage;
 * `side` is A or B, or NULL for an element that serves both sides (a shared utility intake). power_feeds
 * says which element each side of a rack hangs on, and optionally which zero-U rack PDU (device) is that
 * side in the rack, so its kW telemetry can be read as the rack's load. rack_limits carries what a rack may
 * hold by weight; a rack without a row takes the default in app/capacity (a 42U rack's static rating).
 */
export const migration010: Migration = {
  version: 10,
  name: 'power-chain',
  up(db) {
    db.exec(`
      CREATE TABLE power_elements (
        id INTEGER PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE RESTRICT,
        room_id INTEGER REFERENCES rooms(id) ON DELETE RESTRICT,
        name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 80),
        kind TEXT NOT NULL CHECK (kind IN ('utility','generator','ups','switchboard','busway','pdu')),
        parent_id INTEGER REFERENCES power_elements(id) ON DELETE RESTRICT,
        side TEXT CHECK (side IS NULL OR side IN ('A','B')),
        rating_kw REAL NOT NULL CHECK (rating_kw > 0),
        amps_per_phase REAL CHECK (amps_per_phase IS NULL OR amps_per_phase > 0),
        voltage_v REAL CHECK (voltage_v IS NULL OR voltage_v > 0),
        phases INTEGER NOT NULL DEFAULT 3 CHECK (phases IN (1, 3)),
        CHECK (parent_id IS NULL OR parent_id <> id),
        UNIQUE (site_id, name)
      ) STRICT;
      CREATE INDEX power_elements_by_parent ON power_elements(parent_id);
      CREATE INDEX power_elements_by_room ON power_elements(room_id);

      CREATE TABLE power_feeds (
        rack_id INTEGER NOT NULL REFERENCES racks(id) ON DELETE CASCADE,
        side TEXT NOT NULL CHECK (side IN ('A','B')),
        element_id INTEGER NOT NULL REFERENCES power_elements(id) ON DELETE RESTRICT,
        pdu_device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL,
        PRIMARY KEY (rack_id, side)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX power_feeds_by_element ON power_feeds(element_id);

      CREATE TABLE rack_limits (
        rack_id INTEGER PRIMARY KEY REFERENCES racks(id) ON DELETE CASCADE,
        max_weight_kg REAL NOT NULL CHECK (max_weight_kg > 0)
      ) STRICT;
    `);
  },
};
