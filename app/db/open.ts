import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FloorwalkError } from '../core/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { immediateTransactions } from './write-lock';

/** Written into SQLite's header so that any tool can tell a Floorwalk file from another SQLite file. */
export const FLOORWALK_APPLICATION_ID = 0x46574b31; // "FWK1"

export type Db = Database.Database;

/** How long one statement waits for another connection's lock before SQLite gives up. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Create the file when it does not exist. Without it a missing file is an error. */
  readonly create?: boolean;
  readonly readonly?: boolean;
  /** Skip quick_check on open; for throwaway test databases only. */
  readonly skipQuickCheck?: boolean;
}

/**
 * Opens (and migrates) a Floorwalk database. Every failure mode a technician can meet — a missing file,
 * a file that is not SQLite, a SQLite file of another program, a corrupt file, a file written by a newer
 * Floorwalk — ends in a FloorwalkError with a sentence, never a crash.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const exists = file === ':memory:' || fs.existsSync(file);
  if (!exists && !options.create) {
    throw new FloorwalkError('not_found', `No Floorwalk database at ${file}. Run "floorwalk init" or "floorwalk demo" first.`);
  }
  if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (exists && file !== ':memory:' && fs.statSync(file).isDirectory()) {
    throw new FloorwalkError('io_error', `${file} is a folder, not a database file.`);
  }

  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: !options.create });
  } catch (error) {
    throw new FloorwalkError('io_error', `Cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    configure(db, file, options);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: Db, file: string, options: OpenOptions): void {
  let applicationId: number;
  let userVersion: number;
  let tableCount: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    userVersion = db.pragma('user_version', { simple: true }) as number;
    tableCount = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  } catch (error) {
    const message = (error as Error).message;
    if (/not a database|file is encrypted/i.test(message)) {
      throw new FloorwalkError('not_floorwalk_db', `${file} is not a Floorwalk database (it is not an SQLite file at all).`);
    }
    throw new FloorwalkError('db_corrupt', `${file} cannot be read: ${message}`);
  }

  const isEmpty = tableCount === 0 && userVersion === 0;
  if (!isEmpty && applicationId !== FLOORWALK_APPLICATION_ID) {
    throw new FloorwalkError('not_floorwalk_db', `${file} is an SQLite database of another program, not a Floorwalk database.`);
  }
  if (userVersion > SCHEMA_VERSION) {
    throw new FloorwalkError(
      'db_too_new',
      `${file} was written by a newer Floorwalk (schema version ${userVersion}; this build knows up to ${SCHEMA_VERSION}). ` +
        'Update Floorwalk to open it; the file was not changed.',
    );
  }

  if (!options.skipQuickCheck && !isEmpty) {
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length > 0) {
      throw new FloorwalkError('db_corrupt', `${file} is damaged (${problems.slice(0, 3).join('; ')}). Restore it from a backup.`);
    }
  }

  if (options.readonly) {
    db.pragma('foreign_keys = ON');
    // A WAL reader waits only while the writer checkpoints or recovers, never behind a transaction.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (userVersion < SCHEMA_VERSION) {
      throw new FloorwalkError('db_too_new', `${file} needs an upgrade (schema ${userVersion} → ${SCHEMA_VERSION}); open it read-write once.`);
    }
    return;
  }

  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  immediateTransactions(db);
  db.pragma('cache_size = -65536'); // 64 MiB page cache: keeps the identity indexes of a 600k-GPU file hot.
  db.pragma('temp_store = MEMORY');

  if (userVersion < SCHEMA_VERSION) migrate(db, file, userVersion, isEmpty);
}

/**
 * Runs every pending migration in one transaction. A non-empty database is copied next to itself first
 * (`name.db.pre-vN.bak`), so an upgrade that goes wrong in a way the transaction cannot undo is still
 * recoverable.
 */
function migrate(db: Db, file: string, fromVersion: number, isEmpty: boolean): void {
  if (!isEmpty && file !== ':memory:') {
    const backupFile = `${file}.pre-v${SCHEMA_VERSION}.bak`;
    db.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(file, backupFile);
  }
  const pending = MIGRATIONS.filter((m) => m.version > fromVersion);
  const run = db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`application_id = ${FLOORWALK_APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  run.exclusive();
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
