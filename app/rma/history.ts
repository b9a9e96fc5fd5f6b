import { FloorwalkError } from '../core/errors';
import type { Db } from '../db/open';
import { cleanSerial, resolveSlot } from './part-ref';
import { readCases, readHistory, slotPath } from './read';
import type { SerialHistory, SlotHistory, SlotHistoryEntry } from './types';

interface SlotPlace {
  deviceId: number;
  device: string;
  slot: number;
  site: string | null;
  room: string | null;
  rack: string | null;
  u: number | null;
  serial: string | null;
  uuid: string | null;
  model: string | null;
}

function slotPlace(db: Db, deviceId: number, slot: number): SlotPlace | null {
  return (
    (db
      .prepare(
        `SELECT d.id AS deviceId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, ? AS slot, st.code AS site, rm.name AS room, rk.name AS rack,
                d.u_position AS u, coalesce(a.serial, a.board_serial) AS serial, a.uuid, a.model
         FROM devices d LEFT JOIN accelerators a ON a.device_id = d.id AND a.slot = ?
         LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites st ON st.id = rm.site_id WHERE d.id = ?`,
      )
      .get(slot, slot, deviceId) as SlotPlace | undefined) ?? null
  );
}

/**
 * Which parts sat in a slot, oldest first, and its cases. A slot never swapped in Floorwalk lists only its
 * current part, with no install time.
 */
export function slotHistory(db: Db, deviceId: number, slot: number): SlotHistory {
  const place = slotPlace(db, deviceId, slot);
  if (!place) throw new FloorwalkError('not_found', `There is no device ${deviceId}.`, { field: 'deviceId' });
  let entries: SlotHistoryEntry[] = readHistory(db, 'WHERE h.device_id = @deviceId AND h.slot = @slot', { deviceId, slot });
  if (entries.length === 0 && (place.serial !== null || place.uuid !== null || place.model !== null)) {
    entries = [
      {
        deviceId,
        device: place.device,
        slot,
        serial: place.serial,
        uuid: place.uuid,
        model: place.model,
        installedAt: null,
        removedAt: null,
        installedCaseId: null,
        removedCaseId: null,
        current: true,
      },
    ];
  }
  // A verified swap learns the new part's UUID after the history row was written.
  entries = entries.map((e) => (e.current && e.uuid === null && place.uuid !== null ? { ...e, uuid: place.uuid } : e));
  return {
    deviceId,
    device: place.device,
    slot,
    path: slotPath({ ...place, device: place.device, slot }),
    entries,
    cases: readCases(db, 'WHERE c.device_id = @deviceId AND c.slot = @slot ORDER BY c.id DESC', { deviceId, slot }),
  };
}

/** The slot history of the GPU a technician names (serial, UUID or HOST:SLOT). */
export function slotHistoryOf(db: Db, part: string): SlotHistory {
  const slot = resolveSlot(db, part);
  return slotHistory(db, slot.deviceId, slot.slot);
}

/** Where a serial has been: every slot it sat in and every case it was on, and where it is now. */
export function serialHistory(db: Db, serialText: string): SerialHistory {
  const serial = cleanSerial(serialText, 'serial');
  const slots = readHistory(db, 'WHERE h.serial = @serial', { serial });
  const cases = readCases(db, 'WHERE c.part_serial = @serial OR c.new_serial = @serial ORDER BY c.id DESC', { serial });
  // A GB200 board serial sits in two slots at once (the board's two GPUs).
  const inSlots = db
    .prepare(
      `SELECT coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, a.slot, a.device_id AS deviceId FROM accelerators a JOIN devices d ON d.id = a.device_id
       WHERE a.serial = @serial OR a.board_serial = @serial ORDER BY a.device_id, a.slot`,
    )
    .all({ serial }) as Array<{ device: string; slot: number; deviceId: number }>;
  const inSlot = inSlots[0];
  let now: string;
  if (inSlot) {
    now = inSlots.length === 1 ? `in ${inSlot.device} GPU ${inSlot.slot}` : `in ${inSlot.device} GPUs ${inSlots.map((s) => s.slot).join(' and ')} (GB200 board)`;
    if (slots.length === 0) {
      for (const s of inSlots) slots.push(...slotHistory(db, s.deviceId, s.slot).entries.filter((e) => e.current));
    }
  } else {
    const removed = slots.filter((s) => s.removedAt !== null).at(-1);
    if (!removed && cases.length === 0) throw new FloorwalkError('not_found', `No GPU, slot history or RMA case has the serial ${serial}.`, { field: 'serial' });
    now = removed ? `removed from ${removed.device} GPU ${removed.slot} on ${removed.removedAt}${removed.removedCaseId === null ? '' : ` (RMA case ${removed.removedCaseId})`}` : 'not in any slot';
  }
  return { serial, slots, cases, now };
}
