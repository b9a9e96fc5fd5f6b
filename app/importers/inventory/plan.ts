import type { Db } from '../../db/open';
import type { ChangeRecorder } from '../../inventory/writes/context';
import type { EntityOps, NewRow } from '../../inventory/writes/entity';
import { ENTITY_OPS } from '../../inventory/writes/registry';
import { insertRow, updateRow, type EntityName, type RowByEntity } from '../../inventory/writes/tables';
import type { ColumnMap, ColumnSpec, ImportRow } from './columns';
import type { ErrorSink } from './report';

/** One row's write, decided during validation and carried out at commit. */
export interface PlannedWrite<E extends EntityName> {
  readonly entity: E;
  /** The existing row an update overwrites; null for a create. */
  readonly before: RowByEntity[E] | null;
  row: NewRow<E>;
  readonly move: boolean;
  /** The data row of the file it comes from. */
  readonly fileRow: number;
  /** Reference fields whose target the commit creates first (a new rack row), by the name it will get. */
  readonly pending?: Readonly<Record<string, string>>;
}

export interface PlanContext {
  readonly db: Db;
  readonly sink: ErrorSink;
  /** One step of the validation phase. */
  readonly tick: () => void;
}

export interface KindPlan {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** What will be written, row by row (the report lists it field by field). */
  readonly writes: ReadonlyArray<PlannedWrite<EntityName>>;
  /** Writes every planned row (inside the caller's transaction), logging each. */
  commit(recorder: ChangeRecorder, tick: () => void): void;
}

export interface KindImporter {
  readonly columns: readonly ColumnSpec[];
  /** What makes the file unusable as a whole (a key column missing), or null. */
  missingColumns(map: ColumnMap): string | null;
  plan(ctx: PlanContext, map: ColumnMap, rows: readonly ImportRow[]): KindPlan;
}

/** True when applying `row` over `before` would change nothing. */
export function sameRow<E extends EntityName>(before: RowByEntity[E], row: NewRow<E>): boolean {
  const a = before as unknown as Record<string, unknown>;
  return Object.entries(row as unknown as Record<string, unknown>).every(([k, v]) => a[k] === v);
}

/** A row that passed every check, with the existing row it updates (null: a create). */
export interface Checked<E extends EntityName> {
  readonly cells: { readonly ok: boolean; readonly row: number };
  readonly before: RowByEntity[E] | null;
  readonly row: NewRow<E>;
}

/**
 * The writes of the rows still without error: a row that changes nothing is counted, not written, and one
 * that changes a field of the entity's moveFields is logged as a move, as a single edit would be.
 */
export function planWrites<E extends EntityName>(entity: E, checked: ReadonlyArray<Checked<E>>): { writes: Array<PlannedWrite<E>>; unchanged: number } {
  const moveFields = ENTITY_OPS[entity].moveFields;
  const writes: Array<PlannedWrite<E>> = [];
  let unchanged = 0;
  for (const c of checked) {
    if (!c.cells.ok) continue;
    if (c.before && sameRow(c.before, c.row)) {
      unchanged++;
      continue;
    }
    const before = c.before as Record<string, unknown> | null;
    const row = c.row as Record<string, unknown>;
    const move = before !== null && moveFields.some((f) => before[f] !== row[f]);
    writes.push({ entity, before: c.before, row: c.row, move, fileRow: c.cells.row });
  }
  return { writes, unchanged };
}

/** The plan of a kind whose rows are written as they are. */
export function simplePlan<E extends EntityName>(db: Db, entity: E, checked: ReadonlyArray<Checked<E>>): KindPlan {
  const { writes, unchanged } = planWrites(entity, checked);
  return { ...countWrites(writes, unchanged), writes, commit: (recorder, tick) => commitWrites(db, recorder, writes, tick) };
}

export function countWrites(writes: ReadonlyArray<PlannedWrite<EntityName>>, unchanged: number): Pick<KindPlan, 'created' | 'updated' | 'unchanged'> {
  let created = 0;
  for (const w of writes) if (w.before === null) created++;
  return { created, updated: writes.length - created, unchanged };
}

/** Inserts or updates each planned row with prepared statements and logs it with its full snapshots. */
export function commitWrites<E extends EntityName>(db: Db, recorder: ChangeRecorder, writes: ReadonlyArray<PlannedWrite<E>>, tick: () => void): void {
  for (const w of writes) {
    if (w.before === null) {
      const id = insertRow(db, w.entity, w.row);
      recorder.log(w.entity, id, 'create', null, { id, ...w.row });
    } else {
      const after = { id: w.before.id, ...w.row } as unknown as RowByEntity[E];
      updateRow(db, w.entity, after);
      (ENTITY_OPS[w.entity] as EntityOps<E>).afterUpdate?.(db, w.before, after);
      recorder.log(w.entity, w.before.id, w.move ? 'move' : 'update', w.before, after);
    }
    tick();
  }
}
