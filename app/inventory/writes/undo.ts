import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { toEntry, type ChangeEntry, type ChangeRow } from '../change-log';
import type { UndoResult } from '../detail-types';
import { ChangeRecorder, inTransaction, type WriteOptions } from './context';
import { withoutId, type EntityOps, type NewRow } from './entity';
import { ENTITY_OPS, isEntityName } from './registry';
import { FOREIGN_UNDO, isForeignEntity } from './undo-power';
import { cached, deleteRow, insertRow, loadRow, TABLES, updateRow, type EntityName, type RowByEntity } from './tables';

/** Neither an undo itself nor already undone. */
const UNDOABLE = 'c.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM change_log u WHERE u.undoes = c.id)';

function describe(entry: ChangeEntry): string {
  return `change ${entry.id} (${entry.action} of ${entry.entity.replace('_', ' ')}${entry.entityId === null ? '' : ` ${entry.entityId}`} by ${entry.actor})`;
}

/**
 * The entry's `before` as a full row of the table, or an error: other parts of Floorwalk log changes to
 * the same entities in their own shapes (heatmap thresholds of a room), and those are not rows to put back.
 */
function snapshot<E extends EntityName>(ops: EntityOps<E>, entry: ChangeEntry): RowByEntity[E] {
  const before = entry.before as Record<string, unknown> | null;
  const complete = before !== null && typeof before === 'object' && TABLES[ops.entity].columns.every(([field]) => field in before) && before['id'] === entry.entityId;
  if (!complete) throw new FloorwalkError('rule_violation', `the entry does not hold the whole ${ops.noun} as it was, so there is nothing to put back.`);
  return before as unknown as RowByEntity[E];
}

/** Puts one entry's row back the way it was before the entry; logs the inverse. */
function revert<E extends EntityName>(db: Db, ops: EntityOps<E>, entry: ChangeEntry, recorder: ChangeRecorder): number {
  const id = entry.entityId as number;
  const undo = { undoes: entry.id, reason: `undo of change ${entry.id}` };
  const current = loadRow(db, ops.entity, id);
  switch (entry.action) {
    case 'create': {
      if (!current) throw new FloorwalkError('conflict', `the ${ops.noun} it created (id ${id}) is already gone.`);
      const blocker = ops.deleteBlocker(db, current);
      if (blocker) throw new FloorwalkError('rule_violation', blocker);
      ops.cascade?.(db, current, recorder);
      deleteRow(db, ops.entity, id);
      return recorder.log(ops.entity, id, 'delete', current, null, undo);
    }
    case 'delete': {
      if (current) throw new FloorwalkError('conflict', `id ${id} is in use again by ${ops.name(current)}.`);
      const before = snapshot(ops, entry);
      ops.validate(db, withoutId(before), null);
      insertRow(db, ops.entity, before as NewRow<E> & { id: number });
      return recorder.log(ops.entity, id, 'create', null, loadRow(db, ops.entity, id), undo);
    }
    case 'update':
    case 'move': {
      if (!current) throw new FloorwalkError('conflict', `the ${ops.noun} (id ${id}) no longer exists.`);
      const before = snapshot(ops, entry);
      ops.validate(db, withoutId(before), id);
      updateRow(db, ops.entity, before);
      ops.afterUpdate?.(db, current, before);
      return recorder.log(ops.entity, id, entry.action, current, loadRow(db, ops.entity, id), undo);
    }
    case 'bulk':
      throw new FloorwalkError('rule_violation', 'a bulk entry records counts, not rows, so there is nothing to put back.');
  }
}

/**
 * Reverts the newest change that is not an undo and not undone yet — with every entry of its change set
 * (a device with its GPUs, a whole import), newest first — in one transaction. Each inverse is logged with
 * the reason "undo of change N" and points at N, so undoing again walks further back in time. A rule that
 * the restored rows would break now (someone took the U since) refuses the undo with a sentence.
 */
export function undoLastChange(db: Db, options: WriteOptions): UndoResult {
  return inTransaction(db, () => {
    const headRow = cached(db, `SELECT * FROM change_log c WHERE ${UNDOABLE} ORDER BY c.id DESC LIMIT 1`).get() as ChangeRow | undefined;
    if (!headRow) throw new FloorwalkError('not_found', 'There is nothing to undo: every change in the log is already undone.');
    const head = toEntry(headRow);
    const group =
      head.changeSet === null
        ? [head]
        : (cached(db, `SELECT * FROM change_log c WHERE c.change_set = ? AND ${UNDOABLE} ORDER BY c.id DESC`).all(head.changeSet) as ChangeRow[]).map(toEntry);

    const recorder = new ChangeRecorder(db, options, group.length > 1);
    let changeId = 0;
    for (const entry of group) {
      try {
        let logged: number;
        if (entry.entityId !== null && isForeignEntity(entry.entity)) {
          logged = FOREIGN_UNDO[entry.entity](db, entry, recorder, options.actor);
        } else {
          if (!isEntityName(entry.entity) || entry.entityId === null) {
            throw new FloorwalkError('rule_violation', `Floorwalk cannot put back a ${entry.entity.replace('_', ' ')}.`);
          }
          logged = revert(db, ENTITY_OPS[entry.entity] as EntityOps<EntityName>, entry, recorder);
        }
        if (entry.id === head.id) changeId = logged;
      } catch (error) {
        if (!(error instanceof FloorwalkError)) throw error;
        throw new FloorwalkError(error.code, `Cannot undo ${describe(entry)}: ${error.message} Nothing was changed.`, error.field === undefined ? {} : { field: error.field });
      }
    }
    return { undone: head, changeId, undoneCount: group.length };
  });
}
