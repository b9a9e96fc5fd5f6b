import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';

export type ChangeAction = 'create' | 'update' | 'delete' | 'move' | 'bulk';

export interface ChangeInput {
  readonly actor: string;
  readonly entity: string;
  readonly entityId: number | null;
  readonly action: ChangeAction;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason?: string | null;
  readonly changeSet?: string | null;
  /** ISO time; now when absent. Tests pass a fixed one. */
  readonly at?: string;
}

export interface ChangeEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly entity: string;
  readonly entityId: number | null;
  readonly action: ChangeAction;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
  readonly changeSet: string | null;
}

/** Prepared once per connection: an import logs one entry per row, and preparing costs more than the insert. */
const insertCache = new WeakMap<Db, Statement<unknown[]>>();

/** Appends one entry. Call it inside the same transaction as the write it describes. */
export function logChange(db: Db, change: ChangeInput): number {
  let insert = insertCache.get(db);
  if (!insert) {
    insert = db.prepare(
      `INSERT INTO change_log (at, actor, entity, entity_id, action, before, after, reason, change_set)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertCache.set(db, insert);
  }
  const result = insert.run(
    change.at ?? new Date().toISOString(),
    change.actor,
    change.entity,
    change.entityId,
    change.action,
    change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
    change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
    change.reason ?? null,
    change.changeSet ?? null,
  );
  return Number(result.lastInsertRowid);
}

export interface ChangeRow {
  id: number;
  at: string;
  actor: string;
  entity: string;
  entity_id: number | null;
  action: ChangeAction;
  before: string | null;
  after: string | null;
  reason: string | null;
  change_set: string | null;
}

export function toEntry(row: ChangeRow): ChangeEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    reason: row.reason,
    changeSet: row.change_set,
  };
}

export function recentChanges(db: Db, limit: number): ChangeEntry[] {
  return (db.prepare('SELECT * FROM change_log ORDER BY id DESC LIMIT ?').all(limit) as ChangeRow[]).map(toEntry);
}

export function changesFor(db: Db, entity: string, entityId: number, limit: number): ChangeEntry[] {
  return (
    db.prepare('SELECT * FROM change_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?').all(entity, entityId, limit) as ChangeRow[]
  ).map(toEntry);
}
