import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FloorwalkError } from '../core/errors';
import { explainStorageError, probeWritable } from './db-errors';
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

/** What `configure` is told beyond the caller's options. */
interface ConfigureOptions extends OpenOptions {
  /** Migrating a throwaway snapshot copy: no `.pre-vN.bak` beside it. */
  readonly noBackup?: boolean;
}

/**
 * Opens (and migrates) a Floorwalk database. Every failure mode a technician can meet — a missing file,
 * a file that is not SQLite, a SQLite file of another program, a corrupt file, a file written by a newer
 * Floorwalk — ends in a FloorwalkError with a sentence, never a crash.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  // A file that cannot be written (read-only media, a write-protected file or folder) is opened read-only
  // rather than failing: the views, search, export and reports work; writes are refused with the reason.
  if (!options.readonly && file !== ':memory:' && fs.existsSync(file) && !fs.statSync(file).isDirectory()) {
    const refusal = probeWritable(file);
    if (refusal === 'EROFS' || refusal === 'EACCES' || refusal === 'EPERM') return openReadOnlyMedia(file, refusal, options);
  }
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
    throw explainStorageError(error, file) ?? new FloorwalkError('io_error', `Cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    configure(db, file, options);
    return db;
  } catch (error) {
    db.close();
    throw explainStorageError(error, file) ?? error;
  }
}

/** Why a database was opened read-only though nobody asked for it (read-only media); absent when writable. */
const readOnlyReasons = new WeakMap<Db, string>();

/**
 * The sentence that says why this connection cannot write, when the file itself cannot be written (not for
 * the read pool's connections, which are read-only by design on a writable file).
 */
export function readOnlyReason(db: Db): string | null {
  return readOnlyReasons.get(db) ?? null;
}

/**
 * A failure of a request on this connection, in the technician's words: a write refused on read-only media
 * says why the file is read-only; a full disk, a missing permission or an I/O error names the cause and the
 * path (see db-errors.ts). Anything else passes unchanged.
 */
export function explainDbFailure(db: Db, file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY') && db.readonly) {
    const reason = readOnlyReason(db);
    // A read-pool connection refusing a write is a request declared `read` that writes: a bug, not the media.
    if (reason === null) return error;
    return new FloorwalkError('read_only', `${reason}. Floorwalk can show, search, export and report from it, but not change it; copy it to a writable disk to edit.`);
  }
  return explainStorageError(error, file) ?? error;
}

function refusalText(code: string): string {
  return code === 'EROFS' ? 'it is on a read-only file system' : `this user may not write it or its folder (${code})`;
}

/**
 * Opens a file that cannot be written. A rollback-journal file opens in place, read-only. A WAL file whose
 * `-shm` is absent cannot be opened on read-only media at all (SQLite must create the `-shm`), nor can a file
 * of an older schema be read without migrating it: both are opened from a snapshot copy in the temp folder,
 * read-only too, removed when the connection closes. Either way every write is refused with the reason.
 */
function openReadOnlyMedia(file: string, refusal: string, options: OpenOptions): Db {
  const reason = `${path.resolve(file)} is read-only: ${refusalText(refusal)}`;
  let direct: Db | null = null;
  try {
    direct = new Database(file, { readonly: true, fileMustExist: true });
    configure(direct, file, { ...options, readonly: true });
    readOnlyReasons.set(direct, reason);
    return direct;
  } catch (error) {
    direct?.close();
    const code = (error as { code?: unknown }).code;
    // SQLite cannot make the -shm a WAL reader needs (CANTOPEN, READONLY_DIRECTORY / _CANTINIT), or the file
    // needs migrating: read a snapshot.
    const cannotShare = typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'));
    const needsCopy = cannotShare || (error instanceof FloorwalkError && error.message.includes('needs an upgrade'));
    if (!needsCopy) throw explainStorageError(error, file) ?? error;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floorwalk-readonly-'));
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    // Committed transactions not yet checkpointed live in the -wal: the snapshot needs it too.
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    fs.chmodSync(copy, 0o600);
    // Migrating the copy (never the original) makes a file of an older schema readable; no backup of a copy.
    const writer = new Database(copy, { fileMustExist: true });
    try {
      configure(writer, copy, { ...options, noBackup: true });
      // A rollback-journal file opens read-only without a -shm to share: no WAL left to recover.
      writer.pragma('journal_mode = DELETE');
    } finally {
      writer.close();
    }
    const db = new Database(copy, { readonly: true, fileMustExist: true });
    configure(db, copy, { ...options, readonly: true, skipQuickCheck: true });
    readOnlyReasons.set(db, `${reason} (opened from a snapshot copy)`);
    const close = db.close.bind(db);
    db.close = () => {
      close();
      remove();
      return db;
    };
    process.once('exit', remove);
    return db;
  } catch (error) {
    remove();
    throw error;
  }
}

function configure(db: Db, file: string, options: ConfigureOptions): void {
  let applicationId: number;
  let userVersion: number;
  let tableCount: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    userVersion = db.pragma('user_version', { simple: true }) as number;
    tableCount = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  } catch (error) {
    const message = (error as Error).message;
    const code = (error as { code?: unknown }).code;
    // SQLite opens lazily: a file it cannot open (read-only media without a -shm) fails here, not in the
    // constructor. The caller decides what that means (openReadOnlyMedia reads a snapshot copy instead).
    if (typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) throw error;
    const storage = explainStorageError(error, file);
    if (storage) throw storage;
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

  if (userVersion < SCHEMA_VERSION) migrate(db, file, userVersion, isEmpty || options.noBackup === true);
}

/**
 * Runs every pending migration in one transaction. A non-empty database is copied next to itself first
 * (`name.db.pre-vN.bak`), so an upgrade that goes wrong in a way the transaction cannot undo is still
 * recoverable.
 */
function migrate(db: Db, file: string, fromVersion: number, skipBackup: boolean): void {
  if (!skipBackup && file !== ':memory:') {
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
