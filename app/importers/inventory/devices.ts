import { DEVICE_STATUSES, type DeviceFace, type DeviceStatus } from '../../inventory/types';
import {
  acceleratorSlotProblem,
  describePart,
  deviceLabel,
  findUClash,
  heldAccelerators,
  identityTakenMessage,
  identityWord,
  rackOccupants,
  uClashMessage,
  uFitProblem,
  type IdentityField,
  type UOccupant,
} from '../../inventory/rules';
import type { NewRow } from '../../inventory/writes/entity';
import { loadRow, type DeviceRow } from '../../inventory/writes/tables';
import { Cells, type ColumnSpec } from './columns';
import { FileClaims, IdentityLookup, PlaceIndex, TypeIndex, type RackRef, type TypeRef } from './lookup';
import { simplePlan, type KindImporter } from './plan';

/**
 * Devices: Floorwalk's own columns (what export writes) and NetBox's bulk-import names side by side —
 * name → hostname, location → room, position → U, device_type by slug or model (manufacturer narrows it).
 * Upsert key: serial, else hostname. On an update an empty cell keeps what Floorwalk has, so a NetBox export
 * with gaps never wipes serials or places recorded here; clearing a value is done in the console.
 */
export const DEVICE_COLUMNS: readonly ColumnSpec[] = [
  { field: 'hostname', names: ['hostname', 'name'], identifier: 'Hostname' },
  { field: 'site', names: ['site'], identifier: 'Site' },
  { field: 'room', names: ['room', 'location'], identifier: 'Room' },
  { field: 'rack', names: ['rack'], identifier: 'Rack' },
  { field: 'uPosition', names: ['u_position', 'position', 'position_u'] },
  { field: 'face', names: ['face', 'rack_face'] },
  { field: 'deviceType', names: ['device_type', 'type', 'device_type_slug'] },
  { field: 'manufacturer', names: ['manufacturer', 'vendor'] },
  { field: 'role', names: ['role', 'device_role'] },
  { field: 'status', names: ['status'] },
  { field: 'serial', names: ['serial', 'serial_number'], identifier: 'Serial' },
  { field: 'assetTag', names: ['asset_tag'], identifier: 'Asset tag' },
  { field: 'uHeight', names: ['u_height'] },
];

/** The order export writes; every name is one the importer reads. */
export const DEVICE_EXPORT_HEADER = ['hostname', 'site', 'room', 'rack', 'u_position', 'face', 'device_type', 'role', 'status', 'serial', 'asset_tag'] as const;

const DEVICE_FACES: readonly DeviceFace[] = ['front', 'rear'];
const IDENTITY_MAX_CHARS = 100;
const ROLE_MAX_CHARS = 40;
const MAX_U = 60;

/** A row that passed its own checks, waiting for the checks that need the whole file. */
interface Candidate {
  readonly cells: Cells;
  readonly line: number;
  readonly before: DeviceRow | null;
  readonly row: NewRow<'device'>;
  readonly type: TypeRef;
  readonly rack: RackRef | null;
}

/** The rack a row names by site, location (room) and rack name; a cell error and null when it names none. */
function findRack(cells: Cells, places: PlaceIndex, rackText: string): RackRef | null {
  const siteText = cells.raw('site') ?? '';
  const roomText = cells.raw('room') ?? '';
  if (siteText === '') return cells.fail('site', `Rack ${rackText} needs its site.`) ?? null;
  const site = places.site(siteText);
  if (!site) return cells.fail('site', `There is no site "${siteText}" (by code or name).`) ?? null;
  if (roomText !== '') {
    const room = places.room(site.id, roomText);
    if (!room) return cells.fail('room', `Site ${site.code} has no room "${roomText}".`) ?? null;
    return places.rack(room.id, rackText) ?? cells.fail('rack', `Room ${site.code} / ${room.name} has no rack "${rackText}".`) ?? null;
  }
  const named = places.racksNamed(site.id, rackText);
  if (named.length === 1) return named[0] ?? null;
  if (named.length === 0) return cells.fail('rack', `Site ${site.code} has no rack "${rackText}".`) ?? null;
  const rooms = named.map((r) => places.roomById.get(r.roomId)?.name ?? r.roomId).join(', ');
  return cells.fail('room', `Site ${site.code} has ${named.length} racks named ${rackText} (rooms ${rooms}); fill in the location.`) ?? null;
}

