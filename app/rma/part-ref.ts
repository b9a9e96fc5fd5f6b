import { FloorwalkError } from '../core/errors';
import type { Db } from '../db/open';

export interface SlotRef {
  readonly acceleratorId: number;
  readonly deviceId: number;
  readonly slot: number;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly model: string;
  readonly status: string;
  readonly device: string;
  /** The GB200 board serial the slot's GPU shares with its sibling; null for an ordinary GPU. */
  readonly boardSerial: string | null;
}

const ACC = `SELECT a.id AS acceleratorId, a.device_id AS deviceId, a.slot, a.serial, a.uuid, a.model, a.status, a.board_serial AS boardSerial,
  coalesce(d.hostname, d.serial, 'device ' || d.id) AS device FROM accelerators a JOIN devices d ON d.id = a.device_id`;

// Characters that make one serial look like another on screen or split a line in a CSV.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** A serial as typed or scanned: trimmed, and refused when it holds control, zero-width or bidi characters. */
export function cleanSerial(text: string, field: string): string {
  const value = text.trim();
  if (value === '') throw new FloorwalkError('invalid_input', 'The serial is empty.', { field });
  if (UNSAFE.test(value)) throw new FloorwalkError('invalid_input', `The serial "${value.replace(UNSAFE, '?')}" holds a control, zero-width or direction character; scan or type it again.`, { field });
  if (value.length > 100) throw new FloorwalkError('invalid_input', 'A serial is at most 100 characters.', { field });
  return value;
}

/** The slot of an inventory accelerator row (the console picks GPUs, it does not type them). */
export function slotById(db: Db, acceleratorId: number): SlotRef {
  const row = db.prepare(`${ACC} WHERE a.id = ?`).get(acceleratorId) as SlotRef | undefined;
  if (!row) throw new FloorwalkError('not_found', `There is no GPU ${acceleratorId}.`, { field: 'acceleratorId' });
  return row;
}

/**
 * The GPU slot a technician names (for a GB200 board serial, the board's first GPU): the GPU's serial (printed on the part), its UUID, or HOST:SLOT /
 * HOST/SLOT for a part whose serial is not recorded (or is a board serial two GPUs share).
 */
export function resolveSlot(db: Db, text: string, field = 'part'): SlotRef {
  const ref = cleanSerial(text, field);
  const bySerial = db.prepare(`${ACC} WHERE a.serial = ?`).get(ref) as SlotRef | undefined;
  if (bySerial) return bySerial;
  const byUuid = db.prepare(`${ACC} WHERE a.uuid = ?`).get(ref) as SlotRef | undefined;
  if (byUuid) return byUuid;
  // A GB200 board serial names the board's first GPU; the case takes its sibling with it (boardSlots).
  const byBoard = db.prepare(`${ACC} WHERE a.board_serial = ? ORDER BY a.device_id, a.slot`).get(ref) as SlotRef | undefined;
  if (byBoard) return byBoard;
  const slotted = /^(.+?)[:/](?:gpu)?(\d{1,3})$/i.exec(ref);
  if (slotted?.[1] && slotted[2]) {
    const row = db.prepare(`${ACC} WHERE (d.hostname = ? OR d.serial = ?) AND a.slot = ?`).get(slotted[1], slotted[1], Number(slotted[2])) as SlotRef | undefined;
    if (row) return row;
    throw new FloorwalkError('not_found', `${slotted[1]} has no GPU in slot ${slotted[2]}.`, { field });
  }
  const removed = db
    .prepare(`SELECT h.removed_case_id AS caseId, coalesce(d.hostname, 'device ' || d.id) AS device, h.slot FROM slot_history h JOIN devices d ON d.id = h.device_id WHERE h.serial = ? AND h.removed_at IS NOT NULL ORDER BY h.id DESC LIMIT 1`)
    .get(ref) as { caseId: number | null; device: string; slot: number } | undefined;
  if (removed) throw new FloorwalkError('conflict', `${ref} was removed from ${removed.device} GPU ${removed.slot}${removed.caseId === null ? '' : ` on RMA case ${removed.caseId}`}; it is no longer in a slot.`, { field });
  const device = db.prepare(`SELECT coalesce(hostname, serial) FROM devices WHERE hostname = ? OR serial = ?`).pluck().get(ref, ref) as string | undefined;
  if (device) throw new FloorwalkError('invalid_input', `${ref} names the server ${device}, not a GPU: give the GPU’s serial, or ${device}:SLOT.`, { field });
  throw new FloorwalkError('not_found', `No GPU has the serial or UUID ${ref}; give HOST:SLOT for a GPU whose serial is not recorded.`, { field });
}

/**
 * The slots replaced together with `slot`: on a GB200 board both GPUs that carry its board serial (same
 * tray), otherwise the slot alone.
 */
export function boardSlots(db: Db, slot: SlotRef): SlotRef[] {
  if (slot.boardSerial === null) return [slot];
  const all = db.prepare(`${ACC} WHERE a.device_id = ? AND a.board_serial = ? ORDER BY a.slot`).all(slot.deviceId, slot.boardSerial) as SlotRef[];
  return all.length > 0 ? all : [slot];
}
