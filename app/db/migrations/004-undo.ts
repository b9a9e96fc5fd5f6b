import type { Migration } from '../migration';

/**
 * Undo bookkeeping: an entry written by `changes.undo` names the entry it reverts, so the next undo skips
 * both, and no entry can be undone twice (unique index). Written to be safe to run on a file that already
 * has the column.
 */
export const migration004: Migration = {
  version: 4,
  name: 'undo',
  up(db) {
    const columns = db.prepare("SELECT name FROM pragma_table_info('change_log')").pluck().all() as string[];
    if (!columns.includes('undoes')) db.exec('ALTER TABLE change_log ADD COLUMN undoes INTEGER REFERENCES change_log(id)');
    db.exec('CREATE UNIQUE INDEX IF NOT EXISTS change_log_undoes ON change_log(undoes) WHERE undoes IS NOT NULL');
  },
};
