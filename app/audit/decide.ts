import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { reconcile, reconcileItem } from './reconcile';
import { getAudit, nowIso } from './store';
import type { BulkDecisionResult, Decision, IdentityField, ItemKind, ReconCategory, ReconItem } from './types';

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

const UPSERT_DECISION = `INSERT INTO audit_decisions (audit_id, item_key, decision, type_id, identity, u_position, target_device_id, slot, decided_at, decided_by)
     VALUES (@audit, @key, @decision, @typeId, @identity, @u, @target, @slot, @at, @by)
     ON CONFLICT (audit_id, item_key) DO UPDATE SET decision = excluded.decision, type_id = excluded.type_id, identity = excluded.identity,
       u_position = excluded.u_position, target_device_id = excluded.target_device_id, slot = excluded.slot,
       decided_at = excluded.decided_at, decided_by = excluded.decided_by`;

/** Stores the decision on one item: what the input gives, the item's current choices for the rest. */
function writeDecision(db: Db, auditId: string, item: ReconItem, input: Omit<DecideInput, 'item'>, by: string): void {
  const pick = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);
  db.prepare(UPSERT_DECISION).run({
    audit: auditId,
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
}

export interface BulkDecideInput {
  readonly decision: Decision;
  readonly category?: ReconCategory | undefined;
  readonly kind?: ItemKind | undefined;
  /** A rack of the audit by id: items expected there or found there. */
  readonly rackId?: number | undefined;
  /** A device by id: the device itself and the GPUs expected in it. */
  readonly deviceId?: number | undefined;
}

function chosen(item: ReconItem, filter: BulkDecideInput): boolean {
  if (item.applied) return false;
  if (filter.category !== undefined && item.category !== filter.category) return false;
  if (filter.kind !== undefined && (item.item?.kind ?? 'device') !== filter.kind) return false;
  if (filter.rackId !== undefined && item.from?.rackId !== filter.rackId && item.to?.rackId !== filter.rackId) return false;
  if (filter.deviceId !== undefined) {
    const own = item.item?.kind === 'device' && item.item.id === filter.deviceId;
    const inside = item.item?.kind === 'accelerator' && (item.server?.id === filter.deviceId || item.to?.deviceId === filter.deviceId);
    if (!own && !inside) return false;
  }
  return true;
}

/**
 * Accepts or rejects every item a filter chooses (by category, kind, rack, device), in one transaction.
 * Items that cannot be accepted as they stand (an unknown code without a device type) are skipped with why.
 */
export function decideMany(db: Db, auditId: string, filter: BulkDecideInput, by: string): BulkDecisionResult {
  return db.transaction((): BulkDecisionResult => {
    const audit = getAudit(db, auditId);
    if (audit.applied_at) throw new FloorwalkError('conflict', `Audit ${audit.id} was already applied; its decisions are final.`);
    const { details } = reconcile(db, audit.id);
    const skipped: Array<{ key: string; reason: string }> = [];
    let decided = 0;
    for (const item of [...details.missing, ...details.misplaced, ...details.unknown]) {
      if (!chosen(item, filter)) continue;
      if (filter.decision === 'accept' && item.blocker !== null) {
        skipped.push({ key: item.key, reason: item.blocker });
        continue;
      }
      writeDecision(db, audit.id, item, { decision: filter.decision }, by);
      decided++;
    }
    return { decided, skipped };
  }).immediate();
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
  writeDecision(db, audit.id, item, input, by);
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
