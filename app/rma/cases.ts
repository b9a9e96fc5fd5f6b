import { FloorwalkError } from '../core/errors';
import type { Db } from '../db/open';
import { logChange } from '../inventory/change-log';
import { cleanSerial, resolveSlot, slotById } from './part-ref';
import { readCase, readCases } from './read';
import type { RmaCase, RmaStatus, RmaStep } from './types';

export interface OpenCaseInput {
  /** GPU serial, UUID, or HOST:SLOT; or the inventory row when the console picked the GPU. */
  readonly part?: string | undefined;
  readonly acceleratorId?: number | undefined;
  readonly reason?: string | undefined;
  /** `suspect` watches a part; `rma-open` (the default) takes it out of service for replacement. */
  readonly status?: 'suspect' | 'rma-open' | undefined;
  /** The health finding that led here (kind and evidence), kept on the case. */
  readonly findingKind?: string | undefined;
  readonly evidence?: unknown;
}

const OPEN_STATUSES: readonly RmaStatus[] = ['suspect', 'rma-open'];

function now(): string {
  return new Date().toISOString();
}

function addEvent(db: Db, caseId: number, actor: string, step: RmaStep, serial: string | null, note: string | null, at: string): void {
  db.prepare('INSERT INTO rma_events (case_id, at, actor, step, serial, note) VALUES (?, ?, ?, ?, ?, ?)').run(caseId, at, actor, step, serial, note);
}

function requireActor(actor: string): string {
  const name = actor.trim();
  if (name === '') throw new FloorwalkError('invalid_input', 'Say who does this step (--by NAME): every RMA step names its technician.', { field: 'by' });
  return name;
}

function loadCase(db: Db, id: number): RmaCase {
  const found = readCase(db, id);
  if (!found) throw new FloorwalkError('not_found', `There is no RMA case ${id}.`, { field: 'case' });
  return found;
}

function setAcceleratorStatus(db: Db, acceleratorId: number, status: string, actor: string, reason: string, at: string): void {
  const before = db.prepare('SELECT status FROM accelerators WHERE id = ?').pluck().get(acceleratorId) as string | undefined;
  if (before === undefined || before === status) return;
  db.prepare('UPDATE accelerators SET status = ? WHERE id = ?').run(status, acceleratorId);
  logChange(db, { actor, entity: 'accelerator', entityId: acceleratorId, action: 'update', before: { status: before }, after: { status }, reason, at });
}

