import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { placementProblem, type Placed } from '../floor/geometry';
import { pathOf } from './search';
import { cached } from './writes/tables';
import type { DeviceFace } from './types';

/**
 * The inventory rules, each refusal a sentence that names the part in the way and where it is, with the
 * request field it is about so a form can show it inline. Single writes query the database; the bulk
 * importer feeds the same pure checks (uFitProblem, findUClash, the message builders) from its in-memory
 * indexes, so a technician reads the same words in a form and in an import preview.
 */

export type IdentityField = 'serial' | 'assetTag' | 'uuid' | 'hostname';

export interface EntityRef {
  readonly entity: 'device' | 'accelerator' | 'rack' | 'cooling_unit';
  readonly id: number;
}

// ---------------------------------------------------------------- describing parts

interface DevicePlaceRow {
  id: number;
  hostname: string | null;
  serial: string | null;
  vendor: string;
  model: string;
  site: string | null;
  room: string | null;
  rack: string | null;
  u: number | null;
}

const DEVICE_PLACE_SQL = `
  SELECT d.id, d.hostname, d.serial, t.vendor, t.model, s.code AS site, rm.name AS room, rk.name AS rack, d.u_position AS u
  FROM devices d JOIN device_types t ON t.id = d.type_id
  LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites s ON s.id = rm.site_id
  WHERE d.id = ?`;

/** How a technician names a device: its hostname, else its serial, else its model and id. */
export function deviceLabel(device: { readonly id: number; readonly hostname: string | null; readonly serial: string | null; readonly model: string }): string {
  return device.hostname ?? device.serial ?? `${device.model} #${device.id}`;
}

/** "phx1-dh1-r01-01-n2" and "PHX1 / DH1 / R01-01 / U11" for a device id. */
export function devicePlace(db: Db, deviceId: number): { label: string; path: string; model: string } | null {
  const row = cached(db, DEVICE_PLACE_SQL).get(deviceId) as DevicePlaceRow | undefined;
  if (!row) return null;
  return { label: deviceLabel(row), path: pathOf({ site: row.site, room: row.room, rack: row.rack, u: row.u, slot: null }), model: `${row.vendor} ${row.model}` };
}

/** GPUs are called GPUs on the floor; other accelerators (MTIA) are not. */
export function acceleratorNoun(model: string): string {
  return /mtia|gaudi|tpu|inferentia|trainium/i.test(model) ? 'accelerator' : 'GPU';
}

/** A part in words with where it is, e.g. "GPU slot 3 of phx1-dh1-r01-01-n2 (PHX1 / DH1 / R01-01 / U11)". */
export function describePart(db: Db, ref: EntityRef): string {
  switch (ref.entity) {
    case 'device': {
      const place = devicePlace(db, ref.id);
      return place ? `${place.label} (${place.model}, ${place.path})` : `device ${ref.id}`;
    }
    case 'accelerator': {
      const row = cached(db, 'SELECT device_id AS deviceId, slot, model FROM accelerators WHERE id = ?').get(ref.id) as
        | { deviceId: number; slot: number; model: string }
        | undefined;
      if (!row) return `accelerator ${ref.id}`;
      const place = devicePlace(db, row.deviceId);
      return `${acceleratorNoun(row.model)} slot ${row.slot} of ${place ? `${place.label} (${place.path})` : `device ${row.deviceId}`}`;
    }
    case 'rack': {
      const row = cached(db, 'SELECT rk.name, rm.name AS room, s.code AS site FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id WHERE rk.id = ?').get(ref.id) as
        | { name: string; room: string; site: string }
        | undefined;
      return row ? `rack ${row.name} (${row.site} / ${row.room})` : `rack ${ref.id}`;
    }
    case 'cooling_unit': {
      const row = cached(db, 'SELECT c.kind, c.name, rm.name AS room, s.code AS site FROM cooling_units c JOIN rooms rm ON rm.id = c.room_id JOIN sites s ON s.id = rm.site_id WHERE c.id = ?').get(ref.id) as
        | { kind: string; name: string; room: string; site: string }
        | undefined;
      return row ? `${row.kind} ${row.name} (${row.site} / ${row.room})` : `cooling unit ${ref.id}`;
    }
  }
}

