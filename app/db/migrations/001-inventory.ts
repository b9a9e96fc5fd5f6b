import type { Migration } from '../migration';

/**
 * The inventory: sites → rooms → rows → racks → devices → accelerators, cooling gear, sensors, the device
 * type catalog and the change log. Identity columns are COLLATE NOCASE so that a technician typing a
 * serial in any case finds it, and so that the same indexes serve exact and prefix search.
 */
export const migration001: Migration = {
  version: 1,
  name: 'inventory',
  up(db) {
    db.exec(`
      CREATE TABLE sites (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        timezone TEXT NOT NULL
      ) STRICT;

      CREATE TABLE rooms (
        id INTEGER PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE RESTRICT,
        name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
        width_tiles INTEGER NOT NULL CHECK (width_tiles BETWEEN 1 AND 2000),
        depth_tiles INTEGER NOT NULL CHECK (depth_tiles BETWEEN 1 AND 2000),
        tile_mm INTEGER NOT NULL DEFAULT 600 CHECK (tile_mm BETWEEN 300 AND 1200),
        ashrae_class TEXT NOT NULL DEFAULT 'A1' CHECK (ashrae_class IN ('A1','A2','A3','A4','H1')),
        UNIQUE (site_id, name)
      ) STRICT;

      CREATE TABLE rack_rows (
        id INTEGER PRIMARY KEY,
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE RESTRICT,
        name TEXT NOT NULL COLLATE NOCASE,
        UNIQUE (room_id, name)
      ) STRICT;

      CREATE TABLE cooling_loops (
        id INTEGER PRIMARY KEY,
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE RESTRICT,
        name TEXT NOT NULL COLLATE NOCASE,
        medium TEXT NOT NULL DEFAULT 'water' CHECK (medium IN ('water','pg25','dielectric','air')),
        UNIQUE (room_id, name)
      ) STRICT;

      CREATE TABLE racks (
        id INTEGER PRIMARY KEY,
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE RESTRICT,
        row_id INTEGER REFERENCES rack_rows(id) ON DELETE SET NULL,
        name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
        grid_x INTEGER NOT NULL CHECK (grid_x >= 0),
        grid_y INTEGER NOT NULL CHECK (grid_y >= 0),
        facing TEXT NOT NULL DEFAULT 'S' CHECK (facing IN ('N','E','S','W')),
        width_tiles INTEGER NOT NULL DEFAULT 1 CHECK (width_tiles BETWEEN 1 AND 4),
        depth_tiles INTEGER NOT NULL DEFAULT 2 CHECK (depth_tiles BETWEEN 1 AND 4),
        u_height INTEGER NOT NULL DEFAULT 42 CHECK (u_height BETWEEN 1 AND 60),
        power_budget_kw REAL NOT NULL DEFAULT 17.3 CHECK (power_budget_kw >= 0),
        cooling TEXT NOT NULL DEFAULT 'air' CHECK (cooling IN ('air','rdhx','dlc','immersion')),
        loop_id INTEGER REFERENCES cooling_loops(id) ON DELETE SET NULL,
        asset_tag TEXT COLLATE NOCASE UNIQUE,
        UNIQUE (room_id, name)
      ) STRICT;
      CREATE INDEX racks_by_name ON racks(name);
      CREATE INDEX racks_by_row ON racks(row_id);
      CREATE INDEX racks_by_loop ON racks(loop_id);

      CREATE TABLE cooling_units (
        id INTEGER PRIMARY KEY,
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('CDU','CRAH','CRAC')),
        name TEXT NOT NULL COLLATE NOCASE,
        grid_x INTEGER NOT NULL CHECK (grid_x >= 0),
        grid_y INTEGER NOT NULL CHECK (grid_y >= 0),
        width_tiles INTEGER NOT NULL DEFAULT 1,
        depth_tiles INTEGER NOT NULL DEFAULT 2,
        facing TEXT NOT NULL DEFAULT 'S' CHECK (facing IN ('N','E','S','W')),
        capacity_kw REAL NOT NULL CHECK (capacity_kw >= 0),
        loop_id INTEGER REFERENCES cooling_loops(id) ON DELETE SET NULL,
        serial TEXT COLLATE NOCASE UNIQUE,
        UNIQUE (room_id, name)
      ) STRICT;
      CREATE INDEX cooling_units_by_name ON cooling_units(name);

      CREATE TABLE sensors (
        id INTEGER PRIMARY KEY,
        room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE RESTRICT,
        rack_id INTEGER REFERENCES racks(id) ON DELETE SET NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('temperature','humidity','temp_humidity','leak','pressure')),
        position TEXT NOT NULL CHECK (position IN ('inlet','outlet','floor','ceiling','loop')),
        grid_x REAL NOT NULL,
        grid_y REAL NOT NULL,
        UNIQUE (room_id, name)
      ) STRICT;
      CREATE INDEX sensors_by_rack ON sensors(rack_id);

      CREATE TABLE device_types (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        vendor TEXT NOT NULL,
        model TEXT NOT NULL,
        category TEXT NOT NULL CHECK (category IN ('gpu_server','server','switch','storage','pdu','cdu','patch_panel')),
        u_height INTEGER NOT NULL CHECK (u_height BETWEEN 0 AND 60),
        full_depth INTEGER NOT NULL DEFAULT 1 CHECK (full_depth IN (0,1)),
        max_power_w REAL NOT NULL CHECK (max_power_w >= 0),
        accel_count INTEGER NOT NULL DEFAULT 0 CHECK (accel_count >= 0),
        accel_model TEXT,
        accel_form TEXT CHECK (accel_form IN ('SXM','OAM','PCIe','custom')),
        accel_tdp_w REAL,
        accel_memory_gb REAL,
        airflow TEXT NOT NULL CHECK (airflow IN ('front-to-back','back-to-front','liquid','hybrid','passive')),
        UNIQUE (vendor, model)
      ) STRICT;

      CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        rack_id INTEGER REFERENCES racks(id) ON DELETE RESTRICT,
        type_id INTEGER NOT NULL REFERENCES device_types(id) ON DELETE RESTRICT,
        u_position INTEGER CHECK (u_position IS NULL OR u_position >= 1),
        face TEXT NOT NULL DEFAULT 'front' CHECK (face IN ('front','rear')),
        role TEXT NOT NULL,
        hostname TEXT COLLATE NOCASE UNIQUE,
        serial TEXT COLLATE NOCASE UNIQUE,
        asset_tag TEXT COLLATE NOCASE UNIQUE,
        status TEXT NOT NULL DEFAULT 'active'
          CHECK (status IN ('active','planned','staged','offline','failed','missing','decommissioning','inventory'))
      ) STRICT;
      CREATE INDEX devices_by_rack ON devices(rack_id, u_position);
      CREATE INDEX devices_by_type ON devices(type_id);

      CREATE TABLE accelerators (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        slot INTEGER NOT NULL CHECK (slot >= 0),
        model TEXT NOT NULL,
        serial TEXT COLLATE NOCASE UNIQUE,
        uuid TEXT COLLATE NOCASE UNIQUE,
        pci_bus_id TEXT,
        firmware TEXT,
        status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok','degraded','failed','missing','rma')),
        UNIQUE (device_id, slot)
      ) STRICT;

      CREATE TABLE change_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        action TEXT NOT NULL CHECK (action IN ('create','update','delete','move','bulk')),
        before TEXT,
        after TEXT,
        reason TEXT,
        change_set TEXT
      ) STRICT;
      CREATE INDEX change_log_by_entity ON change_log(entity, entity_id, id);
      CREATE INDEX change_log_by_set ON change_log(change_set) WHERE change_set IS NOT NULL;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
