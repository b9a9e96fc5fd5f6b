import crypto from 'node:crypto';
import type { Migration } from '../migration';

/**
 * Offline audits. An audit freezes what the inventory expects in its scope (audit_racks, audit_expected),
 * then records what the technician scans (audit_scans, append-only), which racks were walked, the
 * reconciliation decisions, and what was applied to the inventory (one change set in change_log).
 *
 * Audit and scan ids are ULIDs (time + 80 random bits), not integers, so audits and scans made on two
 * laptops never collide when their bundles are merged. Inventory ids in these tables are plain integers
 * without foreign keys: an audit is a record of the past, it must survive a rack or device being deleted.
 *
 * Also writes `meta.inventory_id`: a random id that every copy of this database file shares (backups, the
 * copy on a technician's laptop) and that an inventory created anywhere else never has. Audit bundles carry
 * it, so a bundle from another inventory is refused. Every statement is written to be safe to run again.
 */
export const migration005: Migration = {
  version: 5,
  name: 'audits',
  up(db) {
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('inventory_id', ?)").run(crypto.randomBytes(16).toString('hex'));
    db.exec(`
      CREATE TABLE IF NOT EXISTS audits (
        id TEXT PRIMARY KEY CHECK (length(id) = 26),
        inventory_id TEXT NOT NULL,
        scope_kind TEXT NOT NULL CHECK (scope_kind IN ('site','room','racks')),
        scope_label TEXT NOT NULL,
        site_id INTEGER,
        room_id INTEGER,
        include_accelerators INTEGER NOT NULL DEFAULT 1 CHECK (include_accelerators IN (0,1)),
        technician TEXT NOT NULL CHECK (length(technician) BETWEEN 1 AND 80),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        finished_by TEXT,
        expected_count INTEGER NOT NULL,
        expected_digest TEXT NOT NULL,
        -- Where the technician stands now on this machine, so an interrupted audit resumes there.
        current_rack_id INTEGER,
        current_device_id INTEGER,
        applied_at TEXT,
        applied_by TEXT,
        change_set TEXT
      ) STRICT;
      CREATE INDEX IF NOT EXISTS audits_by_room ON audits(room_id);

      CREATE TABLE IF NOT EXISTS audit_racks (
        audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        rack_id INTEGER NOT NULL,
        name TEXT NOT NULL COLLATE NOCASE,
        asset_tag TEXT COLLATE NOCASE,
        room_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        grid_x INTEGER NOT NULL,
        grid_y INTEGER NOT NULL,
        done_at TEXT,
        done_by TEXT,
        PRIMARY KEY (audit_id, rack_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS audit_racks_by_tag ON audit_racks(audit_id, asset_tag);
      CREATE INDEX IF NOT EXISTS audit_racks_by_name ON audit_racks(audit_id, name);

      CREATE TABLE IF NOT EXISTS audit_expected (
        audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('device','accelerator')),
        entity_id INTEGER NOT NULL,
        serial TEXT COLLATE NOCASE,
        asset_tag TEXT COLLATE NOCASE,
        label TEXT NOT NULL,
        rack_id INTEGER NOT NULL,
        u_position INTEGER,
        device_id INTEGER,
        slot INTEGER,
        PRIMARY KEY (audit_id, kind, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS audit_expected_by_serial ON audit_expected(audit_id, serial) WHERE serial IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_expected_by_tag ON audit_expected(audit_id, asset_tag) WHERE asset_tag IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_expected_by_rack ON audit_expected(audit_id, rack_id);

      CREATE TABLE IF NOT EXISTS audit_scans (
        id TEXT PRIMARY KEY CHECK (length(id) = 26),
        audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        code TEXT NOT NULL COLLATE NOCASE,
        rack_id INTEGER NOT NULL,
        u_position INTEGER,
        result TEXT NOT NULL CHECK (result IN ('rack','matched','misplaced','unknown','duplicate')),
        entity_kind TEXT CHECK (entity_kind IN ('device','accelerator')),
        entity_id INTEGER,
        -- Where the inventory had the item when it was scanned (for items outside the frozen list).
        expected_rack_id INTEGER,
        expected_where TEXT,
        device_context_id INTEGER,
        scanned_at TEXT NOT NULL,
        scanned_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS audit_scans_by_audit ON audit_scans(audit_id, scanned_at, id);
      CREATE INDEX IF NOT EXISTS audit_scans_by_entity ON audit_scans(audit_id, entity_kind, entity_id) WHERE entity_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_scans_by_code ON audit_scans(audit_id, code);
      CREATE INDEX IF NOT EXISTS audit_scans_by_rack ON audit_scans(audit_id, rack_id);

      -- Scans are evidence: once written they are never changed or removed.
      CREATE TRIGGER IF NOT EXISTS audit_scans_no_update BEFORE UPDATE ON audit_scans
        BEGIN SELECT RAISE(ABORT, 'audit scans are append-only'); END;
      CREATE TRIGGER IF NOT EXISTS audit_scans_no_delete BEFORE DELETE ON audit_scans
        BEGIN SELECT RAISE(ABORT, 'audit scans are append-only'); END;

      -- Which items an audit has seen (first sightings), kept by a trigger from audit_scans whatever wrote the
      -- scan (the scanner screen or a merged bundle), so progress counts stay cheap as scans pile up.
      CREATE TABLE IF NOT EXISTS audit_seen (
        audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        expected INTEGER NOT NULL CHECK (expected IN (0,1)),
        PRIMARY KEY (audit_id, kind, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER IF NOT EXISTS audit_scans_seen AFTER INSERT ON audit_scans
        WHEN NEW.entity_id IS NOT NULL AND NEW.result IN ('matched','misplaced')
        BEGIN
          INSERT OR IGNORE INTO audit_seen (audit_id, kind, entity_id, expected)
          VALUES (NEW.audit_id, NEW.entity_kind, NEW.entity_id,
                  EXISTS (SELECT 1 FROM audit_expected e WHERE e.audit_id = NEW.audit_id AND e.kind = NEW.entity_kind AND e.entity_id = NEW.entity_id));
        END;

      CREATE TABLE IF NOT EXISTS audit_decisions (
        audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept','reject')),
        type_id INTEGER,
        identity TEXT CHECK (identity IN ('serial','asset_tag')),
        u_position INTEGER,
        target_device_id INTEGER,
        slot INTEGER,
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        PRIMARY KEY (audit_id, item_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE IF NOT EXISTS audit_applied (
        audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('mark-missing','move','add')),
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        change_id INTEGER NOT NULL,
        PRIMARY KEY (audit_id, item_key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
