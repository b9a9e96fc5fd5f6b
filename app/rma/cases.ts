import { FloorwalkError } from '../core/errors';
import type { Db } from '../db/open';
import { logChange } from '../inventory/change-log';
import { boardSlots, cleanSerial, resolveSlot, slotById } from './part-ref';
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

/** Opens a case for a failed (or suspect) GPU; one open case per slot. A GB200 board gets one case per GPU. */
export function openCase(db: Db, input: OpenCaseInput, by: string): RmaCase {
  const actor = requireActor(by);
  return db.transaction(() => {
    const named = input.acceleratorId !== undefined ? slotById(db, input.acceleratorId) : resolveSlot(db, input.part ?? '');
    const slots = boardSlots(db, named);
    const board = slots.length > 1 ? named.boardSerial : null;
    for (const slot of slots) {
      const open = db
        .prepare(`SELECT id, status FROM rma_cases WHERE device_id = ? AND slot = ? AND status IN ('suspect','rma-open','replaced') ORDER BY id DESC LIMIT 1`)
        .get(slot.deviceId, slot.slot) as { id: number; status: RmaStatus } | undefined;
      if (open) throw new FloorwalkError('conflict', `${slot.device} GPU ${slot.slot} already has RMA case ${open.id} (${open.status}); continue that case.`, { field: 'part' });
    }
    const status = input.status ?? 'rma-open';
    const at = now();
    const reason = input.reason?.trim() || null;
    const insert = db.prepare(
      `INSERT INTO rma_cases (status, device_id, slot, accelerator_id, part_serial, part_uuid, part_model, reason, finding_kind, evidence, opened_at, opened_by, board_serial)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ids: number[] = [];
    for (const slot of slots) {
      const id = Number(
        insert.run(status, slot.deviceId, slot.slot, slot.acceleratorId, board ?? slot.serial, slot.uuid, slot.model, reason, input.findingKind ?? null, input.evidence === undefined ? null : JSON.stringify(input.evidence), at, actor, board)
          .lastInsertRowid,
      );
      ids.push(id);
      const boardNote = board === null ? null : `GB200 board ${board}: GPUs ${slots.map((s) => s.slot).join(' and ')} of ${slot.device} are replaced together`;
      addEvent(db, id, actor, 'open', board ?? slot.serial, [reason, boardNote].filter((t) => t !== null).join('. ') || null, at);
      setAcceleratorStatus(db, slot.acceleratorId, status === 'rma-open' ? 'rma' : 'degraded', actor, `RMA case ${id} opened${reason ? `: ${reason}` : ''}`, at);
    }
    const first = ids[0] as number;
    if (board !== null) db.prepare(`UPDATE rma_cases SET board_group = ? WHERE id IN (${ids.join(',')})`).run(first);
    return loadCase(db, first);
  })();
}

/** The case and, for a GB200 board, the cases of its other GPUs: every step applies to all of them. */
function caseGroup(db: Db, caseId: number): RmaCase[] {
  const found = loadCase(db, caseId);
  if (found.boardCaseIds.length === 0) return [found];
  return found.boardCaseIds.map((id) => (id === caseId ? found : loadCase(db, id)));
}

/** A drain note (the node was drained / the job moved) or any other note on an open case. */
export function noteCase(db: Db, caseId: number, note: string, by: string, step: 'drain' | 'note' = 'note'): RmaCase {
  const actor = requireActor(by);
  const text = note.trim();
  if (text === '') throw new FloorwalkError('invalid_input', 'The note is empty.', { field: 'note' });
  return db.transaction(() => {
    const group = caseGroup(db, caseId);
    if (group.some((c) => c.id === caseId && c.status === 'returned')) throw new FloorwalkError('conflict', `RMA case ${caseId} is closed.`, { field: 'case' });
    const at = now();
    for (const found of group) {
      if (found.status === 'returned') continue;
      addEvent(db, found.id, actor, step, null, text, at);
      if (step === 'drain' && found.status === 'suspect') {
        db.prepare(`UPDATE rma_cases SET status = 'rma-open' WHERE id = ?`).run(found.id);
        if (found.acceleratorId !== null) setAcceleratorStatus(db, found.acceleratorId, 'rma', actor, `RMA case ${found.id}: drained for replacement`, at);
      }
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
 * reports the new GPU in that slot, which verifies the swap. For a GB200 board the new serial is the new
 * board's, and both GPU slots of the board are swapped in the one step.
 */
export function swapCase(db: Db, caseId: number, input: SwapInput, by: string): RmaCase {
  const actor = requireActor(by);
  const newSerial = cleanSerial(input.newSerial, 'newSerial');
  return db.transaction(() => {
    const group = caseGroup(db, caseId);
    const found = group.find((c) => c.id === caseId) as RmaCase;
    for (const c of group) {
      if (!OPEN_STATUSES.includes(c.status)) throw new FloorwalkError('conflict', `RMA case ${c.id} is ${c.status}; only an open case can be swapped.`, { field: 'case' });
      if (c.acceleratorId === null) throw new FloorwalkError('conflict', `The slot of RMA case ${c.id} is no longer in the inventory.`, { field: 'case' });
    }
    if (input.removedSerial !== undefined) {
      const removed = cleanSerial(input.removedSerial, 'removedSerial');
      if (found.partSerial !== null && removed.toLowerCase() !== found.partSerial.toLowerCase())
        throw new FloorwalkError('conflict', `The part pulled is ${removed}, but case ${caseId} is for ${found.partSerial}: check the slot before swapping.`, { field: 'removedSerial' });
    }
    if (found.partSerial !== null && newSerial.toLowerCase() === found.partSerial.toLowerCase())
      throw new FloorwalkError('invalid_input', `${newSerial} is the serial of the part being replaced; scan the new part’s label.`, { field: 'newSerial' });
    const slotIds = group.map((c) => c.acceleratorId as number);
    const others = `a.id NOT IN (${slotIds.join(',')})`;
    const holder = db
      .prepare(`SELECT coalesce(d.hostname, 'device ' || d.id) || ' GPU ' || a.slot FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE (a.serial = ? OR a.board_serial = ?) AND ${others}`)
      .pluck()
      .get(newSerial, newSerial) as string | undefined;
    if (holder) throw new FloorwalkError('conflict', `Serial ${newSerial} is already ${holder}; a part sits in one slot at a time.`, { field: 'newSerial' });
    const otherSerial = db.prepare('SELECT coalesce(hostname, serial) FROM devices WHERE serial = ?').pluck().get(newSerial) as string | undefined;
    if (otherSerial) throw new FloorwalkError('conflict', `Serial ${newSerial} is the server ${otherSerial}’s, not a GPU’s.`, { field: 'newSerial' });

    const at = now();
    for (const c of group) swapSlot(db, c, newSerial, actor, at);
    return loadCase(db, caseId);
  })();
}

/** One slot of a swap: history, inventory row, change log, case and events. */
function swapSlot(db: Db, found: RmaCase, newSerial: string, actor: string, at: string): void {
  const acceleratorId = found.acceleratorId as number;
  const board = found.boardSerial !== null;
  const acc = db.prepare('SELECT serial, board_serial AS boardSerial, uuid, model, status, firmware FROM accelerators WHERE id = ?').get(acceleratorId) as {
    serial: string | null;
    boardSerial: string | null;
    uuid: string | null;
    model: string;
    status: string;
    firmware: string | null;
  };
  const oldSerial = board ? acc.boardSerial : acc.serial;
  const current = db.prepare('SELECT id FROM slot_history WHERE device_id = ? AND slot = ? AND removed_at IS NULL ORDER BY id DESC LIMIT 1').pluck().get(found.deviceId, found.slot) as number | undefined;
  if (current === undefined) {
    db.prepare('INSERT INTO slot_history (device_id, slot, serial, uuid, model, installed_at, removed_at, removed_case_id) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)').run(
      found.deviceId,
      found.slot,
      oldSerial,
      acc.uuid,
      acc.model,
      at,
      found.id,
    );
  } else {
    db.prepare('UPDATE slot_history SET removed_at = ?, removed_case_id = ? WHERE id = ?').run(at, found.id, current);
  }
  db.prepare('INSERT INTO slot_history (device_id, slot, serial, uuid, model, installed_at, installed_case_id) VALUES (?, ?, ?, NULL, ?, ?, ?)').run(found.deviceId, found.slot, newSerial, acc.model, at, found.id);
  const field = board ? 'boardSerial' : 'serial';
  db.prepare(`UPDATE accelerators SET ${board ? 'board_serial' : 'serial'} = ?, uuid = NULL, firmware = NULL, status = 'ok' WHERE id = ?`).run(newSerial, acceleratorId);
  logChange(db, {
    actor,
    entity: 'accelerator',
    entityId: acceleratorId,
    action: 'update',
    before: { [field]: oldSerial, uuid: acc.uuid, firmware: acc.firmware, status: acc.status },
    after: { [field]: newSerial, uuid: null, firmware: null, status: 'ok' },
    reason: `RMA case ${found.id}: ${oldSerial ?? 'part'} replaced by ${newSerial}${board ? ' (GB200 board, both GPUs)' : ''}`,
    at,
  });
  db.prepare(`UPDATE rma_cases SET status = 'replaced', new_serial = ?, swapped_at = ?, swapped_by = ? WHERE id = ?`).run(newSerial, at, actor, found.id);
  addEvent(db, found.id, actor, 'remove', oldSerial, null, at);
  addEvent(db, found.id, actor, 'install', newSerial, null, at);
}

/**
 * Closes a case: the failed part goes back to the vendor (`returned`). A case closed without a swap (the
 * suspect part proved healthy) needs a note saying why, and puts the GPU back in service. The cases of a
 * GB200 board close together.
 */
export function closeCase(db: Db, caseId: number, by: string, note?: string): RmaCase {
  const actor = requireActor(by);
  return db.transaction(() => {
    const group = caseGroup(db, caseId);
    const found = group.find((c) => c.id === caseId) as RmaCase;
    if (found.status === 'returned') throw new FloorwalkError('conflict', `RMA case ${caseId} is already closed.`, { field: 'case' });
    const text = note?.trim() || null;
    const at = now();
    for (const c of group) {
      if (c.status === 'returned') continue;
      if (c.status !== 'replaced') {
        if (text === null) throw new FloorwalkError('invalid_input', `RMA case ${c.id} has no swap recorded; closing it without one needs a note saying why (--note).`, { field: 'note' });
        if (c.acceleratorId !== null) setAcceleratorStatus(db, c.acceleratorId, 'ok', actor, `RMA case ${c.id} closed without replacement: ${text}`, at);
      }
      db.prepare(`UPDATE rma_cases SET status = 'returned', closed_at = ?, closed_by = ? WHERE id = ?`).run(at, actor, c.id);
      addEvent(db, c.id, actor, 'close', c.partSerial, text ?? (c.status === 'replaced' ? null : 'closed without replacement'), at);
    }
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
