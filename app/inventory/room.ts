import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import type { AshraeClass, CoolingUnitKind, Facing, RackCooling } from './types';

export interface RoomDetail {
  readonly id: number;
  readonly name: string;
  readonly site: { readonly id: number; readonly code: string; readonly name: string; readonly timezone: string };
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly tileMm: number;
  readonly ashraeClass: AshraeClass;
  readonly rows: number;
  readonly racks: number;
  readonly devices: number;
  readonly accelerators: number;
  readonly acceleratorsNotOk: number;
  readonly sensors: number;
  readonly powerBudgetKw: number;
  readonly powerMaxKw: number;
  readonly coolingUnits: ReadonlyArray<{ readonly id: number; readonly kind: CoolingUnitKind; readonly name: string; readonly capacityKw: number; readonly loop: string | null }>;
}

export interface RackSummary {
  readonly id: number;
  readonly name: string;
  readonly row: string | null;
  readonly gridX: number;
  readonly gridY: number;
  readonly facing: Facing;
  readonly uHeight: number;
  readonly uUsed: number;
  readonly devices: number;
  readonly accelerators: number;
  readonly acceleratorsNotOk: number;
  readonly powerMaxKw: number;
  readonly powerBudgetKw: number;
  readonly cooling: RackCooling;
  readonly loop: string | null;
  readonly assetTag: string | null;
}

export function roomDetail(db: Db, roomId: number): RoomDetail {
  const room = db
    .prepare(
      `SELECT rm.id, rm.name, rm.width_tiles, rm.depth_tiles, rm.tile_mm, rm.ashrae_class,
              s.id AS site_id, s.code AS site_code, s.name AS site_name, s.timezone
       FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE rm.id = ?`,
    )
    .get(roomId) as
    | { id: number; name: string; width_tiles: number; depth_tiles: number; tile_mm: number; ashrae_class: AshraeClass; site_id: number; site_code: string; site_name: string; timezone: string }
    | undefined;
  if (!room) throw new FloorwalkError('not_found', `Room ${roomId} does not exist.`, { field: 'roomId' });

  const one = (sql: string): number => (db.prepare(sql).pluck().get(roomId) as number | null) ?? 0;
  const coolingUnits = db
    .prepare(
      `SELECT c.id, c.kind, c.name, c.capacity_kw AS capacityKw, l.name AS loop
       FROM cooling_units c LEFT JOIN cooling_loops l ON l.id = c.loop_id WHERE c.room_id = ? ORDER BY c.kind, c.name`,
    )
    .all(roomId) as RoomDetail['coolingUnits'];

  return {
    id: room.id,
    name: room.name,
    site: { id: room.site_id, code: room.site_code, name: room.site_name, timezone: room.timezone },
    widthTiles: room.width_tiles,
    depthTiles: room.depth_tiles,
    tileMm: room.tile_mm,
    ashraeClass: room.ashrae_class,
    rows: one('SELECT count(*) FROM rack_rows WHERE room_id = ?'),
    racks: one('SELECT count(*) FROM racks WHERE room_id = ?'),
    powerBudgetKw: one('SELECT total(power_budget_kw) FROM racks WHERE room_id = ?'),
    devices: one('SELECT count(*) FROM devices d JOIN racks r ON r.id = d.rack_id WHERE r.room_id = ?'),
    powerMaxKw: one(
      'SELECT total(t.max_power_w) / 1000.0 FROM devices d JOIN racks r ON r.id = d.rack_id JOIN device_types t ON t.id = d.type_id WHERE r.room_id = ?',
    ),
    accelerators: one('SELECT count(*) FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks r ON r.id = d.rack_id WHERE r.room_id = ?'),
    acceleratorsNotOk: one(
      "SELECT count(*) FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks r ON r.id = d.rack_id WHERE r.room_id = ? AND a.status <> 'ok'",
    ),
    sensors: one('SELECT count(*) FROM sensors WHERE room_id = ?'),
    coolingUnits,
  };
}

/** Every rack of a room with its fill, power and GPU counts, in floor order (row, then position). */
export function roomRacks(db: Db, roomId: number): RackSummary[] {
  return db
    .prepare(
      `WITH dev AS (
         SELECT d.rack_id, count(*) AS devices, total(CASE WHEN d.u_position IS NULL THEN 0 ELSE t.u_height END) AS u_used,
                total(t.max_power_w) / 1000.0 AS max_kw
         FROM devices d JOIN device_types t ON t.id = d.type_id JOIN racks r ON r.id = d.rack_id
         WHERE r.room_id = @roomId
         GROUP BY d.rack_id),
       acc AS (
         SELECT d.rack_id, count(*) AS accelerators, total(a.status <> 'ok') AS not_ok
         FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks r ON r.id = d.rack_id
         WHERE r.room_id = @roomId GROUP BY d.rack_id)
       SELECT rk.id, rk.name, rr.name AS row, rk.grid_x AS gridX, rk.grid_y AS gridY, rk.facing, rk.u_height AS uHeight,
              coalesce(dev.u_used, 0) AS uUsed, coalesce(dev.devices, 0) AS devices,
              coalesce(acc.accelerators, 0) AS accelerators, coalesce(acc.not_ok, 0) AS acceleratorsNotOk,
              coalesce(dev.max_kw, 0) AS powerMaxKw, rk.power_budget_kw AS powerBudgetKw, rk.cooling,
              cl.name AS loop, rk.asset_tag AS assetTag
       FROM racks rk
       LEFT JOIN rack_rows rr ON rr.id = rk.row_id
       LEFT JOIN cooling_loops cl ON cl.id = rk.loop_id
       LEFT JOIN dev ON dev.rack_id = rk.id
       LEFT JOIN acc ON acc.rack_id = rk.id
       WHERE rk.room_id = @roomId
       ORDER BY rr.name, rk.name`,
    )
    .all({ roomId }) as RackSummary[];
}
