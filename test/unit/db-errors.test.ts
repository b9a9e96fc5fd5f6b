import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FloorwalkError } from '../../app/core/errors';
import { explainStorageError, storageCause, translateStorageError } from '../../app/db/db-errors';
import { explainDbFailure } from '../../app/db/open';
import { testDb } from '../support/db';
import { tempDir } from '../support/temp';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function writableDb(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const file = path.join(dir, 'floor.db');
  fs.writeFileSync(file, '');
  return file;
}

function sqliteError(code: string, message: string): Error & { code: string } {
  return new Database.SqliteError(message, code);
}

function errno(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('storage failures name their cause and the path', () => {
  const cases: Array<{ error: () => Error & { code: string }; cause: string; code: string; says: RegExp }> = [
    { error: () => sqliteError('SQLITE_FULL', 'database or disk is full'), cause: 'disk_full', code: 'disk_full', says: /disk holding .* is full \(SQLITE_FULL: database or disk is full\)\. Nothing was written; free space in / },
    { error: () => errno('ENOSPC', 'no space left on device'), cause: 'disk_full', code: 'disk_full', says: /is full \(ENOSPC/ },
    { error: () => errno('EDQUOT', 'disk quota exceeded'), cause: 'disk_full', code: 'disk_full', says: /is full \(EDQUOT/ },
    { error: () => sqliteError('SQLITE_READONLY', 'attempt to write a readonly database'), cause: 'read_only', code: 'read_only', says: /is read-only \(SQLITE_READONLY: attempt to write a readonly database\): Floorwalk can show, search, export and report/ },
    { error: () => sqliteError('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database'), cause: 'read_only', code: 'read_only', says: /SQLITE_READONLY_DBMOVED/ },
    { error: () => errno('EROFS', 'read-only file system'), cause: 'read_only', code: 'read_only', says: /is read-only \(EROFS/ },
    { error: () => errno('EACCES', 'permission denied'), cause: 'permission', code: 'permission', says: /No permission to write .* or its folder .* \(EACCES: permission denied\)\. Check the owner and mode/ },
    { error: () => errno('EPERM', 'operation not permitted'), cause: 'permission', code: 'permission', says: /No permission .* \(EPERM/ },
    { error: () => sqliteError('SQLITE_PERM', 'access permission denied'), cause: 'permission', code: 'permission', says: /\(SQLITE_PERM/ },
    { error: () => sqliteError('SQLITE_IOERR_ACCESS', 'disk I/O error'), cause: 'permission', code: 'permission', says: /\(SQLITE_IOERR_ACCESS/ },
    { error: () => sqliteError('SQLITE_CANTOPEN', 'unable to open database file'), cause: 'cannot_open', code: 'io_error', says: /Cannot open .* \(SQLITE_CANTOPEN: unable to open database file\): the file or its folder/ },
    { error: () => sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'), cause: 'io_error', code: 'io_error', says: /failed to read or write \(SQLITE_IOERR_WRITE: disk I\/O error\)/ },
  ];
  for (const c of cases) {
    it(`${c.error().message} (${c.error().code}) → ${c.cause}`, () => {
      const file = writableDb();
      expect(storageCause(c.error(), file)).toBe(c.cause);
      const explained = explainStorageError(c.error(), file);
      expect(explained).toBeInstanceOf(FloorwalkError);
      expect(explained?.code).toBe(c.code);
      expect(explained?.message).toMatch(c.says);
      expect(explained?.message).toContain(path.resolve(file));
    });
  }

  it('SQLITE_CANTOPEN in a folder that does not exist stays "cannot open", naming the folder', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'gone', 'floor.db');
    const explained = explainStorageError(sqliteError('SQLITE_CANTOPEN', 'unable to open database file'), file);
    expect(explained?.message).toContain(path.join(dir, 'gone'));
  });

  it('leaves other errors alone: constraints, bugs and FloorwalkErrors pass unchanged', () => {
    const file = writableDb();
    const constraint = sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: devices.serial');
    expect(storageCause(constraint, file)).toBeNull();
    expect(translateStorageError(constraint, file)).toBe(constraint);
    const own = new FloorwalkError('conflict', 'serial taken');
    expect(translateStorageError(own, file)).toBe(own);
    const bug = new TypeError('x is undefined');
    expect(translateStorageError(bug, file)).toBe(bug);
  });

  it('a read-pool connection refusing a write is not blamed on the media', () => {
    const test = testDb();
    cleanups.push(test.cleanup);
    const reader = new Database(test.file, { readonly: true });
    cleanups.push(() => reader.close());
    let refusal: unknown;
    try {
      reader.exec("INSERT INTO sites (code, name, timezone) VALUES ('X', 'X', 'UTC')");
    } catch (error) {
      refusal = error;
    }
    expect((refusal as { code: string }).code).toBe('SQLITE_READONLY');
    expect(explainDbFailure(reader, test.file, refusal)).toBe(refusal);
    // The writer (not read-only) with the same failure names the file.
    const explained = explainDbFailure(test.db, test.file, refusal);
    expect((explained as FloorwalkError).code).toBe('read_only');
  });
});