// ---------------------------------------------------------------- identities

/** Where each identity lives; serials and asset tags are unique across kinds of part, not only per table. */
export const IDENTITY_SOURCES: { readonly [F in IdentityField]: ReadonlyArray<{ readonly entity: EntityRef['entity']; readonly table: string; readonly column: string }> } = {
  serial: [
    { entity: 'device', table: 'devices', column: 'serial' },
    { entity: 'accelerator', table: 'accelerators', column: 'serial' },
    { entity: 'cooling_unit', table: 'cooling_units', column: 'serial' },
  ],
  assetTag: [
    { entity: 'device', table: 'devices', column: 'asset_tag' },
    { entity: 'rack', table: 'racks', column: 'asset_tag' },
  ],
  uuid: [{ entity: 'accelerator', table: 'accelerators', column: 'uuid' }],
  hostname: [{ entity: 'device', table: 'devices', column: 'hostname' }],
};

const IDENTITY_WORD: Record<IdentityField, string> = { serial: 'Serial', assetTag: 'Asset tag', uuid: 'UUID', hostname: 'Hostname' };

/** "Serial", "Asset tag" …: how a sentence starts that is about this identity. */
export function identityWord(field: IdentityField): string {
  return IDENTITY_WORD[field];
}

export function identityTakenMessage(field: IdentityField, value: string, holder: string): string {
  return `${IDENTITY_WORD[field]} ${value} is already ${field === 'assetTag' ? 'on ' : ''}${holder}.`;
}

/** Every part that carries this identity (case-insensitive), whatever its kind. */
export function identityHolders(db: Db, field: IdentityField, value: string): EntityRef[] {
  const found: EntityRef[] = [];
  for (const source of IDENTITY_SOURCES[field]) {
    const ids = cached(db, `SELECT id FROM ${source.table} WHERE ${source.column} = ?`, 'pluck').all(value) as number[];
    for (const id of ids) found.push({ entity: source.entity, id });
  }
  return found;
}

/** Refuses an identity another part already carries; `self` is the part being written (null when new). */
export function assertIdentityFree(db: Db, field: IdentityField, value: string | null, self: EntityRef | null): void {
  if (value === null) return;
  const other = identityHolders(db, field, value).find((h) => !(self && h.entity === self.entity && h.id === self.id));
  if (other) throw new FloorwalkError('conflict', identityTakenMessage(field, value, describePart(db, other)), { field });
}

// ---------------------------------------------------------------- U position

export interface DeviceTypeShape {
  readonly id: number;
  readonly vendor: string;
  readonly model: string;
  readonly uHeight: number;
  readonly fullDepth: boolean;
  readonly accelCount: number;
  readonly accelModel: string | null;
}

export interface UOccupant {
  readonly id: number;
  readonly label: string;
  readonly model: string;
  readonly uPosition: number;
  readonly uHeight: number;
  readonly face: DeviceFace;
  readonly fullDepth: boolean;
  /** Where the occupant comes from when it is not (yet) in the database, e.g. "row 7 of this file". */
  readonly source?: string;
}

export function uRange(uPosition: number, uHeight: number): string {
  return uHeight <= 1 ? `U${uPosition}` : `U${uPosition}–U${uPosition + uHeight - 1}`;
}

/** Whether a device of this type can sit at this U of a rack this tall; a sentence when not. */
export function uFitProblem(type: DeviceTypeShape, uPosition: number | null, rack: { readonly name: string; readonly uHeight: number } | null): string | null {
  const what = `${type.vendor} ${type.model}`;
  if (type.uHeight === 0) {
    return uPosition === null ? null : `The ${what} is a zero-U part mounted on the rack's side rails; leave its U position empty.`;
  }
  if (uPosition === null) return null;
  if (rack === null) return `A device needs a rack before it can have a U position.`;
  const top = uPosition + type.uHeight - 1;
  if (top > rack.uHeight) {
    return `The ${type.uHeight}U ${what} at U${uPosition} would reach U${top}, but rack ${rack.name} has only ${rack.uHeight} U.`;
  }
  return null;
}

