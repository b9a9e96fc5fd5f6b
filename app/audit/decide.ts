import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { reconcileItem } from './reconcile';
import { getAudit, nowIso } from './store';
import type { Decision, IdentityField, ReconItem } from './types';

export interface DecideInput {
  /** The item's key from the reconciliation, e.g. "missing:device:42". */
  readonly item: string;
  /** Left out: the item keeps its current decision (a U or type changed on its own). */
  readonly decision?: Decision;
  readonly typeId?: number | null;
  readonly identity?: IdentityField;
  readonly uPosition?: number | null;
  readonly targetDeviceId?: number | null;
  readonly slot?: number | null;
}

/** Accepts or rejects one reconciliation item, with what accepting needs (a type, a U, a target server). */
export function decide(db: Db, auditId: string, input: DecideInput, by: string): ReconItem {
  const audit = getAudit(db, auditId);
  if (audit.applied_at) throw new FloorwalkError('conflict', `Audit ${audit.id} was already applied; its decisions are final.`);
  const item = reconcileItem(db, audit.id, input.item);
  if (!item) throw new FloorwalkError('not_found', `Audit ${audit.id} has no item "${input.item}" to decide on.`, { field: 'item' });
  if (input.typeId !== undefined && input.typeId !== null) {
    const type = db.prepare('SELECT id FROM device_types WHERE id = ?').get(input.typeId);
    if (!type) throw new FloorwalkError('not_found', `No device type ${input.typeId}.`, { field: 'typeId' });
  }
  if (input.targetDeviceId !== undefined && input.targetDeviceId !== null) {
    const device = db.prepare('SELECT id FROM devices WHERE id = ?').get(input.targetDeviceId);
    if (!device) throw new FloorwalkError('not_found', `No device ${input.targetDeviceId}.`, { field: 'targetDeviceId' });
  }
  const pick = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);
  db.prepare(
    `INSERT INTO audit_decisions (audit_id, item_key, decision, type_id, identity, u_position, target_device_id, slot, decided_at, decided_by)
     VALUES (@audit, @key, @decision, @typeId, @identity, @u, @target, @slot, @at, @by)
     ON CONFLICT (audit_id, item_key) DO UPDATE SET decision = excluded.decision, type_id = excluded.type_id, identity = excluded.identity,
       u_position = excluded.u_position, target_device_id = excluded.target_device_id, slot = excluded.slot,
       decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
  ).run({
    audit: audit.id,
    key: item.key,
    decision: input.decision ?? item.decision,
    typeId: pick(input.typeId, item.typeId),
    identity: item.category === 'unknown' ? pick(input.identity, item.identity) : null,
    u: pick(input.uPosition, item.uPosition),
    target: pick(input.targetDeviceId, item.targetDeviceId),
    slot: pick(input.slot, item.slot),
    at: nowIso(),
    by,
  });
  const updated = reconcileItem(db, audit.id, item.key);
  if (!updated) throw new Error(`item ${item.key} vanished after its decision`);
  return updated;
}

/** A device type by id or slug (e.g. "dgx-h100"), for the CLI's --type. */
export function deviceTypeId(db: Db, text: string): number {
  const query = text.trim();
  const id = (/^\d+$/.test(query)
    ? db.prepare('SELECT id FROM device_types WHERE id = ?').pluck().get(Number(query))
    : db.prepare('SELECT id FROM device_types WHERE slug = ? COLLATE NOCASE').pluck().get(query)) as number | undefined;
  if (id === undefined) throw new FloorwalkError('not_found', `No device type "${query}". Use its slug (e.g. dgx-h100) or id.`, { field: 'typeId' });
  return id;
}
