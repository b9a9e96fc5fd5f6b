import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open';
import { IDENTITY_SOURCES, type DeviceTypeShape, type EntityRef, type IdentityField } from '../../inventory/rules';
import type { DeviceCategory } from '../../inventory/types';

/**
 * In-memory indexes an import loads once: places (sites, rooms, racks, rows, loops) and the device-type
 * catalog are small, so every row resolves its names with a Map lookup instead of a query. Identities
 * (serials of 600,000 GPUs) are not loaded: each distinct value is looked up once through one prepared
 * statement on the unique indexes.
 */

const key = (...parts: Array<string | number>): string => parts.map((p) => String(p).toLowerCase()).join('\u0000');

export interface SiteRef {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}
export interface RoomRef {
  readonly id: number;
  readonly siteId: number;
  readonly name: string;
  readonly widthTiles: number;
  readonly depthTiles: number;
}
export interface RackRef {
  readonly id: number;
  readonly roomId: number;
  readonly siteId: number;
  readonly name: string;
  readonly uHeight: number;
}

export class PlaceIndex {
  private readonly sites = new Map<string, SiteRef>();
  readonly siteById = new Map<number, SiteRef>();
  private readonly rooms = new Map<string, RoomRef>();
  readonly roomById = new Map<number, RoomRef>();
  private readonly racks = new Map<string, RackRef>();
  private readonly racksBySiteName = new Map<string, RackRef[]>();
  readonly rackById = new Map<number, RackRef>();
  private readonly rows = new Map<string, number>();
  readonly rowNameById = new Map<number, string>();
  private readonly loops = new Map<string, number>();
  readonly loopNameById = new Map<number, string>();

  constructor(db: Db) {
    for (const s of db.prepare('SELECT id, code, name FROM sites').all() as SiteRef[]) {
      this.siteById.set(s.id, s);
      this.sites.set(key(s.code), s);
      if (!this.sites.has(key(s.name))) this.sites.set(key(s.name), s);
    }
    for (const r of db.prepare('SELECT id, site_id AS siteId, name, width_tiles AS widthTiles, depth_tiles AS depthTiles FROM rooms').all() as RoomRef[]) {
      this.addRoom(r);
    }
    for (const r of db.prepare('SELECT rk.id, rk.room_id AS roomId, rm.site_id AS siteId, rk.name, rk.u_height AS uHeight FROM racks rk JOIN rooms rm ON rm.id = rk.room_id').all() as RackRef[]) {
      this.addRack(r);
    }
    for (const r of db.prepare('SELECT id, room_id AS roomId, name FROM rack_rows').all() as Array<{ id: number; roomId: number; name: string }>) {
      this.rows.set(key(r.roomId, r.name), r.id);
      this.rowNameById.set(r.id, r.name);
    }
    for (const l of db.prepare('SELECT id, room_id AS roomId, name FROM cooling_loops').all() as Array<{ id: number; roomId: number; name: string }>) {
      this.loops.set(key(l.roomId, l.name), l.id);
      this.loopNameById.set(l.id, l.name);
    }
  }

  addRoom(r: RoomRef): void {
    this.roomById.set(r.id, r);
    this.rooms.set(key(r.siteId, r.name), r);
  }

  addRack(r: RackRef): void {
    this.rackById.set(r.id, r);
    this.racks.set(key(r.roomId, r.name), r);
    const k = key(r.siteId, r.name);
    const list = this.racksBySiteName.get(k);
    if (list) list.push(r);
    else this.racksBySiteName.set(k, [r]);
  }

  /** By code or by name, either case. */
  site(text: string): SiteRef | undefined {
    return this.sites.get(key(text));
  }
  room(siteId: number, name: string): RoomRef | undefined {
    return this.rooms.get(key(siteId, name));
  }
  rack(roomId: number, name: string): RackRef | undefined {
    return this.racks.get(key(roomId, name));
  }
  racksNamed(siteId: number, name: string): readonly RackRef[] {
    return this.racksBySiteName.get(key(siteId, name)) ?? [];
  }
  row(roomId: number, name: string): number | undefined {
    return this.rows.get(key(roomId, name));
  }
  loop(roomId: number, name: string): number | undefined {
    return this.loops.get(key(roomId, name));
  }
}

export interface TypeRef extends DeviceTypeShape {
  readonly slug: string;
  readonly category: DeviceCategory;
  readonly maxPowerW: number;
}

/** The catalog, matched the ways a file names a type: slug, model, "vendor model", or a unique model prefix. */
export class TypeIndex {
  readonly byId = new Map<number, TypeRef>();
  private readonly all: TypeRef[];

  constructor(db: Db) {
    this.all = (
      db
        .prepare(
          `SELECT id, slug, vendor, model, category, u_height AS uHeight, full_depth AS fullDepth, accel_count AS accelCount,
                  accel_model AS accelModel, max_power_w AS maxPowerW FROM device_types ORDER BY id`,
        )
        .all() as Array<Omit<TypeRef, 'fullDepth'> & { fullDepth: number }>
    ).map((t) => ({ ...t, fullDepth: t.fullDepth === 1 }));
    for (const t of this.all) this.byId.set(t.id, t);
  }

