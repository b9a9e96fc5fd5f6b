import type { Db } from '../../db/open';
import type { WriteResult } from '../detail-types';
import type { AcceleratorStatus, AshraeClass, DeviceFace, DeviceStatus, Facing, RackCooling } from '../types';
import { acceleratorOps } from './accelerators';
import { blankToNull, type WriteOptions } from './context';
import { deviceOps } from './devices';
import { createEntity, deleteEntity, updateEntity, type EntityOps, type NewRow } from './entity';
import { rackOps } from './racks';
import { roomOps } from './rooms';
import { siteOps } from './sites';
import type { EntityName } from './tables';

export type { WriteOptions } from './context';
export { undoLastChange } from './undo';

/** Defaults of a new rack, the same as the schema's, so a form may leave them out. */
export const RACK_DEFAULTS = { facing: 'S', widthTiles: 1, depthTiles: 2, uHeight: 42, powerBudgetKw: 17.3, cooling: 'air' } as const;

export interface SiteFields {
  readonly code: string;
  readonly name: string;
  readonly timezone: string;
}
export interface RoomFields {
  readonly siteId: number;
  readonly name: string;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly tileMm?: number | undefined;
  readonly ashraeClass?: string | undefined;
}
export interface RackFields {
  readonly roomId: number;
  readonly rowId?: number | null | undefined;
  readonly name: string;
  readonly gridX: number;
  readonly gridY: number;
  readonly facing?: string | undefined;
  readonly widthTiles?: number | undefined;
  readonly depthTiles?: number | undefined;
  readonly uHeight?: number | undefined;
  readonly powerBudgetKw?: number | undefined;
  readonly cooling?: string | undefined;
  readonly loopId?: number | null | undefined;
  readonly assetTag?: string | null | undefined;
}
export interface DeviceFields {
  readonly rackId: number | null;
  readonly typeId: number;
  readonly uPosition: number | null;
  readonly face?: string | undefined;
  readonly role: string;
  readonly hostname?: string | null | undefined;
  readonly serial?: string | null | undefined;
  readonly assetTag?: string | null | undefined;
  readonly status?: string | undefined;
}
export interface AcceleratorFields {
  readonly deviceId: number;
  readonly slot: number;
  readonly model: string;
  readonly serial?: string | null | undefined;
  readonly uuid?: string | null | undefined;
  readonly pciBusId?: string | null | undefined;
  readonly firmware?: string | null | undefined;
  readonly status?: string | undefined;
}

/** Optional text in a patch: undefined leaves it, empty or null clears it. */
function patchText(value: string | null | undefined): string | null | undefined {
  return value === undefined ? undefined : blankToNull(value);
}

/** Copies the patch, turning empty optional text into null; the request schemas already checked the rest. */
function cleanPatch<T extends object>(patch: T, optionalText: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = optionalText.includes(key) ? patchText(value as string | null) : value;
  }
  return out as Partial<T>;
}

const ROOM_TEXT: readonly string[] = [];
const RACK_TEXT = ['assetTag'];
const DEVICE_TEXT = ['hostname', 'serial', 'assetTag'];
const ACCELERATOR_TEXT = ['serial', 'uuid', 'pciBusId', 'firmware'];

function create<E extends EntityName>(db: Db, options: WriteOptions, ops: EntityOps<E>, row: NewRow<E>): WriteResult {
  return createEntity(db, options, ops, row);
}

export function createSite(db: Db, options: WriteOptions, f: SiteFields): WriteResult {
  return create(db, options, siteOps, { code: f.code.trim(), name: f.name.trim(), timezone: f.timezone.trim() });
}
export function updateSite(db: Db, options: WriteOptions, id: number, patch: Partial<SiteFields>): WriteResult {
  return updateEntity(db, options, siteOps, id, cleanPatch(patch, []));
}
export function deleteSite(db: Db, options: WriteOptions, id: number): WriteResult {
  return deleteEntity(db, options, siteOps, id);
}

