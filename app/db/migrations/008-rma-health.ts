import type { Migration } from '../migration';

/**
 * Field replacement (RMA) and slot history.
 *
 * - rma_cases: one case per failed part. The part is named by what is printed on it (serial) and by the
 *   slot it sat in (device + slot), because a GPU's UUID is not on the label and a replacement takes over
 *   the slot. `accelerator_id` is the inventory row of the slot: a swap keeps that row (its serial becomes
 *   the new part's) so racks, audits and telemetry keep pointing at the slot.
 * - rma_events: every step with who and when (open, drain, remove, install, verify, close, note).
 * - slot_history: which part sat in a slot and when. The first entry of a slot is written when its part
 *   is first swapped (the part's install time is unknown then, so installed_at is NULL). A removed part
 *   is never deleted: it stays here and on its case, findable by serial.
 * - telemetry_unreadable: GPUs a telemetry file said it could not read ("[GPU is lost]", "Unable to
 *   determine the device handle", "[GPU requires reset]"), per import, matched to the slot by host + bus id
 *   where the inventory knows them. A later import that reads the GPU again clears it from the findings.
 */
export const migration008: Migration = {
  version: 8,
  name: 'rma-and-gpu-health',
  up(db) {
    db.exec(`
      CREATE TABLE rma_cases (
        id INTEGER PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('suspect','rma-open','replaced','returned')),
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        slot INTEGER NOT NULL CHECK (slot >= 0),
        accelerator_id INTEGER REFERENCES accelerators(id) ON DELETE SET NULL,
        part_serial TEXT COLLATE NOCASE,
        part_uuid TEXT COLLATE NOCASE,
        part_model TEXT,
        new_serial TEXT COLLATE NOCASE,
        new_uuid TEXT COLLATE NOCASE,
        reason TEXT,
        finding_kind TEXT,
        evidence TEXT,
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        swapped_at TEXT,
        swapped_by TEXT,
        verified_at TEXT,
        verified_import_id INTEGER,
        closed_at TEXT,
        closed_by TEXT
      ) STRICT;
      CREATE INDEX rma_cases_by_slot ON rma_cases(device_id, slot);
      CREATE INDEX rma_cases_by_accelerator ON rma_cases(accelerator_id, status);
      CREATE INDEX rma_cases_by_part ON rma_cases(part_serial);
      CREATE INDEX rma_cases_by_new ON rma_cases(new_serial);

      CREATE TABLE rma_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES rma_cases(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        step TEXT NOT NULL CHECK (step IN ('open','drain','remove','install','verify','close','note')),
        serial TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX rma_events_by_case ON rma_events(case_id, id);

      CREATE TABLE slot_history (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE RESTRICT,
        slot INTEGER NOT NULL CHECK (slot >= 0),
        serial TEXT COLLATE NOCASE,
        uuid TEXT COLLATE NOCASE,
        model TEXT,
        installed_at TEXT,
        removed_at TEXT,
        installed_case_id INTEGER REFERENCES rma_cases(id),
        removed_case_id INTEGER REFERENCES rma_cases(id)
      ) STRICT;
      CREATE INDEX slot_history_by_slot ON slot_history(device_id, slot, id);
      CREATE INDEX slot_history_by_serial ON slot_history(serial);

      CREATE TABLE telemetry_unreadable (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL,
        line INTEGER NOT NULL,
        host TEXT,
        bus_id TEXT,
        message TEXT NOT NULL,
        accelerator_id INTEGER REFERENCES accelerators(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX telemetry_unreadable_by_accelerator ON telemetry_unreadable(accelerator_id, import_id);
    `);
  },
};
