import { z } from 'zod';
import type { ChangeEntry } from '../../inventory/change-log';
import type {
  DeviceDetail,
  DeviceTypeInfo,
  InventoryExport,
  InventoryImportReport,
  RackDetail,
  UndoResult,
  WriteResult,
} from '../../inventory/detail-types';
import type { SpaceTypes } from '../../inventory/space-types';
import { ACCELERATOR_STATUSES, ASHRAE_CLASSES, DEVICE_STATUSES, FACINGS, RACK_COOLING } from '../../inventory/types';
import { fileSourceRequest, request } from './define';
import { identifier, name } from './identifier';
import { id, none } from './inventory';

/** Why a technician made a change; it lands in the change log. */
const reason = z.string().max(500).optional();
const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional identity fields: empty means "none", which the core stores as NULL. */
const optionalIdentity = (what: string) => identifier(100, what).nullable().optional();

const siteFields = z.object({ code: name(16, 'Site code'), name: name(120, 'Site name'), timezone: text(64) }).strict();
const roomFields = z
  .object({
    siteId: id,
    name: name(60, 'Room name'),
    widthTiles: z.number().int().min(1).max(2000),
    depthTiles: z.number().int().min(1).max(2000),
    tileMm: z.number().int().min(300).max(1200).optional(),
    ashraeClass: z.enum(ASHRAE_CLASSES as [string, ...string[]]).optional(),
  })
  .strict();
const rackFields = z
  .object({
    roomId: id,
    rowId: id.nullable().optional(),
    name: name(60, 'Rack name'),
    gridX: z.number().int().min(0),
    gridY: z.number().int().min(0),
    facing: z.enum(FACINGS as [string, ...string[]]).optional(),
    widthTiles: z.number().int().min(1).max(4).optional(),
    depthTiles: z.number().int().min(1).max(4).optional(),
    uHeight: z.number().int().min(1).max(60).optional(),
    powerBudgetKw: z.number().min(0).max(1000).optional(),
    cooling: z.enum(RACK_COOLING as [string, ...string[]]).optional(),
    loopId: id.nullable().optional(),
    assetTag: optionalIdentity('Asset tag'),
  })
  .strict();
const deviceFields = z
  .object({
    rackId: id.nullable(),
    typeId: id,
    uPosition: z.number().int().min(1).max(60).nullable(),
    face: z.enum(['front', 'rear']).optional(),
    role: text(40),
    hostname: optionalIdentity('Hostname'),
    serial: optionalIdentity('Serial'),
    assetTag: optionalIdentity('Asset tag'),
    status: z.enum(DEVICE_STATUSES as [string, ...string[]]).optional(),
  })
  .strict();
const acceleratorFields = z
  .object({
    deviceId: id,
    slot: z.number().int().min(0).max(63),
    model: text(60),
    serial: optionalIdentity('Serial'),
    uuid: optionalIdentity('UUID'),
    pciBusId: optionalIdentity('PCI bus id'),
    firmware: z.string().trim().max(100).nullable().optional(),
    status: z.enum(ACCELERATOR_STATUSES as [string, ...string[]]).optional(),
  })
  .strict();

const create = <T extends z.ZodObject>(fields: T) => z.object({ fields, reason }).strict();
const update = <T extends z.ZodObject>(fields: T) => z.object({ id, patch: fields.partial(), reason }).strict();
const remove = z.object({ id, reason }).strict();
const inventoryKind = z.enum(['sites', 'rooms', 'racks', 'devices', 'accelerators']);

export const editingRequests = {
  'rack.detail': request<RackDetail>()(z.object({ rackId: id }).strict()),
  'device.detail': request<DeviceDetail>()(z.object({ deviceId: id }).strict()),
  'catalog.deviceTypes': request<DeviceTypeInfo[]>()(none),
  /** The types that fit a free U of a rack (span, cooling, power budget), and why the others do not. */
  'rack.typesForSpace': request<SpaceTypes>()(
    z.object({ rackId: id, uPosition: z.number().int().min(1).max(60).nullable(), face: z.enum(['front', 'rear']).default('front') }).strict(),
    { access: 'read' },
  ),
  'history.entity': request<ChangeEntry[]>()(
    z.object({ entity: z.enum(['site', 'room', 'rack', 'device', 'accelerator']), entityId: id, limit: z.number().int().min(1).max(500).default(100) }).strict(),
  ),

  'site.create': request<WriteResult>()(create(siteFields)),
  'site.update': request<WriteResult>()(update(siteFields)),
  'site.delete': request<WriteResult>()(remove),
  'room.create': request<WriteResult>()(create(roomFields)),
  'room.update': request<WriteResult>()(update(roomFields)),
  'room.delete': request<WriteResult>()(remove),
  'rack.create': request<WriteResult>()(create(rackFields)),
  'rack.update': request<WriteResult>()(update(rackFields)),
  'rack.delete': request<WriteResult>()(remove),
  'device.create': request<WriteResult>()(create(deviceFields)),
  'device.update': request<WriteResult>()(update(deviceFields)),
  'device.delete': request<WriteResult>()(remove),
  'accelerator.create': request<WriteResult>()(create(acceleratorFields)),
  'accelerator.update': request<WriteResult>()(update(acceleratorFields)),
  'accelerator.delete': request<WriteResult>()(remove),
  /** Reverts the newest change-log entry that is not itself undone. */
  'changes.undo': request<UndoResult>()(z.object({ reason }).strict()),

  /** CSV text (browser upload) or a path (CLI); dry run reports without writing. */
  'inventory.import': fileSourceRequest<InventoryImportReport>()(z.object({ text: z.string(), name: z.string().max(260) }).strict(), (source) =>
    z.object({ kind: inventoryKind, source, dryRun: z.boolean().default(false), reason }).strict(),
  ),
  'inventory.export': request<InventoryExport>()(z.object({ kind: inventoryKind }).strict()),
} as const;
