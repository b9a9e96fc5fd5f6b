import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import type { WriteResult } from '../inventory/detail-types';
import { DEVICE_STATUSES } from '../inventory/types';
import { createDevice, updateAccelerator, updateDevice, type WriteOptions } from '../inventory/writes/index';
import { applyCounts, describeApply } from './apply-words';
import { finishAudit } from './reconcile';
import { getAudit, nowIso } from './store';
import type { ApplyResult, ReconItem } from './types';

/**
 * The device status a missing device gets. The inventory's device statuses have no "missing" yet (only
 * accelerators do); until they do, a missing device is set offline and the change log's reason says it was
 * missing in the audit. When DEVICE_STATUSES gains 'missing', it is used without a change here.
 */
export const MISSING_DEVICE_STATUS: string = (DEVICE_STATUSES as readonly string[]).includes('missing') ? 'missing' : 'offline';

export function auditChangeSet(auditId: string): string {
  return `audit:${auditId}`;
}

/** The slot a misplaced accelerator takes in its new server: its old slot number when free, else the first free one. */
function freeSlot(db: Db, deviceId: number, preferred: number | null): number | null {
  const capacity = db.prepare('SELECT t.accel_count FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.id = ?').pluck().get(deviceId) as number | undefined;
  if (capacity === undefined) return null;
  const taken = new Set(db.prepare('SELECT slot FROM accelerators WHERE device_id = ?').pluck().all(deviceId) as number[]);
  if (preferred !== null && preferred < capacity && !taken.has(preferred)) return preferred;
  for (let slot = 0; slot < capacity; slot++) if (!taken.has(slot)) return slot;
  return null;
}

function typeRole(db: Db, typeId: number): string {
  const category = db.prepare('SELECT category FROM device_types WHERE id = ?').pluck().get(typeId) as string | undefined;
  return category === 'gpu_server' ? 'gpu-node' : (category ?? 'device');
}

function applyItem(db: Db, options: WriteOptions, auditId: string, item: ReconItem): WriteResult {
  const what = item.item;
  if (item.category === 'missing') {
    if (!what) throw new Error(`missing item ${item.key} has no inventory item`);
    const why = { ...options, reason: `${options.reason ?? `audit ${auditId}`}: missing, expected in ${item.from?.rack ?? 'its rack'}` };
    return what.kind === 'device' ? updateDevice(db, why, what.id, { status: MISSING_DEVICE_STATUS }) : updateAccelerator(db, why, what.id, { status: 'missing' });
  }
  if (item.category === 'misplaced') {
    if (!what || !item.to) throw new Error(`misplaced item ${item.key} has no inventory item or place`);
    const why = { ...options, reason: `${options.reason ?? `audit ${auditId}`}: found in ${item.to.rack}` };
    if (what.kind === 'device') return updateDevice(db, why, what.id, { rackId: item.to.rackId, uPosition: item.uPosition });
    if (item.targetDeviceId === null) throw new FloorwalkError('invalid_input', 'choose the server it was found in.');
    const slot = freeSlot(db, item.targetDeviceId, item.slot);
    if (slot === null) throw new FloorwalkError('rule_violation', `server ${item.targetDeviceId} has no free accelerator slot.`);
    return updateAccelerator(db, why, what.id, { deviceId: item.targetDeviceId, slot });
  }
  if (!item.to || item.typeId === null) throw new FloorwalkError('invalid_input', 'choose a device type to add it.');
  const identity = item.identity === 'asset_tag' ? { assetTag: item.code } : { serial: item.code };
  return createDevice(db, { ...options, reason: `${options.reason ?? `audit ${auditId}`}: unknown item found in ${item.to.rack}` }, {
    rackId: item.to.rackId,
    typeId: item.typeId,
    uPosition: item.uPosition,
    role: typeRole(db, item.typeId),
    ...identity,
  });
}

/**
 * Applies the accepted items of an audit's reconciliation to the inventory through the inventory's write
 * functions (so every rule holds and every write is logged), in one transaction that becomes one change
 * set, "audit:<id>", in the change log: undo reverts it as a whole. Any refused item refuses the whole apply
 * with the item named; nothing is half-written. An audit is applied once.
 */
export function applyAudit(db: Db, auditId: string, options: WriteOptions): ApplyResult {
  const run = db.transaction((): ApplyResult => {
    const audit = getAudit(db, auditId);
    if (audit.applied_at) throw new FloorwalkError('conflict', `Audit ${audit.id} was already applied on ${audit.applied_at} (change set ${audit.change_set}).`);
    const { details } = finishAudit(db, audit.id, options.actor);
    const items = [...details.missing, ...details.misplaced, ...details.unknown];
    const accepted = items.filter((i) => i.decision === 'accept' && !i.applied);
    const blocked = accepted.find((i) => i.blocker !== null);
    if (blocked) throw new FloorwalkError('invalid_input', `Cannot apply audit ${audit.id}: ${blocked.code}: ${blocked.blocker ?? ''}. Nothing was changed.`, { field: blocked.key });

    const planned = applyCounts(accepted);
    const changeSet = auditChangeSet(audit.id);
    const firstNewChange = ((db.prepare('SELECT max(id) FROM change_log').pluck().get() as number | null) ?? 0) + 1;
    const record = db.prepare('INSERT INTO audit_applied (audit_id, item_key, action, entity, entity_id, change_id) VALUES (?, ?, ?, ?, ?, ?)');
    const counts = { markedMissing: 0, moved: 0, added: 0 };
    const writeOptions: WriteOptions = { actor: options.actor, reason: options.reason ?? `audit ${audit.id} (${audit.scope_label})` };
    for (const item of accepted) {
      let written: WriteResult;
      try {
        written = applyItem(db, writeOptions, audit.id, item);
      } catch (error) {
        if (!(error instanceof FloorwalkError)) throw error;
        const label = item.item ? `${item.code} (${item.item.label})` : item.code;
        throw new FloorwalkError(error.code, `Cannot apply audit ${audit.id}: ${label}: ${error.message} Reject the item or change its decision; nothing was changed.`, {
          field: item.key,
        });
      }
      record.run(audit.id, item.key, item.action, item.item?.kind ?? 'device', written.id, written.changeId);
      if (item.action === 'mark-missing') counts.markedMissing++;
      else if (item.action === 'move') counts.moved++;
      else counts.added++;
    }
    // The write functions log each row on its own; the apply is one change set that names the audit.
    const changes = db.prepare('UPDATE change_log SET change_set = ? WHERE id >= ?').run(changeSet, firstNewChange).changes;
    db.prepare('UPDATE audits SET applied_at = ?, applied_by = ?, change_set = ? WHERE id = ?').run(nowIso(), options.actor, changeSet, audit.id);
    return {
      audit: audit.id,
      changeSet,
      ...counts,
      rejected: items.filter((i) => i.decision === 'reject').length,
      changes,
      markedMissingDevices: planned.devicesMissing,
      markedMissingAccelerators: planned.acceleratorsMissing,
      summary: describeApply(planned),
    };
  });
  return run.immediate();
}
