import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import type { PhaseTicker } from '../../core/progress';
import { resolveDeviceType } from '../../inventory/device-type-resolve';
import {
  createAccelerator, createDevice, createRack, createRoom, createSite, updateAccelerator, updateDevice, updateRack, updateRoom, updateSite, type WriteOptions,
} from '../../inventory/writes';
import { loadRow, type EntityName } from '../../inventory/writes/tables';
import { deviceStatusFromNetbox } from '../status';
import type { NbDevice, NbDeviceType, NbInventoryItem, SiteSnapshot } from './fetch';
import { roomSizeFor, slotPosition } from './layout';

export type LinkKind = 'site' | 'location' | 'rack' | 'device' | 'inventory_item';
type LinkEntity = 'site' | 'room' | 'rack' | 'device' | 'accelerator';

export interface PullCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: { kind: LinkKind; netboxId: number; what: string; reason: string }[];
}

/** A GPU in NetBox is an inventory item of role GPU (slug `gpu`), as Floorwalk's export writes it. */
export const GPU_ROLE_SLUG = 'gpu';
const SITE_CODE_MAX_CHARS = 16;
/** Racks NetBox keeps in the site without a location land in a room of this name (not a NetBox object). */
export const NO_LOCATION_ROOM = 'No location';

const blank = (s: string | null | undefined): string | null => (s === null || s === undefined || s.trim() === '' ? null : s.trim());

export function gpuStatusFromNetbox(status: string): string {
  switch (status) {
    case 'active':
      return 'ok';
    case 'failed':
      return 'failed';
    case 'decommissioning':
      return 'rma';
    default:
      // offline, planned, staged: not in service — what Floorwalk's export writes for a missing GPU.
      return 'missing';
  }
}

