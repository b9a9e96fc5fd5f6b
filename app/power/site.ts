import type { Db } from '../db/open';
import type { RackFeed } from './types';


/** A rack of the site with everything power and capacity read about it, in one row. */
export interface SiteRack {
  readonly id: number;
  readonly roomId: number;
  readonly name: string;
  readonly rowId: number | null;
  readonly row: string | null;
  readonly uHeight: number;
  readonly budgetKw: number;
  readonly cooling: string;
  readonly loopId: number | null;
  readonly maxWeightKg: number | null;
  readonly feeds: { A?: RackFeed; B?: RackFeed };
}

/** A device of the site as the load, space and weight figures need it (one array per column). */
export interface SiteDevices {
  readonly count: number;
  readonly rackId: Int32Array;
  readonly deviceId: Int32Array;
  /** 0 = not mounted in U. */
  readonly u: Int32Array;
  readonly typeId: Int32Array;
  /** 1 when the device draws its nameplate from the rack (not stock, not missing). */
  readonly drawing: Uint8Array;
}

/** What the figures read of a device type; the catalog is small, so it is read whole and joined here. */
export interface SiteDeviceType {
  readonly slug: string;
  readonly uHeight: number;
  readonly maxPowerW: number;
  readonly accelCount: number;
  /** 0 when the catalog has no TDP. */
  readonly accelTdpW: number;
}

export interface SiteData {
  readonly siteId: number;
  /** Every rack of the site in row-name, rack-name order. */
  readonly racks: readonly SiteRack[];
  readonly rackById: ReadonlyMap<number, SiteRack>;
  readonly devices: SiteDevices;
  readonly types: ReadonlyMap<number, SiteDeviceType>;
}

/** A site's racks with both feeds and the weight limit: one row per rack (exported for its query-plan test). */
export const SITE_RACKS_SQL = `SELECT r.id, r.room_id, r.name, r.row_id, rr.name, r.u_height, r.power_budget_kw, r.cooling, r.loop_id, lim.max_weight_kg,
              fa.element_id, fa.pdu_device_id, fb.element_id, fb.pdu_device_id
       FROM rooms rm JOIN racks r ON r.room_id = rm.id
       LEFT JOIN rack_rows rr ON rr.id = r.row_id
       LEFT JOIN rack_limits lim ON lim.rack_id = r.id
       LEFT JOIN power_feeds fa ON fa.rack_id = r.id AND fa.side = 'A'
       LEFT JOIN power_feeds fb ON fb.rack_id = r.id AND fb.side = 'B'
       WHERE rm.site_id = ? ORDER BY rr.name, r.name`;

/**
 * A site's devices without their type's columns: five integers per device, the catalog joined in JS. The
 * last says whether it draws its nameplate: stock on a shelf (inventory) or gone (missing) does not.
 */
export const SITE_DEVICES_SQL = `SELECT d.rack_id, d.id, d.u_position, d.type_id, d.status NOT IN ('inventory','missing')
       FROM rooms rm JOIN racks r ON r.room_id = rm.id JOIN devices d ON d.rack_id = r.id
       WHERE rm.site_id = ?`;

type RackRowRaw = [number, number, string, number | null, string | null, number, number, string, number | null, number | null, number | null, number | null, number | null, number | null];
type DeviceRowRaw = [number, number, number | null, number, number];

/**
 * Reads a site's racks (with both feeds and weight limit joined in) and devices in two statements, so
 * a 5,000-rack hall is read in two passes instead of one query per figure: the power chain's loads, free
 * U, cooling shares, budgets and weights are all derived from these rows.
 */
export function loadSiteData(db: Db, siteId: number): SiteData {
  const rackRows = db
    .prepare(SITE_RACKS_SQL)
    .raw(true)
    .all(siteId) as RackRowRaw[];
  const racks: SiteRack[] = rackRows.map(([id, roomId, name, rowId, row, uHeight, budgetKw, cooling, loopId, maxWeightKg, aEl, aPdu, bEl, bPdu]) => {
    const feeds: { A?: RackFeed; B?: RackFeed } = {};
    if (aEl !== null) feeds.A = { rackId: id, side: 'A', elementId: aEl, pduDeviceId: aPdu };
    if (bEl !== null) feeds.B = { rackId: id, side: 'B', elementId: bEl, pduDeviceId: bPdu };
    return { id, roomId, name, rowId, row, uHeight, budgetKw, cooling, loopId, maxWeightKg, feeds };
  });

  const deviceRows = db
    .prepare(SITE_DEVICES_SQL)
    .raw(true)
    .all(siteId) as DeviceRowRaw[];
  const n = deviceRows.length;
  const devices = {
    count: n,
    rackId: new Int32Array(n),
    deviceId: new Int32Array(n),
    u: new Int32Array(n),
    typeId: new Int32Array(n),
    drawing: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const [rackId, deviceId, u, typeId, drawing] = deviceRows[i] as DeviceRowRaw;
    devices.rackId[i] = rackId;
    devices.deviceId[i] = deviceId;
    devices.u[i] = u ?? 0;
    devices.typeId[i] = typeId;
    devices.drawing[i] = drawing;
  }
  const types = new Map<number, SiteDeviceType>();
  for (const [id, slug, uHeight, maxPowerW, accelCount, accelTdpW] of db
    .prepare('SELECT id, slug, u_height, max_power_w, accel_count, accel_tdp_w FROM device_types')
    .raw(true)
    .all() as Array<[number, string, number, number, number, number | null]>) {
    types.set(id, { slug, uHeight, maxPowerW, accelCount, accelTdpW: accelTdpW ?? 0 });
  }
  return { siteId, racks, rackById: new Map(racks.map((r) => [r.id, r])), devices, types };
}