  private readonly found = new Map<string, TypeRef | string>();

  /** The type, or a sentence saying why none (or several) match; a file names few types, so each answer is kept. */
  find(text: string, manufacturer: string | null | undefined): TypeRef | string {
    const k = key(text, manufacturer ?? '');
    let answer = this.found.get(k);
    if (answer === undefined) {
      answer = this.match(text, manufacturer);
      this.found.set(k, answer);
    }
    return answer;
  }

  private match(text: string, manufacturer: string | null | undefined): TypeRef | string {
    const q = text.toLowerCase();
    const vendorOk = (t: TypeRef): boolean => !manufacturer || t.vendor.toLowerCase() === manufacturer.toLowerCase();
    const tries: Array<(t: TypeRef) => boolean> = [
      (t) => t.slug.toLowerCase() === q,
      (t) => t.model.toLowerCase() === q && vendorOk(t),
      (t) => `${t.vendor} ${t.model}`.toLowerCase() === q,
      // NetBox keeps the short model ("PowerEdge XE9680"); the catalog adds the build in brackets.
      (t) => t.model.toLowerCase().startsWith(`${q} (`) && vendorOk(t),
    ];
    for (const test of tries) {
      const hits = this.all.filter(test);
      if (hits.length === 1 && hits[0]) return hits[0];
      if (hits.length > 1) return `"${text}" matches ${hits.length} device types (${hits.map((h) => h.slug).join(', ')}); use the slug or fill in manufacturer.`;
    }
    return `No device type matches "${text}"; use a catalog slug (see "floorwalk types"), e.g. ${this.all
      .slice(0, 3)
      .map((t) => t.slug)
      .join(', ')}.`;
  }
}

const NO_HOLDERS: readonly EntityRef[] = [];

/**
 * A table is read whole into memory when it holds at most this many times as many rows as the file will
 * look up; beyond that, probing its unique index once per value is cheaper than reading it.
 */
const LOAD_WHOLE_TABLE_RATIO = 2;

/**
 * Looks an identity up across every table that holds it (serials: devices, GPUs, CDUs). Per table, the
 * cheaper of two set-based ways: small tables (a fresh site, the CDUs) are read once into a map; large
 * ones (600,000 GPU serials) are probed through one prepared statement on their unique index. Callers keep
 * an answer they need twice.
 */
export class IdentityLookup {
  private readonly loaded: Array<{ readonly entity: EntityRef['entity']; readonly ids: Map<string, number> }> = [];
  private readonly probe: Statement | null;

  /** `expected`: about how many values will be looked up (the rows of the file). */
  constructor(db: Db, field: IdentityField, expected: number) {
    const probed: string[] = [];
    for (const source of IDENTITY_SOURCES[field]) {
      const rows = db.prepare(`SELECT count(*) FROM ${source.table}`).pluck().get() as number;
      if (rows <= expected * LOAD_WHOLE_TABLE_RATIO) {
        const ids = new Map<string, number>();
        for (const [value, id] of db.prepare(`SELECT ${source.column}, id FROM ${source.table} WHERE ${source.column} IS NOT NULL`).raw().iterate() as IterableIterator<[string, number]>) {
          ids.set(value.toLowerCase(), id);
        }
        this.loaded.push({ entity: source.entity, ids });
      } else {
        probed.push(`SELECT '${source.entity}' AS entity, id FROM ${source.table} WHERE ${source.column} = @v`);
      }
    }
    this.probe = probed.length > 0 ? db.prepare(probed.join(' UNION ALL ')).raw() : null;
  }

  holders(value: string): readonly EntityRef[] {
    let found: EntityRef[] | null = null;
    if (this.loaded.length > 0) {
      const k = value.toLowerCase();
      for (const source of this.loaded) {
        const id = source.ids.get(k);
        if (id !== undefined) (found ??= []).push({ entity: source.entity, id });
      }
    }
    if (this.probe) {
      for (const [entity, id] of this.probe.all({ v: value }) as Array<[EntityRef['entity'], number]>) (found ??= []).push({ entity, id });
    }
    // Most values of an import are new: share one empty answer instead of allocating one per value.
    return found ?? NO_HOLDERS;
  }
}

/** Values seen in this file, to catch two rows claiming the same serial (or U, or slot). */
export class FileClaims<T> {
  private readonly claims = new Map<string, T>();
  /** The earlier claim, or undefined after recording this one. */
  claim(value: string, claimant: T): T | undefined {
    const k = value.toLowerCase();
    const earlier = this.claims.get(k);
    if (earlier !== undefined) return earlier;
    this.claims.set(k, claimant);
    return undefined;
  }
}

export { key as indexKey };