/** Applies a fetched site to the local inventory; the caller holds the transaction. */
export class PullApplier {
  readonly counts: PullCounts = { created: 0, updated: 0, unchanged: 0, skipped: [] };
  private readonly now = new Date().toISOString();
  private readonly localId = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly server: string,
    private readonly options: WriteOptions,
    private readonly ticker: PhaseTicker,
    private readonly signal: AbortSignal | undefined,
  ) {}

  apply(snap: SiteSnapshot): void {
    const siteId = this.upsert('site', snap.site.id, snap.site.last_updated, 'site', this.findSite(snap.site.facility, snap.site.slug), {
      code: this.siteCode(snap.site.facility, snap.site.slug),
      name: snap.site.name,
      timezone: snap.site.time_zone ?? 'UTC',
    });
    const racksByLocation = new Map<number | null, typeof snap.racks>();
    for (const r of snap.racks) racksByLocation.set(r.location?.id ?? null, [...(racksByLocation.get(r.location?.id ?? null) ?? []), r]);
    const roomOf = new Map<number | null, number>();
    const rooms: { netboxId: number | null; name: string; lastUpdated: string | null }[] = snap.locations.map((l) => ({ netboxId: l.id, name: l.name, lastUpdated: l.last_updated }));
    if (racksByLocation.has(null)) rooms.push({ netboxId: null, name: NO_LOCATION_ROOM, lastUpdated: null });
    for (const room of rooms) {
      // Slots for the local racks NetBox does not list here, plus one per NetBox rack (linked ones included).
      const incoming = racksByLocation.get(room.netboxId) ?? [];
      const linkedHere = new Set(incoming.map((r) => this.linked('rack', r.id)).filter((id) => id !== null));
      const local = this.db.prepare('SELECT rk.id FROM racks rk JOIN rooms rm ON rm.id = rk.room_id WHERE rm.site_id = ? AND rm.name = ?').pluck().all(siteId, room.name) as number[];
      const need = roomSizeFor(local.filter((id) => !linkedHere.has(id)).length + incoming.length);
      const existing = this.db.prepare('SELECT id, width_tiles AS w, depth_tiles AS d FROM rooms WHERE site_id = ? AND name = ?').get(siteId, room.name) as { id: number; w: number; d: number } | undefined;
      const fields = { siteId, name: room.name, widthTiles: Math.max(need.widthTiles, existing?.w ?? 0), depthTiles: Math.max(need.depthTiles, existing?.d ?? 0) };
      const id = room.netboxId === null ? this.plain('room', existing?.id ?? null, fields) : this.upsert('location', room.netboxId, room.lastUpdated, 'room', existing?.id ?? null, fields);
      roomOf.set(room.netboxId, id);
    }
    for (const [locationId, racks] of racksByLocation) {
      const roomId = roomOf.get(locationId);
      if (roomId === undefined) continue;
      for (const r of [...racks].sort((a, b) => a.name.localeCompare(b.name))) {
        const existing = this.linked('rack', r.id) ?? (this.db.prepare('SELECT id FROM racks WHERE room_id = ? AND name = ?').pluck().get(roomId, r.name) as number | undefined) ?? null;
        const place = existing === null ? this.freeSlot(roomId) : {};
        this.upsert('rack', r.id, r.last_updated, 'rack', existing, { roomId, name: r.name, uHeight: r.u_height, assetTag: blank(r.asset_tag), ...place });
      }
    }
    const types = new Map(snap.deviceTypes.map((t) => [t.id, t]));
    for (const d of snap.devices) this.device(d, types.get(d.device_type.id));
    for (const item of snap.items) this.item(item);
  }

  private device(d: NbDevice, type: NbDeviceType | undefined): void {
    const what = `device ${d.name ?? d.serial ?? d.id}`;
    const skip = (reason: string): void => void this.counts.skipped.push({ kind: 'device', netboxId: d.id, what, reason });
    if (d.position !== null && !Number.isInteger(d.position)) return skip(`its position U${d.position} is a half unit; Floorwalk places devices on whole units`);
    const rackId = d.rack === null ? null : (this.linked('rack', d.rack.id) ?? null);
    if (d.rack !== null && rackId === null) return skip('its rack was not pulled');
    const typeId = this.deviceType(d, type);
    if (typeId === null) return skip(`its device type ${d.device_type.manufacturer.name ?? ''} ${d.device_type.model} has a half-unit height`);
    const existing = this.linked('device', d.id) ?? this.findDevice(d);
    this.upsert('device', d.id, d.last_updated, 'device', existing, {
      rackId,
      typeId,
      uPosition: d.position,
      // Zero-U devices have no face in NetBox; Floorwalk's column defaults to front.
      face: d.face?.value === 'rear' ? 'rear' : 'front',
      role: d.role.name ?? d.role.slug ?? 'device',
      hostname: blank(d.name),
      serial: blank(d.serial),
      assetTag: blank(d.asset_tag),
      status: deviceStatusFromNetbox(d.status.value),
    });
  }

  private item(item: NbInventoryItem): void {
    const what = `inventory item ${item.name} of device ${item.device.name ?? item.device.id}`;
    if (item.role?.slug !== GPU_ROLE_SLUG) {
      this.counts.skipped.push({ kind: 'inventory_item', netboxId: item.id, what, reason: 'not of role GPU' });
      return;
    }
    const deviceId = this.linked('device', item.device.id);
    if (deviceId === null) {
      this.counts.skipped.push({ kind: 'inventory_item', netboxId: item.id, what, reason: 'its device was not pulled' });
      return;
    }
    const existing = this.linked('inventory_item', item.id);
    const slotMatch = /(\d+)\s*$/.exec(item.name);
    const slot = slotMatch ? Number(slotMatch[1]) : this.nextSlot(deviceId);
    const text = (key: string): string | null => (typeof item.custom_fields[key] === 'string' ? blank(item.custom_fields[key]) : null);
    const firmware = /^firmware\s+(.+)$/i.exec(item.description.trim());
    const bySlot = existing ?? (this.db.prepare('SELECT id FROM accelerators WHERE device_id = ? AND slot = ?').pluck().get(deviceId, slot) as number | undefined) ?? null;
    this.upsert('inventory_item', item.id, item.last_updated, 'accelerator', bySlot, {
      deviceId,
      slot,
      model: blank(item.part_id) ?? 'GPU',
      serial: blank(item.serial),
      uuid: text('gpu_uuid'),
      pciBusId: text('pci_bus_id'),
      firmware: firmware?.[1] ?? null,
      status: gpuStatusFromNetbox(item.status.value),
    });
  }

  /** Creates or updates one local object from its NetBox twin, records the link and the base the diff compares with. */
  private upsert(kind: LinkKind, netboxId: number, lastUpdated: string | null, entity: LinkEntity, fallback: number | null, fields: Record<string, unknown>): number {
    if (this.signal?.aborted) throw new FloorwalkError('cancelled', 'The NetBox pull was cancelled; nothing was written.');
    const id = this.plain(entity, this.linked(kind, netboxId) ?? fallback, fields);
    this.db
      .prepare(
        `INSERT INTO netbox_links (server, kind, netbox_id, entity, entity_id, last_updated, base, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (server, kind, netbox_id) DO UPDATE SET entity_id = excluded.entity_id, last_updated = excluded.last_updated, base = excluded.base, pulled_at = excluded.pulled_at`,
      )
      .run(this.server, kind, netboxId, entity, id, lastUpdated, JSON.stringify(fields), this.now);
    this.localId.set(`${kind}:${netboxId}`, id);
    this.ticker.tick();
    return id;
  }

  /** Creates the object, or patches only the fields that differ (a re-pull of an unchanged site writes nothing). */
  private plain(entity: LinkEntity, id: number | null, fields: Record<string, unknown>): number {
    const row = id === null ? null : (loadRow(this.db, entity as EntityName, id) as Record<string, unknown> | null);
    if (row === null) {
      this.counts.created++;
      return this.create(entity, fields);
    }
    const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => row[k] !== v));
    if (Object.keys(patch).length === 0) {
      this.counts.unchanged++;
      return id as number;
    }
    this.counts.updated++;
    this.update(entity, id as number, patch);
    return id as number;
  }

  private create(entity: LinkEntity, f: Record<string, unknown>): number {
    const o = this.options;
    switch (entity) {
      case 'site':
        return createSite(this.db, o, f as never).id;
      case 'room':
        return createRoom(this.db, o, f as never).id;
      case 'rack':
        return createRack(this.db, o, f as never).id;
      case 'device':
        return createDevice(this.db, o, f as never).id;
      case 'accelerator':
        return createAccelerator(this.db, o, f as never).id;
    }
  }

  private update(entity: LinkEntity, id: number, patch: Record<string, unknown>): void {
    const o = this.options;
    if (entity === 'site') updateSite(this.db, o, id, patch);
    else if (entity === 'room') updateRoom(this.db, o, id, patch);
    else if (entity === 'rack') updateRack(this.db, o, id, patch);
    else if (entity === 'device') updateDevice(this.db, o, id, patch);
    else updateAccelerator(this.db, o, id, patch);
  }

  private linked(kind: LinkKind, netboxId: number): number | null {
    const known = this.localId.get(`${kind}:${netboxId}`);
    if (known !== undefined) return known;
    const id = this.db.prepare('SELECT entity_id FROM netbox_links WHERE server = ? AND kind = ? AND netbox_id = ?').pluck().get(this.server, kind, netboxId) as number | undefined;
    return id ?? null;
  }

  private siteCode(facility: string, slug: string): string {
    return (blank(facility) ?? slug).toUpperCase().slice(0, SITE_CODE_MAX_CHARS);
  }

  private findSite(facility: string, slug: string): number | null {
    const code = this.siteCode(facility, slug);
    return (this.db.prepare('SELECT id FROM sites WHERE code = ?').pluck().get(code) as number | undefined) ?? null;
  }

  /** An unlinked local device with the same serial, asset tag or hostname is the same device (never a duplicate). */
  private findDevice(d: NbDevice): number | null {
    for (const [column, value] of [['serial', blank(d.serial)], ['asset_tag', blank(d.asset_tag)], ['hostname', blank(d.name)]] as const) {
      if (value === null) continue;
      const id = this.db.prepare(`SELECT id FROM devices WHERE ${column} = ?`).pluck().get(value) as number | undefined;
      if (id !== undefined) return id;
    }
    return null;
  }

  private deviceType(d: NbDevice, type: NbDeviceType | undefined): number | null {
    const manufacturer = type?.manufacturer.name ?? d.device_type.manufacturer.name ?? '';
    const model = type?.model ?? d.device_type.model;
    const match = resolveDeviceType(this.db, { manufacturer, model, slug: type?.slug ?? d.device_type.slug, partNumber: type?.part_number });
    if (match) return match.typeId;
    const uHeight = type?.u_height ?? 1;
    if (!Number.isInteger(uHeight)) return null;
    // A type Floorwalk's catalog lacks joins it as NetBox describes it; power and accelerators stay unknown (0).
    const slug = `netbox-${type?.slug ?? d.device_type.slug ?? d.device_type.id}`;
    const existing = this.db.prepare('SELECT id FROM device_types WHERE slug = ? OR (vendor = ? AND model = ?)').pluck().get(slug, manufacturer, model) as number | undefined;
    if (existing !== undefined) return existing;
    const airflow = type?.airflow?.value === 'rear-to-front' ? 'back-to-front' : type?.airflow?.value === 'passive' ? 'passive' : 'front-to-back';
    return Number(
      this.db
        .prepare(`INSERT INTO device_types (slug, vendor, model, category, u_height, full_depth, max_power_w, airflow) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`)
        .run(slug, manufacturer || 'Unknown', model, uHeight === 0 ? 'pdu' : 'server', uHeight, type?.is_full_depth === false ? 0 : 1, airflow).lastInsertRowid,
    );
  }

  private freeSlot(roomId: number): { gridX: number; gridY: number } {
    const taken = new Set((this.db.prepare('SELECT grid_x || \',\' || grid_y FROM racks WHERE room_id = ?').pluck().all(roomId) as string[]));
    for (let slot = 0; ; slot++) {
      const p = slotPosition(slot);
      if (!taken.has(`${p.gridX},${p.gridY}`)) return p;
    }
  }

  private nextSlot(deviceId: number): number {
    return (this.db.prepare('SELECT coalesce(max(slot) + 1, 0) FROM accelerators WHERE device_id = ?').pluck().get(deviceId) as number);
  }
}
