import type { Db } from '../db/open';
import { logChange } from '../inventory/change-log';

export interface SwapVerification {
  readonly caseId: number;
  /** `verified`: the slot now reports a new GPU; `old_part`: it still reports the removed GPU's UUID. */
  readonly outcome: 'verified' | 'old_part';
  readonly uuid: string | null;
}

interface Pending {
  id: number;
  acceleratorId: number;
  partUuid: string | null;
  newSerial: string | null;
  identity: string;
  file: string;
  noted: number;
}

/**
 * After a telemetry import: every swapped slot the file reported is checked. A GPU UUID other than the
 * removed part's (or the new serial) verifies the swap, and the slot's inventory row learns the new UUID;
 * the removed part's UUID means the swap did not happen as recorded, noted once on the case. Runs in its
 * own transaction after the import committed, so a failure here never undoes the readings.
 */
export function verifySwaps(db: Db, importId: number, actor: string): SwapVerification[] {
  const pending = db
    .prepare(
      `SELECT c.id, c.accelerator_id AS acceleratorId, c.part_uuid AS partUuid, c.new_serial AS newSerial, t.identity, i.file,
              (SELECT count(*) FROM rma_events e WHERE e.case_id = c.id AND e.step = 'note' AND e.note LIKE 'telemetry still reports%') AS noted
       FROM rma_cases c
       JOIN telemetry_targets t ON t.kind = 'accelerator' AND t.entity_id = c.accelerator_id AND t.last_import_id = @importId
       JOIN telemetry_imports i ON i.id = @importId
       WHERE c.swapped_at IS NOT NULL AND c.verified_at IS NULL`,
    )
    .all({ importId }) as Pending[];
  if (pending.length === 0) return [];
  const results: SwapVerification[] = [];
  db.transaction(() => {
    const at = new Date().toISOString();
    for (const row of pending) {
      let identity: { uuid?: unknown; serial?: unknown } = {};
      try {
        identity = JSON.parse(row.identity) as typeof identity;
      } catch {
        continue;
      }
      const uuid = typeof identity.uuid === 'string' ? identity.uuid.trim() : null;
      const serial = typeof identity.serial === 'string' ? identity.serial.trim() : null;
      if (uuid !== null && row.partUuid !== null && uuid.toLowerCase() === row.partUuid.toLowerCase()) {
        if (row.noted === 0) {
          db.prepare(`INSERT INTO rma_events (case_id, at, actor, step, serial, note) VALUES (?, ?, ?, 'note', NULL, ?)`).run(
            row.id,
            at,
            actor,
            `telemetry still reports the removed GPU’s UUID ${uuid} in this slot (${row.file})`,
          );
        }
        results.push({ caseId: row.id, outcome: 'old_part', uuid });
        continue;
      }
      const bySerial = serial !== null && row.newSerial !== null && serial.toLowerCase() === row.newSerial.toLowerCase();
      if (uuid === null && !bySerial) continue;
      db.prepare('UPDATE rma_cases SET new_uuid = ?, verified_at = ?, verified_import_id = ? WHERE id = ?').run(uuid, at, importId, row.id);
      db.prepare(`INSERT INTO rma_events (case_id, at, actor, step, serial, note) VALUES (?, ?, ?, 'verify', ?, ?)`).run(
        row.id,
        at,
        actor,
        serial,
        `${row.file} reports ${uuid === null ? `serial ${serial ?? ''}` : `UUID ${uuid}`} in the slot`,
      );
      if (uuid !== null) {
        const taken = db.prepare('SELECT id FROM accelerators WHERE uuid = ? AND id <> ?').pluck().get(uuid, row.acceleratorId) as number | undefined;
        const current = db.prepare('SELECT uuid FROM accelerators WHERE id = ?').pluck().get(row.acceleratorId) as string | null | undefined;
        if (taken === undefined && current === null) {
          db.prepare('UPDATE accelerators SET uuid = ? WHERE id = ?').run(uuid, row.acceleratorId);
          db.prepare('UPDATE slot_history SET uuid = ? WHERE installed_case_id = ? AND uuid IS NULL').run(uuid, row.id);
          logChange(db, {
            actor,
            entity: 'accelerator',
            entityId: row.acceleratorId,
            action: 'update',
            before: { uuid: null },
            after: { uuid },
            reason: `RMA case ${row.id}: swap verified by ${row.file}`,
            at,
          });
        }
      }
      results.push({ caseId: row.id, outcome: 'verified', uuid });
    }
  })();
  return results;
}
