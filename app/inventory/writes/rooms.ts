import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { footprint, insideRoom } from '../../floor/geometry';
import type { FloorItem } from '../rules';
import { cached, deleteRow, loadRowsWhere, type RoomRow } from './tables';
import { notFound, plural, type EntityOps, type NewRow } from './entity';

function roomProblem(db: Db, row: NewRow<'room'>, selfId: number | null): FloorwalkError | null {
  const site = cached(db, 'SELECT code FROM sites WHERE id = ?', 'pluck').get(row.siteId) as string | undefined;
  if (site === undefined) return notFound('site', row.siteId, 'siteId');
  const other = cached(db, 'SELECT id FROM rooms WHERE site_id = ? AND name = ? AND id IS NOT ?', 'pluck').get(row.siteId, row.name, selfId);
  if (other !== undefined) return new FloorwalkError('conflict', `Site ${site} already has a room named ${row.name}.`, { field: 'name' });
  if (selfId === null) return null;
  // A room that shrinks must keep every rack and cooling unit on its floor.
  const items = cached(
    db,
    `SELECT 'rack' AS kind, name, grid_x AS gridX, grid_y AS gridY, width_tiles AS widthTiles, depth_tiles AS depthTiles, facing FROM racks WHERE room_id = ?
     UNION ALL SELECT kind, name, grid_x, grid_y, width_tiles, depth_tiles, facing FROM cooling_units WHERE room_id = ?`,
  ).all(selfId, selfId) as Array<FloorItem & { kind: string }>;
  for (const item of items) {
    const rect = footprint(item);
    if (!insideRoom(rect, row)) {
      const field = rect.x + rect.w > row.widthTiles ? 'widthTiles' : 'depthTiles';
      return new FloorwalkError(
        'rule_violation',
        `Room ${row.name} cannot be ${row.widthTiles} × ${row.depthTiles} tiles: ${item.kind === 'rack' ? 'rack' : item.kind} ${item.name} at (${item.gridX}, ${item.gridY}) would stand outside it.`,
        { field },
      );
    }
  }
  return null;
}

export const roomOps: EntityOps<'room'> = {
  entity: 'room',
  noun: 'room',
  moveFields: ['siteId'],
  name: (row) => `room ${row.name}`,
  validate(db, row, selfId) {
    const problem = roomProblem(db, row, selfId);
    if (problem) throw problem;
  },
  deleteBlocker(db, row: RoomRow) {
    const count = (sql: string): number => cached(db, sql, 'pluck').get(row.id) as number;
    const parts = [
      [count('SELECT count(*) FROM racks WHERE room_id = ?'), 'rack'],
      [count('SELECT count(*) FROM cooling_units WHERE room_id = ?'), 'cooling unit'],
      [count('SELECT count(*) FROM sensors WHERE room_id = ?'), 'sensor'],
    ] as const;
    const held = parts.filter(([n]) => n > 0).map(([n, noun]) => plural(n, noun));
    return held.length > 0 ? `Room ${row.name} still has ${held.join(', ')}; move or delete them first.` : null;
  },
  /** Empty rows and cooling loops are part of the room's layout and go with it (logged, so undo restores them). */
  cascade(db, row, recorder) {
    for (const rackRow of loadRowsWhere(db, 'rack_row', 'room_id', row.id)) {
      deleteRow(db, 'rack_row', rackRow.id);
      recorder.log('rack_row', rackRow.id, 'delete', rackRow, null);
    }
    for (const loop of loadRowsWhere(db, 'cooling_loop', 'room_id', row.id)) {
      deleteRow(db, 'cooling_loop', loop.id);
      recorder.log('cooling_loop', loop.id, 'delete', loop, null);
    }
  },
};

/** Rows and loops only come and go with their room (or a rack import); undo needs their rules too. */
export const rackRowOps: EntityOps<'rack_row'> = {
  entity: 'rack_row',
  noun: 'row',
  moveFields: [],
  name: (row) => `row ${row.name}`,
  validate(db, row, selfId) {
    if (cached(db, 'SELECT id FROM rooms WHERE id = ?', 'pluck').get(row.roomId) === undefined) throw notFound('room', row.roomId, 'roomId');
    const other = cached(db, 'SELECT id FROM rack_rows WHERE room_id = ? AND name = ? AND id IS NOT ?', 'pluck').get(row.roomId, row.name, selfId);
    if (other !== undefined) throw new FloorwalkError('conflict', `The room already has a row named ${row.name}.`, { field: 'name' });
  },
  deleteBlocker(db, row) {
    const racks = cached(db, 'SELECT count(*) FROM racks WHERE row_id = ?', 'pluck').get(row.id) as number;
    return racks > 0 ? `Row ${row.name} still has ${plural(racks, 'rack')}.` : null;
  },
};

export const coolingLoopOps: EntityOps<'cooling_loop'> = {
  entity: 'cooling_loop',
  noun: 'cooling loop',
  moveFields: [],
  name: (row) => `cooling loop ${row.name}`,
  validate(db, row, selfId) {
    if (cached(db, 'SELECT id FROM rooms WHERE id = ?', 'pluck').get(row.roomId) === undefined) throw notFound('room', row.roomId, 'roomId');
    const other = cached(db, 'SELECT id FROM cooling_loops WHERE room_id = ? AND name = ? AND id IS NOT ?', 'pluck').get(row.roomId, row.name, selfId);
    if (other !== undefined) throw new FloorwalkError('conflict', `The room already has a cooling loop named ${row.name}.`, { field: 'name' });
  },
  deleteBlocker(db, row) {
    const users = cached(db, 'SELECT (SELECT count(*) FROM racks WHERE loop_id = @id) + (SELECT count(*) FROM cooling_units WHERE loop_id = @id)', 'pluck').get({ id: row.id }) as number;
    return users > 0 ? `Cooling loop ${row.name} still serves ${plural(users, 'rack or cooling unit')}.` : null;
  },
};