/**
 * The first occupant that shares a U with the candidate on the same face; a full-depth device blocks both
 * faces, so it clashes with anything at its Us. Zero-U parts never clash.
 */
export function findUClash(
  candidate: { readonly id: number | null; readonly uPosition: number | null; readonly uHeight: number; readonly face: DeviceFace; readonly fullDepth: boolean },
  occupants: Iterable<UOccupant>,
): UOccupant | null {
  if (candidate.uPosition === null || candidate.uHeight === 0) return null;
  const lo = candidate.uPosition;
  const hi = lo + candidate.uHeight - 1;
  for (const o of occupants) {
    if (o.id === candidate.id || o.uHeight === 0) continue;
    if (o.uPosition > hi || o.uPosition + o.uHeight - 1 < lo) continue;
    if (candidate.fullDepth || o.fullDepth || candidate.face === o.face) return o;
  }
  return null;
}

export function uClashMessage(
  candidate: { readonly uPosition: number; readonly uHeight: number; readonly model: string },
  rackName: string,
  occupant: UOccupant,
): string {
  const depth = occupant.fullDepth ? 'full depth' : `${occupant.face} only`;
  return (
    `${uRange(candidate.uPosition, candidate.uHeight)} of rack ${rackName} is not free for the ${candidate.model}: ` +
    `${occupant.label} (${occupant.model}${occupant.source ? `, ${occupant.source}` : ''}) occupies ${uRange(occupant.uPosition, occupant.uHeight)} (${depth}).`
  );
}

interface OccupantRow {
  id: number;
  hostname: string | null;
  serial: string | null;
  vendor: string;
  model: string;
  u_position: number;
  u_height: number;
  face: DeviceFace;
  full_depth: number;
}

export function toOccupant(row: OccupantRow): UOccupant {
  return {
    id: row.id,
    label: deviceLabel(row),
    model: `${row.vendor} ${row.model}`,
    uPosition: row.u_position,
    uHeight: row.u_height,
    face: row.face,
    fullDepth: row.full_depth === 1,
  };
}

export const OCCUPANT_SELECT = `SELECT d.id, d.rack_id, d.hostname, d.serial, t.vendor, t.model, d.u_position, t.u_height, d.face, t.full_depth
  FROM devices d JOIN device_types t ON t.id = d.type_id`;

/** The racked devices of one rack that take up U space. */
export function rackOccupants(db: Db, rackId: number): UOccupant[] {
  return (cached(db, `${OCCUPANT_SELECT} WHERE d.rack_id = ? AND d.u_position IS NOT NULL AND t.u_height > 0`).all(rackId) as OccupantRow[]).map(toOccupant);
}

// ---------------------------------------------------------------- accelerator slots

/** The accelerators a device holds, as far as a change of its type cares. */
export interface HeldAccelerators {
  readonly count: number;
  readonly highestSlot: number;
  readonly model: string;
}

export function heldAccelerators(db: Db, deviceId: number): HeldAccelerators | null {
  const row = cached(db, 'SELECT count(*) AS count, max(slot) AS highestSlot, max(model) AS model FROM accelerators WHERE device_id = ?').get(deviceId) as
    | { count: number; highestSlot: number | null; model: string | null }
    | undefined;
  return row && row.count > 0 ? { count: row.count, highestSlot: row.highestSlot ?? 0, model: row.model ?? '' } : null;
}

/**
 * Why a device holding these accelerators cannot be of this type: the type has no slots, fewer slots than
 * it holds, or not the slot one sits in. A type change never strands GPUs on a chassis that has no place
 * for them (the audit would expect them there, the floor map would count them).
 */
export function acceleratorSlotProblem(type: Pick<DeviceTypeShape, 'vendor' | 'model' | 'accelCount'>, held: HeldAccelerators | null): string | null {
  if (!held || held.count === 0) return null;
  const noun = acceleratorNoun(held.model);
  const holds = held.count === 1 ? `a ${noun} in slot ${held.highestSlot}` : `${held.count} ${noun}s (slots up to ${held.highestSlot})`;
  const what = `A ${type.vendor} ${type.model}`;
  if (type.accelCount === 0) return `${what} has no accelerator slots, but this device holds ${holds}; remove ${held.count === 1 ? 'it' : 'them'} first.`;
  if (held.count > type.accelCount || held.highestSlot >= type.accelCount) {
    return `${what} has ${type.accelCount} accelerator slot${type.accelCount === 1 ? '' : 's'} (0–${type.accelCount - 1}), but this device holds ${holds}; remove the extra ones first.`;
  }
  return null;
}

