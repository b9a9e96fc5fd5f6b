import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { deleteElement, loadElement, saveElement, setFeed, validated } from '../../power/writes';
import type { PowerElement, PowerSide } from '../../power/types';
import type { ChangeEntry } from '../change-log';
import type { ChangeRecorder, ForeignEntity } from './context';

/**
 * Undo of the power chain's entries (issue 15): an element created, changed or deleted, and a rack side
 * hung on an element or taken off. Each is put back through the chain's own writes, so its rules hold
 * (a parent at the same site, no loop, both sides of a rack never on one element), and the entry those
 * writes log becomes the undo's.
 */

const ELEMENT_FIELDS: ReadonlyArray<keyof PowerElement> = ['id', 'siteId', 'roomId', 'name', 'kind', 'parentId', 'side', 'ratingKw', 'ampsPerPhase', 'voltageV', 'phases'];

interface FeedSnapshot {
  readonly side: PowerSide;
  readonly elementId: number;
  readonly pduDeviceId: number | null;
}

function elementSnapshot(entry: ChangeEntry): PowerElement {
  const before = entry.before as Record<string, unknown> | null;
  if (before === null || typeof before !== 'object' || !ELEMENT_FIELDS.every((f) => f in before) || before['id'] !== entry.entityId) {
    throw new FloorwalkError('rule_violation', 'the entry does not hold the whole power element as it was, so there is nothing to put back.');
  }
  return before as unknown as PowerElement;
}

/** The id of the entry the chain's write just logged (the newest on this connection). */
function lastEntry(db: Db): number {
  return db.prepare('SELECT max(id) FROM change_log').pluck().get() as number;
}

function revertElement(db: Db, entry: ChangeEntry, recorder: ChangeRecorder, actor: string): number {
  const id = entry.entityId as number;
  const undo = { undoes: entry.id, reason: `undo of change ${entry.id}` };
  const w = { db, actor };
  const current = loadElement(db, id);
  switch (entry.action) {
    case 'create':
      if (!current) throw new FloorwalkError('conflict', `the power element it created (id ${id}) is already gone.`);
      deleteElement(w, id, undo.reason);
      return recorder.adopt(lastEntry(db), undo);
    case 'update':
    case 'move': {
      if (!current) throw new FloorwalkError('conflict', `the power element (id ${id}) no longer exists.`);
      saveElement(w, elementSnapshot(entry), id, undo.reason);
      return recorder.adopt(lastEntry(db), undo);
    }
    case 'delete': {
      if (current) throw new FloorwalkError('conflict', `id ${id} is in use again by power element ${current.name}.`);
      const before = elementSnapshot(entry);
      // Back under its own id: feeds and children logged later point at it.
      const row = validated(db, before, null);
      const clash = db.prepare('SELECT id FROM power_elements WHERE site_id = ? AND name = ?').pluck().get(row.siteId, row.name) as number | undefined;
      if (clash !== undefined) throw new FloorwalkError('conflict', `another element is named ${row.name} at this site now.`);
      db.prepare(
        'INSERT INTO power_elements (id, site_id, room_id, name, kind, parent_id, side, rating_kw, amps_per_phase, voltage_v, phases) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      ).run(id, row.siteId, row.roomId, row.name, row.kind, row.parentId, row.side, row.ratingKw, row.ampsPerPhase, row.voltageV, row.phases);
      return recorder.log('power_element', id, 'create', null, loadElement(db, id), undo);
    }
    case 'bulk':
      throw new FloorwalkError('rule_violation', 'a bulk entry records counts, not rows, so there is nothing to put back.');
  }
}

function revertFeed(db: Db, entry: ChangeEntry, recorder: ChangeRecorder, actor: string): number {
  const rackId = entry.entityId as number;
  const before = entry.before as FeedSnapshot | null;
  const after = entry.after as FeedSnapshot | null;
  const side = (before ?? after)?.side;
  if (side !== 'A' && side !== 'B') throw new FloorwalkError('rule_violation', 'the entry does not say which side of the rack it was.');
  const undo = { undoes: entry.id, reason: `undo of change ${entry.id}` };
  // Only what the entry left is put back: a side re-hung since then is someone else's later change.
  const now = db.prepare('SELECT element_id AS elementId FROM power_feeds WHERE rack_id = ? AND side = ?').get(rackId, side) as { elementId: number } | undefined;
  if ((now?.elementId ?? null) !== (after?.elementId ?? null)) {
    throw new FloorwalkError('conflict', `side ${side} of the rack has been re-hung since; undo that first.`);
  }
  setFeed({ db, actor }, { rackId, side, elementId: before?.elementId ?? null, pduDeviceId: before?.pduDeviceId ?? null }, undo.reason);
  return recorder.adopt(lastEntry(db), undo);
}

/** How undo puts back an entry of each foreign entity; `actor` is the one undoing. */
export const FOREIGN_UNDO: { readonly [E in ForeignEntity]: (db: Db, entry: ChangeEntry, recorder: ChangeRecorder, actor: string) => number } = {
  power_element: revertElement,
  power_feed: revertFeed,
};

export function isForeignEntity(name: string): name is ForeignEntity {
  return Object.prototype.hasOwnProperty.call(FOREIGN_UNDO, name);
}
