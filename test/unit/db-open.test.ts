import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOORWALK_APPLICATION_ID, openDatabase } from '../../app/db/open';
import { SCHEMA_VERSION } from '../../app/db/migrations';
import { migration001 } from '../../app/db/migrations/001-inventory';
import { FloorwalkError } from '../../app/core/errors';
import { tempDir } from '../support/temp';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function scratch(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(FloorwalkError);
    return (error as FloorwalkError).code;
  }
  throw new Error('expected a FloorwalkError');
}

describe('openDatabase', () => {
  it('creates a migrated Floorwalk file with WAL, foreign keys and the catalog', () => {
    const file = path.join(scratch(), 'new.db');
    const db = openDatabase(file, { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(FLOORWALK_APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM device_types WHERE slug = 'dgx-h100' AND u_height = 8 AND max_power_w = 10200").pluck().get()).toBe(1);
    db.close();
  });

  it('says "no database" for a missing file unless asked to create one', () => {
    expect(codeOf(() => openDatabase(path.join(scratch(), 'missing.db')))).toBe('not_found');
  });

  it('refuses a database written by a newer Floorwalk and leaves it untouched', () => {
    const file = path.join(scratch(), 'newer.db');
    openDatabase(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    let message = '';
    try {
      openDatabase(file);
    } catch (error) {
      message = (error as Error).message;
      expect((error as FloorwalkError).code).toBe('db_too_new');
    }
    expect(message).toMatch(/newer Floorwalk/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite, with a sentence instead of a crash', () => {
    const file = path.join(scratch(), 'notes.db');
    fs.writeFileSync(file, 'rack R01 is hot\n'.repeat(500));
    expect(codeOf(() => openDatabase(file))).toBe('not_floorwalk_db');
  });

  it('refuses the SQLite database of another program', () => {
    const file = path.join(scratch(), 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    raw.close();
    expect(codeOf(() => openDatabase(file))).toBe('not_floorwalk_db');
  });

  it('reports a damaged file as corrupt', () => {
    const file = path.join(scratch(), 'damaged.db');
    const db = openDatabase(file, { create: true });
    db.exec("INSERT INTO sites (code, name, timezone) VALUES ('PHX1', 'Phoenix', 'America/Phoenix')");
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    // Overwrite every page after the header page with garbage: the schema survives, the b-trees do not.
    for (let i = 4096 * 2; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    fs.writeFileSync(file, bytes);
    expect(['db_corrupt', 'not_floorwalk_db']).toContain(codeOf(() => openDatabase(file)));
  });

  it('upgrades an older schema in one transaction and keeps a backup of the file first', () => {
    const file = path.join(scratch(), 'v1.db');
    const raw = new Database(file);
    migration001.up(raw);
    raw.pragma(`application_id = ${FLOORWALK_APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    raw.exec("INSERT INTO sites (code, name, timezone) VALUES ('DUB2', 'Dublin', 'Europe/Dublin')");
    raw.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) FROM device_types').pluck().get()).toBeGreaterThan(10);
    expect(db.prepare('SELECT code FROM sites').pluck().get()).toBe('DUB2');
    db.close();
    expect(fs.existsSync(`${file}.pre-v${SCHEMA_VERSION}.bak`)).toBe(true);
  });

  it('rolls a failed upgrade back whole: no half-migrated file', () => {
    const file = path.join(scratch(), 'v1-conflict.db');
    const raw = new Database(file);
    migration001.up(raw);
    raw.pragma(`application_id = ${FLOORWALK_APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    // A row that collides with the catalog seed makes migration 2 fail half-way.
    raw.exec(
      "INSERT INTO device_types (slug, vendor, model, category, u_height, max_power_w, airflow) VALUES ('dell-r760', 'Dell', 'R760 (local)', 'server', 2, 1400, 'front-to-back')",
    );
    raw.close();
    expect(() => openDatabase(file)).toThrow();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare('SELECT count(*) FROM device_types').pluck().get()).toBe(1);
    check.close();
  });
});