/** Opens a case for a failed (or suspect) GPU; one open case per slot. */
export function openCase(db: Db, input: OpenCaseInput, by: string): RmaCase {
  const actor = requireActor(by);
  return db.transaction(() => {
    const slot = input.acceleratorId !== undefined ? slotById(db, input.acceleratorId) : resolveSlot(db, input.part ?? '');
    const open = db
      .prepare(`SELECT id, status FROM rma_cases WHERE device_id = ? AND slot = ? AND status IN ('suspect','rma-open','replaced') ORDER BY id DESC LIMIT 1`)
      .get(slot.deviceId, slot.slot) as { id: number; status: RmaStatus } | undefined;
    if (open) throw new FloorwalkError('conflict', `${slot.device} GPU ${slot.slot} already has RMA case ${open.id} (${open.status}); continue that case.`, { field: 'part' });
    const status = input.status ?? 'rma-open';
    const at = now();
    const reason = input.reason?.trim() || null;
    const id = Number(
      db
        .prepare(
          `INSERT INTO rma_cases (status, device_id, slot, accelerator_id, part_serial, part_uuid, part_model, reason, finding_kind, evidence, opened_at, opened_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(status, slot.deviceId, slot.slot, slot.acceleratorId, slot.serial, slot.uuid, slot.model, reason, input.findingKind ?? null, input.evidence === undefined ? null : JSON.stringify(input.evidence), at, actor).lastInsertRowid,
    );
    addEvent(db, id, actor, 'open', slot.serial, reason, at);
    setAcceleratorStatus(db, slot.acceleratorId, status === 'rma-open' ? 'rma' : 'degraded', actor, `RMA case ${id} opened${reason ? `: ${reason}` : ''}`, at);
    return loadCase(db, id);
  })();
}

/** A drain note (the node was drained / the job moved) or any other note on an open case. */
export function noteCase(db: Db, caseId: number, note: string, by: string, step: 'drain' | 'note' = 'note'): RmaCase {
  const actor = requireActor(by);
  const text = note.trim();
  if (text === '') throw new FloorwalkError('invalid_input', 'The note is empty.', { field: 'note' });
  return db.transaction(() => {
    const found = loadCase(db, caseId);
    if (found.status === 'returned') throw new FloorwalkError('conflict', `RMA case ${caseId} is closed.`, { field: 'case' });
    const at = now();
    addEvent(db, caseId, actor, step, null, text, at);
    if (step === 'drain' && found.status === 'suspect') {
      db.prepare(`UPDATE rma_cases SET status = 'rma-open' WHERE id = ?`).run(caseId);
      if (found.acceleratorId !== null) setAcceleratorStatus(db, found.acceleratorId, 'rma', actor, `RMA case ${caseId}: drained for replacement`, at);
    }
    return loadCase(db, caseId);
  })();
}

export interface SwapInput {
  readonly newSerial: string;
  /** The serial read off the part that was pulled, checked against the case. */
  readonly removedSerial?: string | undefined;
}

/**
 * Records the physical swap: the old part leaves the slot (kept in the slot's history and on the case),
 * the new part's serial takes the slot's inventory row. Its UUID is left empty until a telemetry file
 * reports the new GPU in that slot, which verifies the swap.
 */
export function swapCase(db: Db, caseId: number, input: SwapInput, by: string): RmaCase {
  const actor = requireActor(by);
  const newSerial = cleanSerial(input.newSerial, 'newSerial');
  return db.transaction(() => {
    const found = loadCase(db, caseId);
    if (!OPEN_STATUSES.includes(found.status)) throw new FloorwalkError('conflict', `RMA case ${caseId} is ${found.status}; only an open case can be swapped.`, { field: 'case' });
    if (found.acceleratorId === null) throw new FloorwalkError('conflict', `The slot of RMA case ${caseId} is no longer in the inventory.`, { field: 'case' });
    if (input.removedSerial !== undefined) {
      const removed = cleanSerial(input.removedSerial, 'removedSerial');
      if (found.partSerial !== null && removed.toLowerCase() !== found.partSerial.toLowerCase())
        throw new FloorwalkError('conflict', `The part pulled is ${removed}, but case ${caseId} is for ${found.partSerial}: check the slot before swapping.`, { field: 'removedSerial' });
    }
    if (found.partSerial !== null && newSerial.toLowerCase() === found.partSerial.toLowerCase())
      throw new FloorwalkError('invalid_input', `${newSerial} is the serial of the part being replaced; scan the new part’s label.`, { field: 'newSerial' });
    const holder = db
      .prepare(`SELECT coalesce(d.hostname, 'device ' || d.id) || ' GPU ' || a.slot FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE a.serial = ? AND a.id <> ?`)
      .pluck()
      .get(newSerial, found.acceleratorId) as string | undefined;
    if (holder) throw new FloorwalkError('conflict', `Serial ${newSerial} is already ${holder}; a part sits in one slot at a time.`, { field: 'newSerial' });
    const otherSerial = db.prepare('SELECT coalesce(hostname, serial) FROM devices WHERE serial = ?').pluck().get(newSerial) as string | undefined;
    if (otherSerial) throw new FloorwalkError('conflict', `Serial ${newSerial} is the server ${otherSerial}’s, not a GPU’s.`, { field: 'newSerial' });

    const at = now();
    const acc = db.prepare('SELECT serial, uuid, model, status, firmware FROM accelerators WHERE id = ?').get(found.acceleratorId) as {
      serial: string | null;
      uuid: string | null;
      model: string;
      status: string;
      firmware: string | null;
    };
    const current = db.prepare('SELECT id FROM slot_history WHERE device_id = ? AND slot = ? AND removed_at IS NULL ORDER BY id DESC LIMIT 1').pluck().get(found.deviceId, found.slot) as
      | number
      | undefined;
    if (current === undefined) {
      db.prepare('INSERT INTO slot_history (device_id, slot, serial, uuid, model, installed_at, removed_at, removed_case_id) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)').run(
        found.deviceId,
        found.slot,
        acc.serial,
        acc.uuid,
        acc.model,
        at,
        caseId,
      );
    } else {
      db.prepare('UPDATE slot_history SET removed_at = ?, removed_case_id = ? WHERE id = ?').run(at, caseId, current);
    }
    db.prepare('INSERT INTO slot_history (device_id, slot, serial, uuid, model, installed_at, installed_case_id) VALUES (?, ?, ?, NULL, ?, ?, ?)').run(found.deviceId, found.slot, newSerial, acc.model, at, caseId);
    db.prepare(`UPDATE accelerators SET serial = ?, uuid = NULL, firmware = NULL, status = 'ok' WHERE id = ?`).run(newSerial, found.acceleratorId);
    logChange(db, {
      actor,
      entity: 'accelerator',
      entityId: found.acceleratorId,
      action: 'update',
      before: { serial: acc.serial, uuid: acc.uuid, firmware: acc.firmware, status: acc.status },
      after: { serial: newSerial, uuid: null, firmware: null, status: 'ok' },
      reason: `RMA case ${caseId}: ${acc.serial ?? 'part'} replaced by ${newSerial}`,
      at,
    });
    db.prepare(`UPDATE rma_cases SET status = 'replaced', new_serial = ?, swapped_at = ?, swapped_by = ? WHERE id = ?`).run(newSerial, at, actor, caseId);
    addEvent(db, caseId, actor, 'remove', acc.serial, null, at);
    addEvent(db, caseId, actor, 'install', newSerial, null, at);
    return loadCase(db, caseId);
  })();
}

/**
 * Closes a case: the failed part goes back to the vendor (`returned`). A case closed without a swap (the
 * suspect part proved healthy) needs a note saying why, and puts the GPU back in service.
 */
export function closeCase(db: Db, caseId: number, by: string, note?: string): RmaCase {
  const actor = requireActor(by);
  return db.transaction(() => {
    const found = loadCase(db, caseId);
    if (found.status === 'returned') throw new FloorwalkError('conflict', `RMA case ${caseId} is already closed.`, { field: 'case' });
    const text = note?.trim() || null;
    const at = now();
    if (found.status !== 'replaced') {
      if (text === null) throw new FloorwalkError('invalid_input', `RMA case ${caseId} has no swap recorded; closing it without one needs a note saying why (--note).`, { field: 'note' });
      if (found.acceleratorId !== null) setAcceleratorStatus(db, found.acceleratorId, 'ok', actor, `RMA case ${caseId} closed without replacement: ${text}`, at);
    }
    db.prepare(`UPDATE rma_cases SET status = 'returned', closed_at = ?, closed_by = ? WHERE id = ?`).run(at, actor, caseId);
    addEvent(db, caseId, actor, 'close', found.partSerial, text ?? (found.status === 'replaced' ? null : 'closed without replacement'), at);
    return loadCase(db, caseId);
  })();
}

export interface ListCasesInput {
  readonly status?: RmaStatus | 'open' | undefined;
  readonly roomId?: number | undefined;
  readonly deviceId?: number | undefined;
}

/** Cases, newest first; `open` means not yet returned. */
export function listCases(db: Db, input: ListCasesInput = {}): RmaCase[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (input.status === 'open') where.push(`c.status <> 'returned'`);
  else if (input.status !== undefined) {
    where.push('c.status = @status');
    params['status'] = input.status;
  }
  if (input.roomId !== undefined) {
    where.push('rm.id = @roomId');
    params['roomId'] = input.roomId;
  }
  if (input.deviceId !== undefined) {
    where.push('c.device_id = @deviceId');
    params['deviceId'] = input.deviceId;
  }
  return readCases(db, `${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC`, params);
}

export function getCase(db: Db, caseId: number): RmaCase {
  return loadCase(db, caseId);
}
