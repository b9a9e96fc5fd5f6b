import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { changesFor } from './change-log';
import type { AcceleratorDetail, DeviceDetail, DeviceTypeInfo } from './detail-types';
import { DEVICE_SELECT, toRackDevice, type DeviceSql } from './rack';
import type { AcceleratorForm, Airflow, DeviceCategory } from './types';

export const DEVICE_HISTORY_LIMIT = 50;

interface DeviceTypeSql {
  id: number;
  slug: string;
  vendor: string;
  model: string;
  category: DeviceCategory;
  u_height: number;
  full_depth: number;
  max_power_w: number;
  accel_count: number;
  accel_model: string | null;
  accel_form: AcceleratorForm | null;
  accel_tdp_w: number | null;
  airflow: Airflow;
}

const TYPE_SELECT = `SELECT id, slug, vendor, model, category, u_height, full_depth, max_power_w, accel_count, accel_model, accel_form,
  accel_tdp_w, airflow FROM device_types`;

function toTypeInfo(row: DeviceTypeSql): DeviceTypeInfo {
  return {
    id: row.id,
    slug: row.slug,
    vendor: row.vendor,
    model: row.model,
    category: row.category,
    uHeight: row.u_height,
    fullDepth: row.full_depth === 1,
    maxPowerW: row.max_power_w,
    accelCount: row.accel_count,
    accelModel: row.accel_model,
    accelForm: row.accel_form,
    accelTdpW: row.accel_tdp_w,
    airflow: row.airflow,
  };
}

/** The device-type catalog, for the "add device" form: by category, then vendor and model. */
export function deviceTypes(db: Db): DeviceTypeInfo[] {
  return (db.prepare(`${TYPE_SELECT} ORDER BY category, vendor, model`).all() as DeviceTypeSql[]).map(toTypeInfo);
}

/** One device for its panel: type, place, identities, every accelerator, and its change history. */
export function deviceDetail(db: Db, deviceId: number): DeviceDetail {
  const row = db.prepare(`${DEVICE_SELECT} WHERE d.id = ?`).get(deviceId) as DeviceSql | undefined;
  if (!row) throw new FloorwalkError('not_found', `There is no device with id ${deviceId}; it may have been deleted.`, { field: 'deviceId' });
  const type = toTypeInfo(db.prepare(`${TYPE_SELECT} WHERE id = ?`).get(row.type_id) as DeviceTypeSql);
  const place = db
    .prepare(
      `SELECT rk.id AS rack_id, rk.name AS rack_name, rk.u_height, rm.id AS room_id, rm.name AS room_name, s.id AS site_id, s.code AS site_code
       FROM devices d JOIN racks rk ON rk.id = d.rack_id JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id WHERE d.id = ?`,
    )
    .get(deviceId) as
    | { rack_id: number; rack_name: string; u_height: number; room_id: number; room_name: string; site_id: number; site_code: string }
    | undefined;
  const acceleratorList = db
    .prepare(
      `SELECT id, device_id AS deviceId, slot, model, serial, board_serial AS boardSerial, uuid, pci_bus_id AS pciBusId, firmware, status
       FROM accelerators WHERE device_id = ? ORDER BY slot`,
    )
    .all(deviceId) as AcceleratorDetail[];
  return {
    ...toRackDevice(
      row,
      acceleratorList.map((a) => ({ id: a.id, slot: a.slot, status: a.status })),
    ),
    type,
    rack: place ? { id: place.rack_id, name: place.rack_name, uHeight: place.u_height } : null,
    room: place ? { id: place.room_id, name: place.room_name } : null,
    site: place ? { id: place.site_id, code: place.site_code } : null,
    acceleratorList,
    history: changesFor(db, 'device', deviceId, DEVICE_HISTORY_LIMIT),
  };
}
