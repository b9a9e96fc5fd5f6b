import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open';
import type { AcceleratorInfo } from '../detail-types';
import type { AshraeClass, DeviceFace, DeviceStatus, Facing, RackCooling } from '../types';

/**
 * Full-row snapshots of the editable tables, in camelCase: what the change log stores as before/after and
 * what undo puts back. Each table is described once (column ↔ field), and every statement is derived from
 * that description and prepared once per connection.
 */
export interface SiteRow {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly timezone: string;
}

export interface RoomRow {
  readonly id: number;
  readonly siteId: number;
  readonly name: string;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly tileMm: number;
  readonly ashraeClass: AshraeClass;
}

export interface RackRow {
  readonly id: number;
  readonly roomId: number;
  readonly rowId: number | null;
  readonly name: string;
  readonly gridX: number;
  readonly gridY: number;
  readonly facing: Facing;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly uHeight: number;
  readonly powerBudgetKw: number;
  readonly cooling: RackCooling;
  readonly loopId: number | null;
  readonly assetTag: string | null;
}

export interface DeviceRow {
  readonly id: number;
  readonly rackId: number | null;
  readonly typeId: number;
  readonly uPosition: number | null;
  readonly face: DeviceFace;
  readonly role: string;
  readonly hostname: string | null;
  readonly serial: string | null;
  readonly assetTag: string | null;
  readonly status: DeviceStatus;
}

/** An accelerator row is exactly what the device panel lists. */
export type AcceleratorRow = AcceleratorInfo;

export interface RackRowRow {
  readonly id: number;
  readonly roomId: number;
  readonly name: string;
}

export interface CoolingLoopRow {
  readonly id: number;
  readonly roomId: number;
  readonly name: string;
  readonly medium: string;
}

/** The entity names the change log uses. */
export type EntityName = 'site' | 'room' | 'rack' | 'device' | 'accelerator' | 'rack_row' | 'cooling_loop';

export interface RowByEntity {
  site: SiteRow;
  room: RoomRow;
  rack: RackRow;
  device: DeviceRow;
  accelerator: AcceleratorRow;
  rack_row: RackRowRow;
  cooling_loop: CoolingLoopRow;
}

export interface TableSpec<E extends EntityName> {
  readonly entity: E;
  readonly table: string;
  /** field → column, id first. */
  readonly columns: ReadonlyArray<readonly [keyof RowByEntity[E] & string, string]>;
}

function spec<E extends EntityName>(entity: E, table: string, columns: ReadonlyArray<readonly [keyof RowByEntity[E] & string, string]>): TableSpec<E> {
  return { entity, table, columns };
}

export const TABLES: { readonly [E in EntityName]: TableSpec<E> } = {
  site: spec('site', 'sites', [
    ['id', 'id'],
    ['code', 'code'],
    ['name', 'name'],
    ['timezone', 'timezone'],
  ]),
  room: spec('room', 'rooms', [
    ['id', 'id'],
    ['siteId', 'site_id'],
    ['name', 'name'],
    ['widthTiles', 'width_tiles'],
    ['depthTiles', 'depth_tiles'],
    ['tileMm', 'tile_mm'],
    ['ashraeClass', 'ashrae_class'],
  ]),
  rack: spec('rack', 'racks', [
    ['id', 'id'],
    ['roomId', 'room_id'],
    ['rowId', 'row_id'],
    ['name', 'name'],
    ['gridX', 'grid_x'],
    ['gridY', 'grid_y'],
    ['facing', 'facing'],
    ['widthTiles', 'width_tiles'],
    ['depthTiles', 'depth_tiles'],
    ['uHeight', 'u_height'],
    ['powerBudgetKw', 'power_budget_kw'],
    ['cooling', 'cooling'],
    ['loopId', 'loop_id'],
    ['assetTag', 'asset_tag'],
  ]),
  device: spec('device', 'devices', [
    ['id', 'id'],
    ['rackId', 'rack_id'],
    ['typeId', 'type_id'],
    ['uPosition', 'u_position'],
    ['face', 'face'],
    ['role', 'role'],
    ['hostname', 'hostname'],
    ['serial', 'serial'],
    ['assetTag', 'asset_tag'],
    ['status', 'status'],
  ]),
  accelerator: spec('accelerator', 'accelerators', [
    ['id', 'id'],
    ['deviceId', 'device_id'],
    ['slot', 'slot'],
    ['model', 'model'],
    ['serial', 'serial'],
    ['uuid', 'uuid'],
    ['pciBusId', 'pci_bus_id'],
    ['firmware', 'firmware'],
    ['status', 'status'],
  ]),
  rack_row: spec('rack_row', 'rack_rows', [
    ['id', 'id'],
    ['roomId', 'room_id'],
    ['name', 'name'],
  ]),
  cooling_loop: spec('cooling_loop', 'cooling_loops', [
    ['id', 'id'],
    ['roomId', 'room_id'],
    ['name', 'name'],
    ['medium', 'medium'],
  ]),
};

