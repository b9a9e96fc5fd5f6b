import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import type { AcceleratorSlot, RackDetail, RackDevice } from './detail-types';
import type { AcceleratorStatus, AshraeClass, DeviceCategory, DeviceFace, DeviceStatus, Facing, RackCooling } from './types';

interface RackRowSql {
  id: number;
  name: string;
  site_id: number;
  site_code: string;
  room_id: number;
  room_name: string;
  ashrae_class: AshraeClass;
  row_id: number | null;
  row_name: string | null;
  grid_x: number;
  grid_y: number;
  facing: Facing;
  width_tiles: number;
  depth_tiles: number;
  u_height: number;
  power_budget_kw: number;
  cooling: RackCooling;
  loop_id: number | null;
  loop_name: string | null;
  asset_tag: string | null;
}

export interface DeviceSql {
  id: number;
  type_id: number;
  vendor: string;
  model: string;
  category: DeviceCategory;
  u_position: number | null;
  u_height: number;
  face: DeviceFace;
  full_depth: number;
  role: string;
  hostname: string | null;
  serial: string | null;
  asset_tag: string | null;
  status: DeviceStatus;
  max_power_w: number;
}

export const DEVICE_SELECT = `SELECT d.id, d.type_id, t.vendor, t.model, t.category, d.u_position, t.u_height, d.face, t.full_depth, d.role,
  d.hostname, d.serial, d.asset_tag, d.status, t.max_power_w FROM devices d JOIN device_types t ON t.id = d.type_id`;

export function toRackDevice(row: DeviceSql, accelerators: readonly AcceleratorSlot[]): RackDevice {
  return {
    id: row.id,
    typeId: row.type_id,
    vendor: row.vendor,
    model: row.model,
    category: row.category,
    uPosition: row.u_position,
    uHeight: row.u_height,
    face: row.face,
    fullDepth: row.full_depth === 1,
    role: row.role,
    hostname: row.hostname,
    serial: row.serial,
    assetTag: row.asset_tag,
    status: row.status,
    maxPowerW: row.max_power_w,
    accelerators,
  };
}

/**
 * One rack for its elevation: where it stands, its budget, and its devices top-down (highest U first,
 * then zero-U and unpositioned gear), each GPU server with the status of every accelerator slot.
 */
export function rackDetail(db: Db, rackId: number): RackDetail {
  const rack = db
    .prepare(
      `SELECT rk.id, rk.name, s.id AS site_id, s.code AS site_code, rm.id AS room_id, rm.name AS room_name, rm.ashrae_class,
              rr.id AS row_id, rr.name AS row_name, rk.grid_x, rk.grid_y, rk.facing, rk.width_tiles, rk.depth_tiles, rk.u_height,
              rk.power_budget_kw, rk.cooling, cl.id AS loop_id, cl.name AS loop_name, rk.asset_tag
       FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id
       LEFT JOIN rack_rows rr ON rr.id = rk.row_id LEFT JOIN cooling_loops cl ON cl.id = rk.loop_id
       WHERE rk.id = ?`,
    )
    .get(rackId) as RackRowSql | undefined;
  if (!rack) throw new FloorwalkError('not_found', `There is no rack with id ${rackId}; it may have been deleted.`, { field: 'rackId' });

  const devices = db
    .prepare(`${DEVICE_SELECT} WHERE d.rack_id = ? ORDER BY d.u_position IS NULL, d.u_position DESC, d.face, d.id`)
    .all(rackId) as DeviceSql[];
  const slots = new Map<number, AcceleratorSlot[]>();
  for (const a of db
    .prepare(
      `SELECT a.device_id, a.id, a.slot, a.status FROM accelerators a JOIN devices d ON d.id = a.device_id
       WHERE d.rack_id = ? ORDER BY a.device_id, a.slot`,
    )
    .all(rackId) as Array<{ device_id: number; id: number; slot: number; status: AcceleratorStatus }>) {
    let list = slots.get(a.device_id);
    if (!list) slots.set(a.device_id, (list = []));
    list.push({ id: a.id, slot: a.slot, status: a.status });
  }

  return {
    id: rack.id,
    name: rack.name,
    site: { id: rack.site_id, code: rack.site_code },
    room: { id: rack.room_id, name: rack.room_name, ashraeClass: rack.ashrae_class },
    row: rack.row_id === null ? null : { id: rack.row_id, name: rack.row_name ?? '' },
    gridX: rack.grid_x,
    gridY: rack.grid_y,
    facing: rack.facing,
    widthTiles: rack.width_tiles,
    depthTiles: rack.depth_tiles,
    uHeight: rack.u_height,
    powerBudgetKw: rack.power_budget_kw,
    powerMaxKw: devices.reduce((sum, d) => sum + d.max_power_w, 0) / 1000,
    cooling: rack.cooling,
    loop: rack.loop_id === null ? null : { id: rack.loop_id, name: rack.loop_name ?? '' },
    assetTag: rack.asset_tag,
    devices: devices.map((d) => toRackDevice(d, slots.get(d.id) ?? [])),
  };
}
