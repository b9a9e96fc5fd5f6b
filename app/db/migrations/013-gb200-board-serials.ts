import type { Migration } from '../migration';

/**
 * GB200 superchip boards: the two Blackwell GPUs of one GB200 board carry the board's serial, and
 * `nvidia-smi --query-gpu=serial` reports that same board serial for both. `accelerators.serial` is unique
 * (one part, one slot), so the shared board serial lives in its own column; a part named by it is the
 * whole board, and an RMA case opened on it covers both GPUs as one replacement (`board_group` ties the
 * cases of one board together: the id of the board's first case).
 */
export const migration013: Migration = {
  version: 13,
  name: 'gb200-board-serials',
  up(db) {
    db.exec(`
      ALTER TABLE accelerators ADD COLUMN board_serial TEXT COLLATE NOCASE;
      CREATE INDEX accelerators_by_board_serial ON accelerators(board_serial) WHERE board_serial IS NOT NULL;
      ALTER TABLE rma_cases ADD COLUMN board_serial TEXT COLLATE NOCASE;
      ALTER TABLE rma_cases ADD COLUMN board_group INTEGER REFERENCES rma_cases(id);
      CREATE INDEX rma_cases_by_board_group ON rma_cases(board_group) WHERE board_group IS NOT NULL;
    `);
  },
};
