import type { Db } from '../db/open';
import { slotPath } from '../rma/read';
import type { HealthFinding } from './types';

/** Swaps the telemetry contradicts: the slot still reports the GPU the case says was removed. */
export function swapFindings(db: Db, roomId: number | null): Array<Omit<HealthFinding, 'rmaCase'>> {
  const rows = db
    .prepare(
      `SELECT c.id, c.accelerator_id AS gpuId, c.slot, c.part_serial AS partSerial, c.new_serial AS newSerial, c.part_uuid AS partUuid,
              d.id AS deviceId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, d.u_position AS u,
              rk.id AS rackId, rk.name AS rack, rm.id AS roomId, rm.name AS room, st.code AS site,
              (SELECT e.note FROM rma_events e WHERE e.case_id = c.id AND e.step = 'note' AND e.note LIKE 'telemetry still reports%' ORDER BY e.id DESC LIMIT 1) AS note,
              (SELECT e.at FROM rma_events e WHERE e.case_id = c.id AND e.step = 'note' AND e.note LIKE 'telemetry still reports%' ORDER BY e.id DESC LIMIT 1) AS noteAt
       FROM rma_cases c JOIN devices d ON d.id = c.device_id
       LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites st ON st.id = rm.site_id
       WHERE c.swapped_at IS NOT NULL AND c.verified_at IS NULL AND (@roomId IS NULL OR rm.id = @roomId)`,
    )
    .all({ roomId }) as Array<{
    id: number;
    gpuId: number | null;
    slot: number;
    partSerial: string | null;
    newSerial: string | null;
    partUuid: string | null;
    deviceId: number;
    device: string;
    u: number | null;
    rackId: number | null;
    rack: string | null;
    roomId: number | null;
    room: string | null;
    site: string | null;
    note: string | null;
    noteAt: string | null;
  }>;
  return rows
    .filter((r) => r.note !== null)
    .map((r) => ({
      kind: 'swap_unconfirmed' as const,
      severity: 'critical' as const,
      title: `Swap on case ${r.id} not confirmed: the slot still reports the removed GPU`,
      action: `Check the slot: the part in it may still be ${r.partSerial ?? 'the old GPU'}, or the new part (${r.newSerial ?? '?'}) went into another slot.`,
      gpu: r.newSerial,
      gpuId: r.gpuId,
      site: r.site,
      room: r.room,
      roomId: r.roomId,
      rack: r.rack,
      rackId: r.rackId,
      device: r.device,
      deviceId: r.deviceId,
      u: r.u,
      slot: r.slot,
      path: slotPath({ site: r.site, room: r.room, rack: r.rack, u: r.u, device: r.device, slot: r.slot }),
      evidence: { case: r.id, removedUuid: r.partUuid, note: r.note, at: r.noteAt },
      affectedRackIds: r.rackId === null ? [] : [r.rackId],
    }));
}
