import type { Db } from '../db/open';
import type { UndoResult } from '../inventory/detail-types';
import type { WriteOptions } from '../inventory/writes/context';
import { undoLastChange } from '../inventory/writes/undo';

const AUDIT_CHANGE_SET = /^audit:([0-9A-Z]{26})$/;

/**
 * Undo as the change log does it, and when what was undone is an audit's apply, the audit goes back to
 * "reconciled" in the same transaction: its decisions stay, what was applied is forgotten, so it can be
 * applied again (after changing a decision or not).
 */
export function undoLastChangeReopeningAudit(db: Db, options: WriteOptions): UndoResult & { readonly reopenedAudit: string | null } {
  return db.transaction(() => {
    const result = undoLastChange(db, options);
    const audit = AUDIT_CHANGE_SET.exec(result.undone.changeSet ?? '')?.[1] ?? null;
    if (audit === null) return { ...result, reopenedAudit: null };
    db.prepare('DELETE FROM audit_applied WHERE audit_id = ?').run(audit);
    db.prepare('UPDATE audits SET applied_at = NULL, applied_by = NULL, change_set = NULL WHERE id = ?').run(audit);
    return { ...result, reopenedAudit: audit };
  }).immediate();
}
