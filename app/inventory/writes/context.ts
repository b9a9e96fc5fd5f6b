import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open';
import { logChange, type ChangeAction } from '../change-log';
import { constraintError } from '../rules';
import { cached, type EntityName } from './tables';

/** Who writes and why; every write names both in the change log. */
export interface WriteOptions {
  readonly actor: string;
  readonly reason?: string | null | undefined;
}

/**
 * Writes the change-log entries of one write. A write that touches several rows (a device with its GPUs,
 * an import, an undo of either) shares one change set, so undo reverts it as a whole.
 */
export class ChangeRecorder {
  readonly changeSet: string | null;
  /** One write happens at one moment: every entry of it carries the same time. */
  private readonly at = new Date().toISOString();

  constructor(
    private readonly db: Db,
    private readonly options: WriteOptions,
    grouped: boolean,
  ) {
    this.changeSet = grouped ? randomUUID() : null;
  }

  log(entity: EntityName | ForeignEntity, entityId: number, action: ChangeAction, before: unknown, after: unknown, undo?: { readonly undoes: number; readonly reason: string }): number {
    const id = logChange(this.db, {
      actor: this.options.actor,
      entity,
      entityId,
      action,
      before,
      after,
      reason: undo ? undo.reason : (this.options.reason ?? null),
      changeSet: this.changeSet,
      at: this.at,
    });
    if (undo) cached(this.db, 'UPDATE change_log SET undoes = ? WHERE id = ?').run(undo.undoes, id);
    return id;
  }

  /**
   * Makes an entry another module's write logged itself (a power element saved by app/power, under its own
   * rules) part of this write: this actor, time and change set, and the undo it is.
   */
  adopt(entryId: number, undo: { readonly undoes: number; readonly reason: string }): number {
    cached(this.db, 'UPDATE change_log SET actor = ?, at = ?, change_set = ?, undoes = ?, reason = ? WHERE id = ?').run(
      this.options.actor,
      this.at,
      this.changeSet,
      undo.undoes,
      undo.reason,
      entryId,
    );
    return entryId;
  }
}

/** Entities other modules log in the shape of a row, which undo can put back (see undo-power.ts). */
export type ForeignEntity = 'power_element' | 'power_feed';

/**
 * Runs a write in one transaction; a constraint failure that slipped past the rules becomes a sentence.
 * `immediate` takes the write lock at the start, so what was checked cannot change before it is written.
 */
export function inTransaction<T>(db: Db, work: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T {
  try {
    const transaction = db.transaction(work);
    return mode === 'immediate' ? transaction.immediate() : transaction();
  } catch (error) {
    throw constraintError(error);
  }
}

/** Empty text means "none" for optional identities; the database stores NULL. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The patch applied over the current row: undefined leaves a field as it is. */
export function applyPatch<T extends object>(before: T, patch: Partial<Record<keyof T, unknown>>): T {
  const next: Record<string, unknown> = { ...(before as unknown as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) next[key] = value;
  return next as unknown as T;
}

/** Field names whose values differ between two snapshots. */
export function changedFields<T extends object>(before: T, after: T): string[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return Object.keys(b).filter((k) => a[k] !== b[k]);
}
