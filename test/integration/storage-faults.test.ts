import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOORWALK_APPLICATION_ID, openDatabase, readOnlyReason, schemaVersion } from '../../app/db/open';
import { MIGRATIONS, SCHEMA_VERSION } from '../../app/db/migrations';
import { runFloorwalk } from '../support/cli';
import { isRoot, readOnlyToThisProcess } from '../support/read-only';
import { tempDir } from '../support/temp';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A tmpfs of `sizeBytes` under `root`: a disk that really fills up (root only, like any mount). */
function smallDisk(root: string, sizeBytes: number): string {
  if (!isRoot) throw new Error('a full disk needs a small tmpfs, which only root may mount');
  const dir = path.join(root, 'small-disk');
  fs.mkdirSync(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'floorwalk-full', dir], { stdio: 'ignore' });
  cleanups.push(() => execFileSync('umount', [dir], { stdio: 'ignore' }));
  return dir;
}

describe('storage faults', () => {
  it('a full disk during an import is named as a full disk, with the path, and the file stays consistent', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const source = path.join(dir, 'floor.db');
    const telemetry = path.join(dir, 'telemetry');
    expect(runFloorwalk(['--db', source, 'demo', '--accelerators', '64', '--telemetry-out', telemetry]).code).toBe(0);
    // Room for the database and a little more: the first telemetry file fits, the second does not.
    const disk = smallDisk(dir, fs.statSync(source).size + 160 * 1024);
    const db = path.join(disk, 'floor.db');
    fs.copyFileSync(source, db);
    const files = fs.readdirSync(telemetry).filter((name) => /dcgm|nvidia-smi/.test(name)).map((name) => path.join(telemetry, name));
    const run = runFloorwalk(['--db', db, 'import', 'telemetry', ...files]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The disk holding ${db} is full (SQLITE_FULL`);
    expect(run.stderr).toContain(`free space in ${disk}`);
    expect(run.stderr).not.toMatch(/cannot be read|disk I\/O error/);
    // What did not fit was rolled back; the file is whole and still opens.
    const check = runFloorwalk(['--db', db, 'check', '--json']);
    expect(check.code, check.stderr).toBe(0);
  });

  it('a database of an older schema on read-only media is read from a migrated snapshot; the original is untouched', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const old = path.join(dir, 'old.db');
    const writer = new Database(old);
    writer.pragma('journal_mode = WAL');
    writer.pragma('foreign_keys = ON');
    // Written by the Floorwalk before the newest migration.
    writer.transaction(() => {
      for (const migration of MIGRATIONS.filter((m) => m.version < SCHEMA_VERSION)) migration.up(writer);
      writer.pragma(`application_id = ${FLOORWALK_APPLICATION_ID}`);
      writer.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    })();
    writer.prepare("INSERT INTO sites (code, name, timezone) VALUES ('OLD', 'Old site', 'UTC')").run();
    writer.close();
    const readOnly = readOnlyToThisProcess(dir, old);
    cleanups.push(readOnly.release);
    const before = fs.readFileSync(readOnly.file);
    const db = openDatabase(readOnly.file);
    const snapshot = path.dirname(db.name);
    try {
      expect(snapshot.startsWith(path.join(os.tmpdir(), 'floorwalk-readonly-'))).toBe(true);
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(readOnlyReason(db)).toMatch(/read-only: .*\(opened from a snapshot copy\)$/);
      expect(db.prepare("SELECT name FROM sites WHERE code = 'OLD'").pluck().get()).toBe('Old site');
      expect(() => db.prepare("INSERT INTO sites (code, name, timezone) VALUES ('NEW', 'New', 'UTC')").run()).toThrow(/readonly/);
    } finally {
      db.close();
    }
    expect(fs.readFileSync(readOnly.file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(readOnly.file))).toEqual(['old.db']);
    // Closing removed the snapshot.
    expect(fs.existsSync(snapshot)).toBe(false);
  });
});
