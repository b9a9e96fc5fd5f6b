import fs from 'node:fs';
import path from 'node:path';
import { FloorwalkError } from '../core/errors';

/**
 * The one place where a storage failure becomes a sentence. SQLite and the file system say "disk I/O
 * error" or "unable to open database file"; a technician needs the cause (disk full, read-only media, no
 * permission) and the path, so that the next step is obvious. Every caller that touches the database file
 * (open, the dispatcher, the CLI) sends its failures through `explainStorageError`.
 */

/** Free space below this on the database's disk turns an I/O error into "the disk is full". */
export const NEARLY_FULL_BYTES = 1024 * 1024;

export type StorageCause = 'disk_full' | 'read_only' | 'permission' | 'cannot_open' | 'io_error';

const SQLITE_FULL = /^SQLITE_FULL/;
const SQLITE_READONLY = /^SQLITE_READONLY/;
const SQLITE_CANTOPEN = /^SQLITE_CANTOPEN/;
const SQLITE_PERMISSION = /^SQLITE_(PERM|AUTH|IOERR_ACCESS)/;
const SQLITE_IOERR = /^SQLITE_IOERR/;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** What the OS says about writing next to `file` (its folder must take -wal/-shm/-journal), or null when it may. */
export function probeWritable(file: string): string | null {
  const target = fs.existsSync(file) ? file : path.dirname(path.resolve(file));
  for (const candidate of [target, path.dirname(path.resolve(file))]) {
    try {
      fs.accessSync(candidate, fs.constants.W_OK);
    } catch (error) {
      const code = codeOf(error);
      if (code !== '') return code;
    }
  }
  return null;
}

function freeBytes(file: string): number | null {
  try {
    const stats = fs.statfsSync(path.dirname(path.resolve(file)));
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** Which of the causes a failure is, or null when it is not a storage failure (a constraint, a bug). */
export function storageCause(error: unknown, file: string): StorageCause | null {
  const code = codeOf(error);
  if (SQLITE_FULL.test(code) || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (SQLITE_READONLY.test(code) || code === 'EROFS') return 'read_only';
  if (SQLITE_PERMISSION.test(code) || code === 'EACCES' || code === 'EPERM') return 'permission';
  if (SQLITE_CANTOPEN.test(code) || code === 'ENOENT' || code === 'ENOTDIR') {
    const probe = file === ':memory:' ? null : probeWritable(file);
    if (probe === 'EROFS') return 'read_only';
    if (probe === 'EACCES' || probe === 'EPERM') return 'permission';
    return 'cannot_open';
  }
  if (SQLITE_IOERR.test(code) || code === 'EIO') {
    // SQLite reports some short writes on a full disk as plain I/O errors: look at the disk before blaming it.
    const free = file === ':memory:' ? null : freeBytes(file);
    return free !== null && free < NEARLY_FULL_BYTES ? 'disk_full' : 'io_error';
  }
  return null;
}

function sentence(cause: StorageCause, file: string, code: string, detail: string): string {
  const where = path.resolve(file);
  const folder = path.dirname(where);
  const because = code !== '' ? ` (${code}${detail !== '' ? `: ${detail}` : ''})` : '';
  switch (cause) {
    case 'disk_full':
      return `The disk holding ${where} is full${because}. Nothing was written; free space in ${folder} and try again.`;
    case 'read_only':
      return `${where} is read-only${because}: Floorwalk can show, search, export and report from it, but not change it. Copy it to a writable disk to edit.`;
    case 'permission':
      return `No permission to write ${where} or its folder ${folder}${because}. Check the owner and mode (ls -l), or run as the user who owns it.`;
    case 'cannot_open':
      return `Cannot open ${where}${because}: the file or its folder ${folder} is missing or not a file Floorwalk can open.`;
    case 'io_error':
      return `The disk holding ${where} failed to read or write${because}. Nothing was written; check the disk (dmesg) and restore from a backup if it repeats.`;
  }
}

/**
 * The technician's sentence for a storage failure on `file`, as a FloorwalkError (code `read_only`,
 * `disk_full`, `permission` or `io_error`), or null when the error is not about storage. FloorwalkErrors
 * pass as they are: they already say what happened.
 */
export function explainStorageError(error: unknown, file: string): FloorwalkError | null {
  if (error instanceof FloorwalkError) return null;
  const cause = storageCause(error, file);
  if (cause === null) return null;
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : '';
  const errorCode = cause === 'cannot_open' ? 'io_error' : cause;
  return new FloorwalkError(errorCode, sentence(cause, file, code, detail));
}

/** `explainStorageError`, or the error unchanged: for `catch (e) { throw translateStorageError(e, file) }`. */
export function translateStorageError(error: unknown, file: string): unknown {
  return explainStorageError(error, file) ?? error;
}
