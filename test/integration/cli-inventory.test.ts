import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { REPO_ROOT, tempDir } from '../support/temp';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'inventory');

let dir: string;
let cleanup: () => void;
let db: string;

interface Report {
  kind: string;
  rows: number;
  created: number;
  updated: number;
  errors: Array<{ row: number; column: string; reason: string }>;
  committed: boolean;
  unknownColumns: string[];
}

const devices = (): number => runJson<{ devices: number }>(['--db', db, 'stats']).devices;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = path.join(dir, 'inventory.db');
  const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '800', '--seed', '1']);
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(() => cleanup());

describe('floorwalk import / export inventory (built CLI)', () => {
  it('import --dry-run --json gives the contract keys and writes nothing', () => {
    const before = devices();
    const run = runFloorwalk(['--db', db, 'import', 'inventory', path.join(FIXTURES, 'netbox-devices.csv'), '--kind', 'devices', '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    for (const key of ['kind', 'rows', 'created', 'updated', 'errors']) expect(report).toHaveProperty(key);
    expect(report).toMatchObject({ kind: 'devices', rows: 5, created: 5, updated: 0, errors: [], committed: false });
    expect(devices()).toBe(before);
  });

  it('import --json commits an Excel-saved NetBox file, and undo takes the whole import back', () => {
    const before = devices();
    const report = runJson<Report>(['--db', db, 'import', 'inventory', path.join(FIXTURES, 'netbox-devices-excel.csv'), '--kind', 'devices', '--reason', 'NetBox cut-over']);
    expect(report).toMatchObject({ rows: 5, created: 5, committed: true });
    expect(report.unknownColumns).toContain('tenant');
    expect(devices()).toBe(before + 5);
    const undo = runJson<{ undone: { entity: string; reason: string }; undoneCount: number }>(['--db', db, 'undo']);
    expect(undo).toMatchObject({ undoneCount: 5, undone: { entity: 'device', reason: 'NetBox cut-over' } });
    expect(devices()).toBe(before);
  });

  it('exits 1 with every error by row and column when a row is bad, and writes nothing', () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'name,device_type,serial,site,location,rack,position\nok-1,dell-r760,OK-1,PHX1,DH1,R01-07,30\nclash,dell-r760,BAD-1,PHX1,DH1,R01-07,5\n');
    const before = devices();
    const run = runFloorwalk(['--db', db, 'import', 'inventory', bad, '--kind', 'devices', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.committed).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'position', reason: expect.stringMatching(/^U5–U6 of rack R01-07 is not free .* occupies U3–U10/) as unknown }),
    ]);
    expect(devices()).toBe(before);
    const human = runFloorwalk(['--db', db, 'import', 'inventory', bad, '--kind', 'devices']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/2 devices rows, 1 error\(s\); nothing was written\./);
    expect(human.stdout).toMatch(/^2 +position +U5–U6/m);
  });

  it('refuses wrong usage with exit 2 and a missing file with exit 1 and a sentence', () => {
    const noKind = runFloorwalk(['--db', db, 'import', 'inventory', path.join(FIXTURES, 'sites.csv')]);
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toMatch(/--kind is required/);
    const badKind = runFloorwalk(['--db', db, 'import', 'inventory', path.join(FIXTURES, 'sites.csv'), '--kind', 'halls']);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/--kind must be one of sites, rooms, racks, devices, accelerators/);
    const missing = runFloorwalk(['--db', db, 'import', 'inventory', path.join(dir, 'nope.csv'), '--kind', 'sites']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no file .*nope\.csv/);
  });

  it('export writes a CSV that imports back unchanged, and will not overwrite without --force', () => {
    const out = path.join(dir, 'racks.csv');
    const result = runJson<{ kind: string; rows: number; out: string; bytes: number }>(['--db', db, 'export', 'inventory', '--kind', 'racks', '--out', out]);
    expect(result).toMatchObject({ kind: 'racks', out });
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toBe('site,room,row,name,grid_x,grid_y,facing,width_tiles,depth_tiles,u_height,power_budget_kw,cooling,loop,asset_tag');
    const back = runJson<Report & { unchanged: number }>(['--db', db, 'import', 'inventory', out, '--kind', 'racks']);
    expect(back).toMatchObject({ rows: result.rows, created: 0, updated: 0, unchanged: result.rows, errors: [] });
    const again = runFloorwalk(['--db', db, 'export', 'inventory', '--kind', 'racks', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(runFloorwalk(['--db', db, 'export', 'inventory', '--kind', 'racks', '--out', out, '--force']).code).toBe(0);
    const stdout = runFloorwalk(['--db', db, 'export', 'inventory', '--kind', 'sites', '--out', '-']);
    expect(stdout.stdout.split('\r\n')[0]).toBe('code,name,timezone');
  });

  it('device set moves a device under the rules; history and types answer', () => {
    const ok = runJson<{ id: number; changeId: number }>(['--db', db, 'device', 'set', 'phx1-dh1-r01-07-n1', '--u', '31', '--reason', 'make room']);
    expect(ok.changeId).toBeGreaterThan(0);
    const clash = runFloorwalk(['--db', db, 'device', 'set', 'phx1-dh1-r01-07-n1', '--u', '40']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/U40–U47|would reach U47/);
    const history = runJson<Array<{ action: string; reason: string }>>(['--db', db, 'history', 'device', 'phx1-dh1-r01-07-n1']);
    expect(history[0]).toMatchObject({ action: 'move', reason: 'make room' });
    const types = runJson<Array<{ slug: string }>>(['--db', db, 'types']);
    expect(types.map((t) => t.slug)).toContain('dgx-h100');
    const undo = runFloorwalk(['--db', db, 'undo']);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/^Undid change \d+ \(move of device \d+ by floorwalk cli/);
  });

  it('import --dry-run --json lists what each row would change, field by field', () => {
    const csv = path.join(dir, 'status.csv');
    fs.writeFileSync(csv, 'name,status\nphx1-dh1-r01-07-n1,failed\n');
    const run = runFloorwalk(['--db', db, 'import', 'inventory', csv, '--kind', 'devices', '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report & { changes: Array<Record<string, unknown>>; changeCount: number };
    expect(report).toMatchObject({ updated: 1, committed: false, changeCount: 1 });
    expect(report.changes).toHaveLength(1);
    expect(Object.keys(report.changes[0] ?? {}).sort()).toEqual(['after', 'before', 'entity', 'field', 'id', 'label', 'row']);
    expect(report.changes[0]).toMatchObject({ row: 1, entity: 'device', field: 'status', before: 'active', after: 'failed' });
    const human = runFloorwalk(['--db', db, 'import', 'inventory', csv, '--kind', 'devices', '--dry-run']);
    expect(human.stdout).toMatch(/status\s+active → failed/);
  });

  it('device set --type refuses a type without slots for the GPUs, and check finds one written behind its back', () => {
    const host = 'phx1-dh1-r01-07-n1';
    const refused = runFloorwalk(['--db', db, 'device', 'set', host, '--type', 'dell-r760']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/A Dell PowerEdge R760 has no accelerator slots, but this device holds 8 GPUs/);
    expect(runFloorwalk(['--db', db, 'check']).code).toBe(0);
    // Another tool re-types it anyway: check names the device.
    const copy = path.join(dir, 'retyped.db');
    expect(runFloorwalk(['--db', db, 'backup', '--out', copy]).code).toBe(0);
    const raw = new Database(copy);
    raw.prepare("UPDATE devices SET type_id = (SELECT id FROM device_types WHERE slug = 'dell-r760') WHERE hostname = ?").run(host);
    raw.close();
    const check = runFloorwalk(['--db', copy, 'check', '--json']);
    expect(check.code).toBe(1);
    const report = JSON.parse(check.stdout) as { ok: boolean; problems: string[] };
    expect(report.problems).toContain(`device ${host}: holds 8 accelerators (up to slot 7) but its type Dell PowerEdge R760 has no accelerator slots`);
  });
});