type Mode = 'rows' | 'pluck' | 'raw';
const statementCache = new WeakMap<Db, Record<Mode, Map<string, Statement>>>();

/**
 * A statement prepared once per connection; writes run many times in an import or an undo. The result
 * mode keeps its own cache, since pluck() and raw() change a statement for every later caller. SQL texts
 * are built once per table (below), so the lookup hashes a string V8 has already hashed.
 */
export function cached(db: Db, sql: string, mode: Mode = 'rows'): Statement {
  let byMode = statementCache.get(db);
  if (!byMode) {
    byMode = { rows: new Map(), pluck: new Map(), raw: new Map() };
    statementCache.set(db, byMode);
  }
  const byText = byMode[mode];
  let statement = byText.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (mode === 'pluck') statement.pluck();
    if (mode === 'raw') statement.raw();
    byText.set(sql, statement);
  }
  return statement;
}

interface TableSql {
  readonly select: string;
  readonly selectWhere: Map<string, string>;
  readonly insert: string;
  readonly insertWithId: string;
  readonly update: string;
  readonly remove: string;
  /** Fields in column order, without id. */
  readonly fields: readonly string[];
}

const sqlCache = new Map<EntityName, TableSql>();

function sqlOf(entity: EntityName): TableSql {
  let sql = sqlCache.get(entity);
  if (!sql) {
    const t = TABLES[entity] as TableSpec<EntityName>;
    const list = t.columns.map(([field, column]) => (field === column ? column : `${column} AS ${field}`)).join(', ');
    const rest = t.columns.slice(1);
    const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
    sql = {
      select: `SELECT ${list} FROM ${t.table} WHERE id = ?`,
      selectWhere: new Map(),
      insert: `INSERT INTO ${t.table} (${rest.map(([, c]) => c).join(', ')}) VALUES (${placeholders(rest.length)})`,
      insertWithId: `INSERT INTO ${t.table} (${t.columns.map(([, c]) => c).join(', ')}) VALUES (${placeholders(t.columns.length)})`,
      update: `UPDATE ${t.table} SET ${rest.map(([, c]) => `${c} = ?`).join(', ')} WHERE id = ?`,
      remove: `DELETE FROM ${t.table} WHERE id = ?`,
      fields: rest.map(([f]) => f),
    };
    sqlCache.set(entity, sql);
  }
  return sql;
}

export function loadRow<E extends EntityName>(db: Db, entity: E, id: number): RowByEntity[E] | null {
  const row = cached(db, sqlOf(entity).select).get(id) as RowByEntity[E] | undefined;
  return row ?? null;
}

/** Rows of a table matching one column, e.g. the accelerators of a device. */
export function loadRowsWhere<E extends EntityName>(db: Db, entity: E, column: string, value: number): RowByEntity[E][] {
  const sql = sqlOf(entity);
  let text = sql.selectWhere.get(column);
  if (!text) {
    text = `${sql.select.replace(/ WHERE id = \?$/, '')} WHERE ${column} = ? ORDER BY id`;
    sql.selectWhere.set(column, text);
  }
  return cached(db, text).all(value) as RowByEntity[E][];
}

/** Inserts a row; with `id` the same id is written back (undo of a delete), without it SQLite picks one. */
export function insertRow<E extends EntityName>(db: Db, entity: E, row: Omit<RowByEntity[E], 'id'> & { id?: number }): number {
  const sql = sqlOf(entity);
  const record = row as Record<string, unknown>;
  // Positional binding: an import inserts 100,000 rows through this, and named binding costs more.
  const values: unknown[] = row.id === undefined ? [] : [row.id];
  for (const field of sql.fields) values.push(record[field] ?? null);
  return Number(cached(db, row.id === undefined ? sql.insert : sql.insertWithId).run(values).lastInsertRowid);
}

/** Writes every column of the row (a full snapshot) over the row with the same id. */
export function updateRow<E extends EntityName>(db: Db, entity: E, row: RowByEntity[E]): void {
  const sql = sqlOf(entity);
  const record = row as unknown as Record<string, unknown>;
  const values: unknown[] = [];
  for (const field of sql.fields) values.push(record[field] ?? null);
  values.push(record['id']);
  cached(db, sql.update).run(values);
}

export function deleteRow(db: Db, entity: EntityName, id: number): void {
  cached(db, sqlOf(entity).remove).run(id);
}