export const devicesImporter: KindImporter = {
  columns: DEVICE_COLUMNS,

  missingColumns(map) {
    if (!map.index.has('serial') && !map.index.has('hostname')) {
      return 'The file needs a serial or a name/hostname column: that is how a row finds the device it creates or updates.';
    }
    return null;
  },

  plan(ctx, map, rows) {
    const { db, sink } = ctx;
    const places = new PlaceIndex(db);
    const types = new TypeIndex(db);
    const lookups = { serial: new IdentityLookup(db, 'serial', rows.length), assetTag: new IdentityLookup(db, 'assetTag', rows.length), hostname: new IdentityLookup(db, 'hostname', rows.length) };
    const keyClaims = new FileClaims<number>();
    const identityClaims = { serial: new FileClaims<number>(), assetTag: new FileClaims<number>(), hostname: new FileClaims<number>() };
    const candidates: Candidate[] = [];

    for (const record of rows) {
      const cells = new Cells(map, record, sink);
      ctx.tick();
      const hostname = cells.text('hostname', IDENTITY_MAX_CHARS);
      const serial = cells.text('serial', IDENTITY_MAX_CHARS);
      const assetTag = cells.text('assetTag', IDENTITY_MAX_CHARS);
      const role = cells.text('role', ROLE_MAX_CHARS);
      const status = cells.choice<DeviceStatus>('status', DEVICE_STATUSES, 'device status');
      const face = cells.choice<DeviceFace>('face', DEVICE_FACES, 'rack face');
      const uPosition = cells.int('uPosition', 1, MAX_U, 'U position');
      const uHeight = cells.int('uHeight', 0, MAX_U, 'U height');

      // Which device the row is about: serial first, hostname when the row has no serial.
      let before: DeviceRow | null = null;
      const keyField: IdentityField | null = serial ? 'serial' : hostname ? 'hostname' : null;
      if (keyField === null) {
        cells.fail(map.index.has('serial') ? 'serial' : 'hostname', 'A device row needs a serial or a name/hostname.');
        continue;
      }
      const keyValue = (keyField === 'serial' ? serial : hostname) as string;
      const keyHolders = lookups[keyField].holders(keyValue);
      const existing = keyHolders.find((h) => h.entity === 'device');
      if (existing) {
        const earlier = keyClaims.claim(String(existing.id), record.row);
        if (earlier !== undefined) {
          cells.fail(keyField, `Row ${earlier} of this file already updates the device with ${keyField} ${keyValue}.`);
          continue;
        }
        before = loadRow(db, 'device', existing.id);
      }
      // Identity is resolved once, by the serial: a row whose other identities name another device (or
      // rename the one its serial names) is refused, never taken as an update of whichever matched first.
      if (before && keyField === 'serial') {
        const owner = before;
        for (const field of ['hostname', 'assetTag'] as const) {
          const value = field === 'hostname' ? hostname : assetTag;
          if (!value) continue;
          const other = lookups[field].holders(value).find((h) => h.entity === 'device' && h.id !== owner.id);
          const current = owner[field];
          if (other) {
            cells.fail(field, () => `Serial ${keyValue} belongs to ${describePart(db, { entity: 'device', id: owner.id })}; ${identityWord(field).toLowerCase()} ${value} names ${describePart(db, other)}. Fix the row: it is not an update of either.`);
          } else if (field === 'hostname' && current !== null && current.toLowerCase() !== value.toLowerCase()) {
            cells.fail(field, `Serial ${keyValue} belongs to ${describePart(db, { entity: 'device', id: owner.id })}, whose ${identityWord(field).toLowerCase()} is ${current}, not ${value}. Fix the serial, or change the ${identityWord(field).toLowerCase()} in the console or with "floorwalk device set".`);
          }
        }
        if (!cells.ok) continue;
      }

      // The type: required for a new device, optional (a change of type) for an existing one.
      let type: TypeRef | undefined = before ? types.byId.get(before.typeId) : undefined;
      const typeText = cells.text('deviceType', 200);
      if (typeText) {
        const found = types.find(typeText, cells.text('manufacturer', 100));
        if (typeof found === 'string') cells.fail('deviceType', found);
        else type = found;
      } else if (!before && cells.ok) {
        cells.fail('deviceType', 'A new device needs its device type (a catalog slug or model).');
      }
      // The same rule as an edit: a new type keeps a slot for every GPU the device holds.
      if (type && before && type.id !== before.typeId) {
        const slots = acceleratorSlotProblem(type, heldAccelerators(db, before.id));
        if (slots) cells.fail('deviceType', slots);
      }
      if (type && uHeight !== undefined && uHeight !== null && uHeight !== type.uHeight) {
        cells.fail('uHeight', `A ${type.vendor} ${type.model} is ${type.uHeight}U, not ${uHeight}U.`);
      }

      // Where: a rack cell moves the device there; an empty one leaves it where it is (a new device: not racked).
      const rackText = cells.raw('rack') ?? '';
      const rack: RackRef | null = rackText !== '' ? findRack(cells, places, rackText) : before?.rackId != null ? (places.rackById.get(before.rackId) ?? null) : null;
      if (!cells.ok || !type) continue;

      const row: NewRow<'device'> = {
        rackId: rack ? rack.id : null,
        typeId: type.id,
        // No position (column or cell): a device that stays in its rack keeps its U.
        uPosition: rack === null ? null : (uPosition ?? (before && before.rackId === rack.id ? before.uPosition : null)),
        face: face ?? before?.face ?? 'front',
        role: role ?? before?.role ?? type.category,
        hostname: hostname ?? before?.hostname ?? null,
        serial: serial ?? before?.serial ?? null,
        assetTag: assetTag ?? before?.assetTag ?? null,
        status: status ?? before?.status ?? 'active',
      };
      if (uPosition !== undefined && uPosition !== null && rack === null) {
        cells.fail('uPosition', 'A device needs a rack before it can have a U position.');
        continue;
      }
      const fit = uFitProblem(type, row.uPosition, rack);
      if (fit) {
        cells.fail('uPosition', fit);
        continue;
      }

      // Identities: free in the database (apart from this device) and not claimed twice in the file.
      for (const field of ['serial', 'assetTag', 'hostname'] as const) {
        const value = row[field];
        if (value === null) continue;
        const holders = field === keyField && value === keyValue ? keyHolders : lookups[field].holders(value);
        const other = holders.find((h) => !(before && h.entity === 'device' && h.id === before.id));
        if (other) {
          cells.fail(field, () => identityTakenMessage(field, value, describePart(db, other)));
          continue;
        }
        const earlier = identityClaims[field].claim(value, record.row);
        if (earlier !== undefined) cells.fail(field, `${identityWord(field)} ${value} is also on row ${earlier} of this file.`);
      }
      if (!cells.ok) continue;
      candidates.push({ cells, line: record.line, before, row, type, rack });
    }

    // U space, as it will be: devices of the file at their new places, the rest where they are.
    const moving = new Set(candidates.filter((c) => c.before).map((c) => (c.before as DeviceRow).id));
    const dbOccupants = new Map<number, UOccupant[]>();
    const fileOccupants = new Map<number, Array<UOccupant & { row: number }>>();
    for (const c of candidates) {
      if (!c.rack || c.row.uPosition === null || c.type.uHeight === 0) continue;
      let stay = dbOccupants.get(c.rack.id);
      if (!stay) dbOccupants.set(c.rack.id, (stay = rackOccupants(db, c.rack.id).filter((o) => !moving.has(o.id))));
      const candidate = { id: c.before?.id ?? null, uPosition: c.row.uPosition, uHeight: c.type.uHeight, face: c.row.face, fullDepth: c.type.fullDepth };
      const model = `${c.type.vendor} ${c.type.model}`;
      const fromDb = findUClash(candidate, stay);
      let mine = fileOccupants.get(c.rack.id);
      if (!mine) fileOccupants.set(c.rack.id, (mine = []));
      const fromFile = fromDb ? null : findUClash(candidate, mine);
      const clash = fromDb ?? fromFile;
      if (clash) {
        const rackName = c.rack.name;
        const u = c.row.uPosition;
        c.cells.fail('uPosition', () => uClashMessage({ uPosition: u, uHeight: c.type.uHeight, model }, rackName, clash));
        continue;
      }
      mine.push({
        id: c.before?.id ?? -c.cells.row,
        label: deviceLabel({ id: 0, hostname: c.row.hostname, serial: c.row.serial, model }),
        source: `row ${c.cells.row} of this file`,
        model,
        uPosition: c.row.uPosition,
        uHeight: c.type.uHeight,
        face: c.row.face,
        fullDepth: c.type.fullDepth,
        row: c.cells.row,
      });
    }

    return simplePlan(db, 'device', candidates);
  },
};