// ---------------------------------------------------------------- floor

export type FloorItem = Placed & { readonly name: string };

/** Racks and cooling units standing in a room, except the rack being placed. */
export function floorItems(db: Db, roomId: number, exceptRackId: number | null): FloorItem[] {
  return cached(
    db,
    `SELECT name, grid_x AS gridX, grid_y AS gridY, width_tiles AS widthTiles, depth_tiles AS depthTiles, facing FROM racks WHERE room_id = @roomId AND id IS NOT @except
     UNION ALL
     SELECT name, grid_x, grid_y, width_tiles, depth_tiles, facing FROM cooling_units WHERE room_id = @roomId`,
  ).all({ roomId, except: exceptRackId }) as FloorItem[];
}

/** Why a rack cannot stand there (outside the room, on another rack or a cooling unit), or null. */
export function rackFloorProblem(db: Db, rack: FloorItem & { readonly roomId: number }, selfId: number | null): string | null {
  const room = cached(db, 'SELECT name, width_tiles AS widthTiles, depth_tiles AS depthTiles FROM rooms WHERE id = ?').get(rack.roomId) as
    | { name: string; widthTiles: number; depthTiles: number }
    | undefined;
  if (!room) return `Room ${rack.roomId} does not exist.`;
  return placementProblem(rack, room, floorItems(db, rack.roomId, selfId));
}

// ---------------------------------------------------------------- last line of defence

const COLUMN_FIELDS: Record<string, string> = {
  serial: 'serial',
  asset_tag: 'assetTag',
  uuid: 'uuid',
  hostname: 'hostname',
  code: 'code',
  name: 'name',
  slot: 'slot',
  u_position: 'uPosition',
  grid_x: 'gridX',
  grid_y: 'gridY',
  u_height: 'uHeight',
};

const TABLE_NOUNS: Record<string, string> = {
  sites: 'site',
  rooms: 'room',
  racks: 'rack',
  rack_rows: 'row',
  devices: 'device',
  accelerators: 'accelerator',
  cooling_units: 'cooling unit',
  cooling_loops: 'cooling loop',
};

/**
 * Turns an SQLite constraint failure into a FloorwalkError. The rules above should have refused the write
 * already; this keeps a sentence (not a stack trace) in front of the technician if one slips through.
 */
export function constraintError(error: unknown): unknown {
  if (error instanceof FloorwalkError || !(error instanceof Error)) return error;
  const code = (error as Error & { code?: string }).code ?? '';
  if (!code.startsWith('SQLITE_CONSTRAINT')) return error;
  const columns = /failed: ([\w.]+(?:, [\w.]+)*)/.exec(error.message)?.[1] ?? '';
  const last = columns.split(', ').pop() ?? '';
  const [table, column] = last.split('.');
  const field = column ? COLUMN_FIELDS[column] : undefined;
  const where = field ? { field } : {};
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const noun = TABLE_NOUNS[table ?? ''] ?? 'part';
    return new FloorwalkError('conflict', `Another ${noun} already has this ${(column ?? 'value').replace(/_/g, ' ')}; nothing was written.`, where);
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new FloorwalkError('rule_violation', 'This change would leave a part pointing at something that does not exist, or remove something other parts still hold; nothing was written.');
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK') {
    return new FloorwalkError('invalid_input', `A value is outside what the inventory allows (${error.message.replace(/^CHECK constraint failed: /, '')}); nothing was written.`);
  }
  if (code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new FloorwalkError('invalid_input', `${column ?? 'A field'} cannot be empty; nothing was written.`, where);
  }
  return new FloorwalkError('rule_violation', `The inventory refused the change (${error.message}); nothing was written.`);
}
