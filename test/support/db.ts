import path from 'node:path';
import { openDatabase, type Db } from '../../app/db/open';
import { generateDemo } from '../../app/demo/generate';
import { tempDir } from './temp';

/** A migrated database in a temp folder, optionally with a small demo inventory. */
export function testDb(options: { demoAccelerators?: number; seed?: number } = {}): { db: Db; file: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'test.db');
  const db = openDatabase(file, { create: true });
  if (options.demoAccelerators) generateDemo(db, { accelerators: options.demoAccelerators, seed: options.seed ?? 1 });
  return {
    db,
    file,
    cleanup: () => {
      if (db.open) db.close();
      cleanup();
    },
  };
}
