import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import type { WriteResult } from '../detail-types';
import { applyPatch, changedFields, ChangeRecorder, inTransaction, type WriteOptions } from './context';
import { deleteRow, insertRow, loadRow, updateRow, type EntityName, type RowByEntity } from './tables';

export type NewRow<E extends EntityName> = Omit<RowByEntity[E], 'id'>;

/**
 * What the generic create / update / delete / undo need to know about one kind of row: its rules, what
 * stops it being deleted, what goes with it when it is deleted, and which fields make an update a move.
 */
export interface EntityOps<E extends EntityName> {
  readonly entity: E;
  /** "site", "rack" … as a technician says it. */
  readonly noun: string;
  /** Throws a FloorwalkError (with the field) when the row breaks a rule; selfId is null for a new row. */
  validate(db: Db, row: NewRow<E>, selfId: number | null): void;
  /** Why the row cannot be deleted (it still holds children), or null. */
  deleteBlocker(db: Db, row: RowByEntity[E]): string | null;
  /** Rows deleted (and logged) with it, children first. */
  cascade?(db: Db, row: RowByEntity[E], recorder: ChangeRecorder): void;
  /**
   * Follow-on changes an update implies, applied before the rules: a rack moved to another room leaves its
   * row and loop behind unless the patch names new ones; a device taken out of its rack loses its U.
   */
  settle?(before: RowByEntity[E], next: RowByEntity[E]): RowByEntity[E];
  /** What must follow a written update in the same transaction (the sensors fixed to a moved rack). */
  afterUpdate?(db: Db, before: RowByEntity[E], after: RowByEntity[E]): void;
  /** An update that changes any of these is logged as a move. */
  readonly moveFields: readonly string[];
  /** A short name for messages, e.g. "rack R01-01". */
  name(row: RowByEntity[E]): string;
}

/** The row's fields without its id: what validate and insert take. */
export function withoutId<E extends EntityName>(row: RowByEntity[E]): NewRow<E> {
  const copy: Record<string, unknown> = { ...(row as unknown as Record<string, unknown>) };
  delete copy['id'];
  return copy as unknown as NewRow<E>;
}

export function notFound(noun: string, id: number, field = 'id'): FloorwalkError {
  return new FloorwalkError('not_found', `There is no ${noun} with id ${id}; it may have been deleted.`, { field });
}

function requireRow<E extends EntityName>(db: Db, ops: EntityOps<E>, id: number): RowByEntity[E] {
  const row = loadRow(db, ops.entity, id);
  if (!row) throw notFound(ops.noun, id);
  return row;
}

export function createEntity<E extends EntityName>(db: Db, options: WriteOptions, ops: EntityOps<E>, fields: NewRow<E>): WriteResult {
  return inTransaction(db, () => {
    ops.validate(db, fields, null);
    const id = insertRow(db, ops.entity, fields);
    const after = loadRow(db, ops.entity, id);
    const changeId = new ChangeRecorder(db, options, false).log(ops.entity, id, 'create', null, after);
    return { id, changeId };
  });
}

export function updateEntity<E extends EntityName>(db: Db, options: WriteOptions, ops: EntityOps<E>, id: number, patch: Partial<NewRow<E>>): WriteResult {
  return inTransaction(db, () => {
    const before = requireRow(db, ops, id);
    const patched = applyPatch(before, patch as Partial<Record<keyof RowByEntity[E], unknown>>);
    const next = ops.settle ? ops.settle(before, patched) : patched;
    const changed = changedFields(before, next);
    if (changed.length === 0) {
      // Nothing to write: the newest entry about the row still describes it.
      const last = db.prepare('SELECT max(id) FROM change_log WHERE entity = ? AND entity_id = ?').pluck().get(ops.entity, id) as number | null;
      return { id, changeId: last ?? 0 };
    }
    ops.validate(db, withoutId<E>(next), id);
    updateRow(db, ops.entity, next);
    ops.afterUpdate?.(db, before, next);
    const after = loadRow(db, ops.entity, id);
    const action = changed.some((f) => ops.moveFields.includes(f)) ? 'move' : 'update';
    const changeId = new ChangeRecorder(db, options, false).log(ops.entity, id, action, before, after);
    return { id, changeId };
  });
}

export function deleteEntity<E extends EntityName>(db: Db, options: WriteOptions, ops: EntityOps<E>, id: number): WriteResult {
  return inTransaction(db, () => {
    const before = requireRow(db, ops, id);
    const blocker = ops.deleteBlocker(db, before);
    if (blocker) throw new FloorwalkError('rule_violation', blocker, { field: 'id' });
    const recorder = new ChangeRecorder(db, options, ops.cascade !== undefined);
    ops.cascade?.(db, before, recorder);
    deleteRow(db, ops.entity, id);
    const changeId = recorder.log(ops.entity, id, 'delete', before, null);
    return { id, changeId };
  });
}

/** "3 racks", "1 device": counts in words for refusal sentences. */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
