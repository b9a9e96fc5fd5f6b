import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { moveRackSensors } from '../../floor/sensors';
import { assertIdentityFree, deviceLabel, rackFloorProblem, uRange } from '../rules';
import { cached } from './tables';
import { notFound, plural, type EntityOps, type NewRow } from './entity';

/** A rack made shorter must still hold every device it carries: the sentence when it cannot, else null. */
export function deviceAboveProblem(db: Db, rackId: number, rackName: string, uHeight: number): string | null {
  const tooHigh = cached(
    db,
    `SELECT d.id, d.hostname, d.serial, t.model, d.u_position AS u, t.u_height AS h FROM devices d JOIN device_types t ON t.id = d.type_id
     WHERE d.rack_id = ? AND d.u_position IS NOT NULL AND d.u_position + t.u_height - 1 > ? ORDER BY d.u_position DESC LIMIT 1`,
  ).get(rackId, uHeight) as { id: number; hostname: string | null; serial: string | null; model: string; u: number; h: number } | undefined;
  if (!tooHigh) return null;
  return `Rack ${rackName} cannot be ${uHeight} U tall: ${deviceLabel(tooHigh)} (${tooHigh.model}) occupies ${uRange(tooHigh.u, tooHigh.h)}.`;
}

function validateRack(db: Db, row: NewRow<'rack'>, selfId: number | null): void {
  const room = cached(db, 'SELECT name FROM rooms WHERE id = ?', 'pluck').get(row.roomId) as string | undefined;
  if (room === undefined) throw notFound('room', row.roomId, 'roomId');
  if (row.rowId !== null) {
    const rowRoom = cached(db, 'SELECT room_id FROM rack_rows WHERE id = ?', 'pluck').get(row.rowId) as number | undefined;
    if (rowRoom === undefined) throw notFound('row', row.rowId, 'rowId');
    if (rowRoom !== row.roomId) throw new FloorwalkError('rule_violation', `Row ${row.rowId} belongs to another room than ${room}.`, { field: 'rowId' });
  }
  if (row.loopId !== null) {
    const loopRoom = cached(db, 'SELECT room_id FROM cooling_loops WHERE id = ?', 'pluck').get(row.loopId) as number | undefined;
    if (loopRoom === undefined) throw notFound('cooling loop', row.loopId, 'loopId');
    if (loopRoom !== row.roomId) throw new FloorwalkError('rule_violation', `Cooling loop ${row.loopId} serves another room than ${room}.`, { field: 'loopId' });
  }
  const sameName = cached(db, 'SELECT id FROM racks WHERE room_id = ? AND name = ? AND id IS NOT ?', 'pluck').get(row.roomId, row.name, selfId);
  if (sameName !== undefined) throw new FloorwalkError('conflict', `Room ${room} already has a rack named ${row.name}.`, { field: 'name' });

  const floor = rackFloorProblem(db, row, selfId);
  if (floor) throw new FloorwalkError('rule_violation', floor, { field: 'gridX' });

  if (selfId !== null) {
    const tooTall = deviceAboveProblem(db, selfId, row.name, row.uHeight);
    if (tooTall) throw new FloorwalkError('rule_violation', tooTall, { field: 'uHeight' });
  }
  assertIdentityFree(db, 'assetTag', row.assetTag, selfId === null ? null : { entity: 'rack', id: selfId });
}

export const rackOps: EntityOps<'rack'> = {
  entity: 'rack',
  noun: 'rack',
  moveFields: ['roomId', 'rowId', 'gridX', 'gridY', 'facing'],
  name: (row) => `rack ${row.name}`,
  validate: validateRack,
  /** Inlet and outlet sensors travel with the rack, as in a move on the floor map. */
  afterUpdate(db, before, after) {
    moveRackSensors(db, after.id, before, after);
    if (after.roomId !== before.roomId) cached(db, 'UPDATE sensors SET room_id = ? WHERE rack_id = ?').run(after.roomId, after.id);
  },
  settle(before, next) {
    if (next.roomId === before.roomId) return next;
    return { ...next, rowId: next.rowId === before.rowId ? null : next.rowId, loopId: next.loopId === before.loopId ? null : next.loopId };
  },
  deleteBlocker(db, row) {
    const devices = cached(db, 'SELECT count(*) FROM devices WHERE rack_id = ?', 'pluck').get(row.id) as number;
    return devices > 0 ? `Rack ${row.name} still holds ${plural(devices, 'device')}; move or delete them first.` : null;
  },
};