export function createRoom(db: Db, options: WriteOptions, f: RoomFields): WriteResult {
  return create(db, options, roomOps, {
    siteId: f.siteId,
    name: f.name.trim(),
    widthTiles: f.widthTiles,
    depthTiles: f.depthTiles,
    tileMm: f.tileMm ?? 600,
    ashraeClass: (f.ashraeClass ?? 'A1') as AshraeClass,
  });
}
export function updateRoom(db: Db, options: WriteOptions, id: number, patch: Partial<RoomFields>): WriteResult {
  return updateEntity(db, options, roomOps, id, cleanPatch(patch, ROOM_TEXT) as Partial<NewRow<'room'>>);
}
export function deleteRoom(db: Db, options: WriteOptions, id: number): WriteResult {
  return deleteEntity(db, options, roomOps, id);
}

export function createRack(db: Db, options: WriteOptions, f: RackFields): WriteResult {
  return create(db, options, rackOps, {
    roomId: f.roomId,
    rowId: f.rowId ?? null,
    name: f.name.trim(),
    gridX: f.gridX,
    gridY: f.gridY,
    facing: (f.facing ?? RACK_DEFAULTS.facing) as Facing,
    widthTiles: f.widthTiles ?? RACK_DEFAULTS.widthTiles,
    depthTiles: f.depthTiles ?? RACK_DEFAULTS.depthTiles,
    uHeight: f.uHeight ?? RACK_DEFAULTS.uHeight,
    powerBudgetKw: f.powerBudgetKw ?? RACK_DEFAULTS.powerBudgetKw,
    cooling: (f.cooling ?? RACK_DEFAULTS.cooling) as RackCooling,
    loopId: f.loopId ?? null,
    assetTag: blankToNull(f.assetTag),
  });
}
export function updateRack(db: Db, options: WriteOptions, id: number, patch: Partial<RackFields>): WriteResult {
  return updateEntity(db, options, rackOps, id, cleanPatch(patch, RACK_TEXT) as Partial<NewRow<'rack'>>);
}
export function deleteRack(db: Db, options: WriteOptions, id: number): WriteResult {
  return deleteEntity(db, options, rackOps, id);
}

export function createDevice(db: Db, options: WriteOptions, f: DeviceFields): WriteResult {
  return create(db, options, deviceOps, {
    rackId: f.rackId,
    typeId: f.typeId,
    uPosition: f.uPosition,
    face: (f.face ?? 'front') as DeviceFace,
    role: f.role.trim(),
    hostname: blankToNull(f.hostname),
    serial: blankToNull(f.serial),
    assetTag: blankToNull(f.assetTag),
    status: (f.status ?? 'active') as DeviceStatus,
  });
}
export function updateDevice(db: Db, options: WriteOptions, id: number, patch: Partial<DeviceFields>): WriteResult {
  return updateEntity(db, options, deviceOps, id, cleanPatch(patch, DEVICE_TEXT) as Partial<NewRow<'device'>>);
}
/** Deletes the device and its accelerators (each logged). */
export function deleteDevice(db: Db, options: WriteOptions, id: number): WriteResult {
  return deleteEntity(db, options, deviceOps, id);
}

export function createAccelerator(db: Db, options: WriteOptions, f: AcceleratorFields): WriteResult {
  return create(db, options, acceleratorOps, {
    deviceId: f.deviceId,
    slot: f.slot,
    model: f.model.trim(),
    serial: blankToNull(f.serial),
    uuid: blankToNull(f.uuid),
    pciBusId: blankToNull(f.pciBusId),
    firmware: blankToNull(f.firmware),
    status: (f.status ?? 'ok') as AcceleratorStatus,
  });
}
export function updateAccelerator(db: Db, options: WriteOptions, id: number, patch: Partial<AcceleratorFields>): WriteResult {
  return updateEntity(db, options, acceleratorOps, id, cleanPatch(patch, ACCELERATOR_TEXT) as Partial<NewRow<'accelerator'>>);
}
export function deleteAccelerator(db: Db, options: WriteOptions, id: number): WriteResult {
  return deleteEntity(db, options, acceleratorOps, id);
}
