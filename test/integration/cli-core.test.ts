import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = path.join(dir, 'cli.db');
  const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '1600', '--seed', '3', '--json']);
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(() => cleanup());

describe('floorwalk CLI (built, as a child process)', () => {
  it('demo --json reports what it wrote', () => {
    const out = runJson<Record<string, number>>(['--db', path.join(dir, 'demo2.db'), 'demo', '--accelerators', '800']);
    expect(out).toMatchObject({ sites: 4, accelerators: 800 });
    expect(out['racks']).toBeGreaterThan(4);
  });

  it('stats --json has the contract keys', () => {
    const stats = runJson<Record<string, number>>(['--db', db, 'stats']);
    for (const key of ['sites', 'rooms', 'racks', 'devices', 'accelerators']) expect(typeof stats[key]).toBe('number');
    expect(stats['accelerators']).toBe(1600);
  });

  it('FLOORWALK_DB picks the database when --db is absent', () => {
    const stats = runJson<Record<string, number>>(['stats'], { FLOORWALK_DB: db });
    expect(stats['accelerators']).toBe(1600);
  });

  it('search --json returns hits {kind, id, label, path} for a serial, a UUID, a tag, a hostname, a rack', () => {
    const raw = new Database(db, { readonly: true });
    const gpu = raw.prepare('SELECT serial, uuid FROM accelerators WHERE id = 9').get() as { serial: string; uuid: string };
    const device = raw.prepare("SELECT asset_tag, hostname FROM devices WHERE role = 'gpu-node' LIMIT 1").get() as { asset_tag: string; hostname: string };
    raw.close();
    for (const query of [gpu.serial, gpu.uuid, device.asset_tag, device.hostname, 'R01-02']) {
      const hits = runJson<Array<Record<string, unknown>>>(['--db', db, 'search', query]);
      expect(hits.length, query).toBeGreaterThan(0);
      expect(Object.keys(hits[0] ?? {})).toEqual(expect.arrayContaining(['kind', 'id', 'label', 'path']));
    }
    const bySerial = runJson<Array<{ kind: string; path: string }>>(['--db', db, 'search', gpu.serial]);
    expect(bySerial[0]).toMatchObject({ kind: 'accelerator' });
    // Accelerator 9 is the first GPU (slot 0) of the second server the demo wrote.
    expect(bySerial[0]?.path).toMatch(/ \/ U\d+ \/ slot 0$/);
  });

  it('check exits 0 on a clean file and 1 with the problem named when a rule is broken behind its back', () => {
    expect(runFloorwalk(['--db', db, 'check']).code).toBe(0);
    const broken = path.join(dir, 'broken.db');
    fs.copyFileSync(db, broken);
    const raw = new Database(broken);
    // Another tool wrote a device into a U that a DGX already occupies.
    raw.exec(`INSERT INTO devices (rack_id, type_id, u_position, face, role, status)
              SELECT d.rack_id, d.type_id, d.u_position + 1, 'front', 'gpu-node', 'active' FROM devices d WHERE d.role = 'gpu-node' LIMIT 1`);
    raw.close();
    const run = runFloorwalk(['--db', broken, 'check', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: string[] };
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/overlap at U\d+/);
  });

  it('backup writes a valid copy through the online backup API and never overwrites', () => {
    const out = path.join(dir, 'backups', 'copy.db');
    const result = runJson<{ out: string; bytes: number }>(['--db', db, 'backup', '--out', out]);
    expect(result.bytes).toBeGreaterThan(100_000);
    expect(runJson<Record<string, number>>(['--db', out, 'stats'])['accelerators']).toBe(1600);
    const again = runFloorwalk(['--db', db, 'backup', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('fails with one line and a non-zero code on a missing, foreign or newer database', () => {
    const missing = runFloorwalk(['--db', path.join(dir, 'nope.db'), 'stats']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^floorwalk stats: No Floorwalk database at .*\n$/);

    const foreign = path.join(dir, 'foreign.db');
    fs.writeFileSync(foreign, 'not a database at all'.repeat(100));
    const run = runFloorwalk(['--db', foreign, 'stats']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a Floorwalk database/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);

    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(db, newer);
    const raw = new Database(newer);
    raw.pragma('user_version = 999');
    raw.close();
    const tooNew = runFloorwalk(['--db', newer, 'stats']);
    expect(tooNew.code).toBe(1);
    expect(tooNew.stderr).toMatch(/newer Floorwalk/);
  });

  it('refuses to overwrite an inventory with the demo unless --force', () => {
    const run = runFloorwalk(['--db', db, 'demo', '--accelerators', '8']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already holds an inventory/);
  });

  it('wrong usage exits 2 with the usage line', () => {
    const run = runFloorwalk(['--db', db, 'search']);
    expect(run.code).toBe(2);
    const unknown = runFloorwalk(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
  });

  it('init creates an empty, migrated database', () => {
    const out = runJson<{ schemaVersion: number; created: boolean }>(['--db', path.join(dir, 'empty.db'), 'init']);
    expect(out.created).toBe(true);
    expect(out.schemaVersion).toBeGreaterThanOrEqual(2);
    expect(runJson<Record<string, number>>(['--db', path.join(dir, 'empty.db'), 'stats'])['sites']).toBe(0);
  });
});
