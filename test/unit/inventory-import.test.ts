import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import type { InventoryImportReport } from '../../app/inventory/detail-types';
import type { ProgressEvent } from '../../app/core/progress';
import { parseCsvText, toCsv } from '../../app/core/csv';
import { testDb } from '../support/db';
import { REPO_ROOT } from '../support/temp';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'inventory');
const fixture = (name: string): string => path.join(FIXTURES, name);

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ctx = { db, dbPath: ':test:', actor: 'importer@test', caller: 'cli' };
});
afterEach(() => cleanup());

const value = <T>(sql: string, ...params: unknown[]): T => db.prepare(sql).pluck().get(...params) as T;
const count = (sql: string, ...params: unknown[]): number => value<number>(sql, ...params);

function importFile(kind: string, file: string, extra: Record<string, unknown> = {}): Promise<InventoryImportReport> {
  return callLocal(ctx, 'inventory.import', { kind, source: { path: file }, ...extra });
}
function importText(kind: string, text: string, extra: Record<string, unknown> = {}): Promise<InventoryImportReport> {
  return callLocal(ctx, 'inventory.import', { kind, source: { text, name: 'upload.csv' }, ...extra });
}
const device = (hostname: string) =>
  db
    .prepare(
      `SELECT d.hostname, d.serial, d.asset_tag, d.status, d.face, d.role, d.u_position, t.slug, rk.name AS rack
       FROM devices d JOIN device_types t ON t.id = d.type_id LEFT JOIN racks rk ON rk.id = d.rack_id WHERE d.hostname = ?`,
    )
    .get(hostname) as Record<string, unknown> | undefined;

describe('devices from a NetBox export', () => {
  it('loads NetBox bulk-import columns as they are, and reports the columns it does not read', async () => {
    const report = await importFile('devices', fixture('netbox-devices.csv'), { reason: 'NetBox migration' });
    expect(report).toMatchObject({ kind: 'devices', rows: 5, created: 5, updated: 0, unchanged: 0, errors: [], errorCount: 0, committed: true, dryRun: false });
    expect(report.unknownColumns).toEqual(['tenant', 'platform', 'airflow', 'description', 'comments', 'tags']);
    expect(device('phx1-dh1-r01-07-n2')).toMatchObject({ slug: 'dgx-h100', rack: 'R01-07', u_position: 11, face: 'front', status: 'active', asset_tag: 'AT9900001' });
    // Model without the catalog's bracketed build, and a NetBox status label.
    expect(device('phx1-dh1-r01-07-n3')).toMatchObject({ slug: 'dell-xe9680', u_position: 19, status: 'planned' });
    expect(device('phx1-dh1-r01-07-ib1')).toMatchObject({ slug: 'nvidia-qm9700', u_position: 41, face: 'rear', status: 'staged' });
    expect(device('phx1-dh1-r01-07-pdu-c')).toMatchObject({ slug: 'apc-ap8886', u_position: null, rack: 'R01-07' });
    expect(device('spare-xe9680-01')).toMatchObject({ rack: null, u_position: null, status: 'inventory', asset_tag: null });
    const log = db.prepare("SELECT actor, action, reason, change_set FROM change_log WHERE entity = 'device' AND action = 'create'").all() as Array<Record<string, string>>;
    expect(log).toHaveLength(5);
    expect(new Set(log.map((e) => e.change_set)).size).toBe(1);
    expect(log[0]).toMatchObject({ actor: 'importer@test', reason: 'NetBox migration' });
  });

  it('reads the same file saved by Excel (BOM, ";" delimiter, CRLF, quoted cells)', async () => {
    const bytes = fs.readFileSync(fixture('netbox-devices-excel.csv'));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const report = await importFile('devices', fixture('netbox-devices-excel.csv'));
    expect(report).toMatchObject({ rows: 5, created: 5, errors: [], committed: true });
    expect(device('phx1-dh1-r01-07-n2')).toMatchObject({ u_position: 11, rack: 'R01-07' });
  });

  it('upserts on serial: the same file again changes nothing, an edited row updates', async () => {
    await importFile('devices', fixture('netbox-devices.csv'));
    const again = await importFile('devices', fixture('netbox-devices.csv'));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5, committed: true });
    const text = fs.readFileSync(fixture('netbox-devices.csv'), 'utf8').replace(',Planned,', ',failed,');
    const edited = await importText('devices', text);
    expect(edited).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    expect(device('phx1-dh1-r01-07-n3')?.['status']).toBe('failed');
  });

  it('keeps what an update leaves empty: an empty serial, rack or position cell changes nothing', async () => {
    const before = device('phx1-dh1-r01-01-n1');
    const report = await importText('devices', 'name,serial,asset_tag,rack,position,status\nphx1-dh1-r01-01-n1,,,,,failed\n');
    expect(report).toMatchObject({ updated: 1, errors: [] });
    expect(device('phx1-dh1-r01-01-n1')).toEqual({ ...before, status: 'failed' });
  });

  it('dry run reports what would happen and writes nothing', async () => {
    const changes = count('SELECT count(*) FROM change_log');
    const report = await importFile('devices', fixture('netbox-devices.csv'), { dryRun: true });
    expect(report).toMatchObject({ rows: 5, created: 5, errors: [], dryRun: true, committed: false });
    expect(device('phx1-dh1-r01-07-n2')).toBeUndefined();
    expect(count('SELECT count(*) FROM change_log')).toBe(changes);
  });

  it('reports every bad row by row and column, and writes nothing — not even the good rows', async () => {
    const gpuSerial = value<string>("SELECT a.serial FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = 'phx1-dh1-r01-07-n1' AND a.slot = 2");
    const csv = [
      'name,device_type,serial,site,location,rack,position,face,status',
      'good-1,dell-r760,GOOD-1,PHX1,DH1,R01-07,30,front,active', // 1: fine on its own
      'clash-1,dell-r760,BAD-1,PHX1,DH1,R01-07,9,front,active', // 2: U9 is the DGX at U3–U10
      'twin-1,dell-r760,GOOD-1,PHX1,DH1,R01-07,33,front,active', // 3: serial of row 1
      `gpu-1,dell-r760,${gpuSerial},PHX1,DH1,R01-07,35,front,active`, // 4: a GPU's serial
      'mystery,DGX H900,BAD-4,PHX1,DH1,R01-07,37,front,active', // 5: no such type
      'high-1,dgx-h100,BAD-5,PHX1,DH1,R01-07,40,front,active', // 6: 8U at U40 of 42
      'lost-1,dell-r760,BAD-6,PHX1,DH1,R77-01,1,front,active', // 7: no such rack
      'overlap-2,dell-r760,BAD-7,PHX1,DH1,R01-07,31,rear,active', // 8: full depth over row 1's U30–U31
      'odd-1,dell-r760,BAD-8,PHX1,DH1,R01-07,12.5,sideways,broken', // 9: three bad cells
    ].join('\n');
    const devices = count('SELECT count(*) FROM devices');
    const changes = count('SELECT count(*) FROM change_log');
    const report = await importText('devices', csv);
    expect(report.committed).toBe(false);
    expect(count('SELECT count(*) FROM devices')).toBe(devices);
    expect(count('SELECT count(*) FROM change_log')).toBe(changes);
    const byRow = (row: number) => report.errors.filter((e) => e.row === row);
    expect(byRow(1)).toEqual([]);
    expect(byRow(2)).toEqual([
      { row: 2, line: 3, column: 'position', reason: 'U9–U10 of rack R01-07 is not free for the Dell PowerEdge R760: phx1-dh1-r01-07-n1 (NVIDIA DGX H100) occupies U3–U10 (full depth).' },
    ]);
    expect(byRow(3)).toEqual([{ row: 3, line: 4, column: 'serial', reason: 'Serial GOOD-1 is also on row 1 of this file.' }]);
    expect(byRow(4)).toEqual([{ row: 4, line: 5, column: 'serial', reason: `Serial ${gpuSerial} is already GPU slot 2 of phx1-dh1-r01-07-n1 (PHX1 / DH1 / R01-07 / U3).` }]);
    expect(byRow(5)[0]).toMatchObject({ column: 'device_type', reason: expect.stringMatching(/^No device type matches "DGX H900"/) as unknown });
    expect(byRow(6)[0]).toMatchObject({ column: 'position', reason: 'The 8U NVIDIA DGX H100 at U40 would reach U47, but rack R01-07 has only 42 U.' });
    expect(byRow(7)[0]).toMatchObject({ column: 'rack', reason: 'Room PHX1 / DH1 has no rack "R77-01".' });
    expect(byRow(8)[0]).toMatchObject({
      column: 'position',
      reason: 'U31–U32 of rack R01-07 is not free for the Dell PowerEdge R760: good-1 (Dell PowerEdge R760, row 1 of this file) occupies U30–U31 (full depth).',
    });
    expect(byRow(9).map((e) => e.column)).toEqual(['status', 'face', 'position']);
    expect(report.errorCount).toBe(report.errors.length);
  });

  it('refuses a file without a key column, and one with two columns for the same field', async () => {
    const noKey = await importText('devices', 'site,rack\nPHX1,R01-01\n');
    expect(noKey.errors).toEqual([{ row: 0, column: '', reason: expect.stringMatching(/needs a serial or a name\/hostname column/) as unknown }]);
    const twice = await importText('devices', 'name,hostname,serial\na,b,c\n');
    expect(twice.errors[0]).toMatchObject({ row: 0, column: 'hostname', reason: 'Columns name and hostname both give the hostname; keep one of them.' });
    expect(twice.committed).toBe(false);
  });

  it('names the line of an unclosed quote instead of failing', async () => {
    const report = await importText('devices', 'name,serial\na,"open\nb,c\n');
    expect(report.errors).toEqual([{ row: 0, line: 2, column: '', reason: 'Line 2: a quoted field that starts here is never closed.' }]);
  });
});

describe('export and round trip', () => {
  it('exports every kind in the shape import reads, and importing it back changes nothing', async () => {
    for (const kind of ['sites', 'rooms', 'racks', 'devices', 'accelerators'] as const) {
      const exported = await callLocal(ctx, 'inventory.export', { kind });
      expect(exported.rows).toBe(count(`SELECT count(*) FROM ${kind}`));
      expect(exported.csv.endsWith('\r\n')).toBe(true);
      const report = await importText(kind, exported.csv);
      expect(report, kind).toMatchObject({ rows: exported.rows, created: 0, updated: 0, unchanged: exported.rows, errors: [], unknownColumns: [] });
    }
  });

  it('neutralises formula cells on export and restores them on import', async () => {
    const id = value<number>("SELECT id FROM devices WHERE hostname = 'phx1-dh1-r01-01-n1'");
    await callLocal(ctx, 'device.update', { id, patch: { role: '=HYPERLINK("http://x","y")', assetTag: '+AT1' } });
    const exported = await callLocal(ctx, 'inventory.export', { kind: 'devices' });
    const line = exported.csv.split('\r\n').find((l) => l.startsWith('phx1-dh1-r01-01-n1,')) ?? '';
    expect(line).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(line).toContain(",'+AT1");
    expect(parseCsvText(exported.csv).records.every((r) => r.fields.every((f) => !/^[=+\-@]/.test(f)))).toBe(true);
    const report = await importText('devices', exported.csv);
    expect(report).toMatchObject({ updated: 0, errors: [] });
    expect(value('SELECT role FROM devices WHERE id = ?', id)).toBe('=HYPERLINK("http://x","y")');
  });

  it('moves devices by re-importing an edited export, and undo reverts the whole import', async () => {
    const exported = await callLocal(ctx, 'inventory.export', { kind: 'devices' });
    const table = parseCsvText(exported.csv);
    const u = table.header.indexOf('u_position');
    const host = table.header.indexOf('hostname');
    // Move n1 (U3–U10) up to U31–U38 in R01-07, where it is the only server.
    const rows = table.records.map((r) => (r.fields[host] === 'phx1-dh1-r01-07-n1' ? r.fields.map((f, i) => (i === u ? '31' : f)) : r.fields));
    const report = await importText('devices', toCsv(table.header, rows));
    expect(report).toMatchObject({ updated: 1, created: 0, errors: [] });
    expect(device('phx1-dh1-r01-07-n1')?.['u_position']).toBe(31);
    expect(value("SELECT action FROM change_log WHERE entity = 'device' ORDER BY id DESC LIMIT 1")).toBe('move');
    const undo = await callLocal(ctx, 'changes.undo', {});
    expect(undo.undone.action).toBe('move');
    expect(device('phx1-dh1-r01-07-n1')?.['u_position']).toBe(3);
  });
});

describe('racks, sites and accelerators', () => {
  it('loads NetBox racks: location is the room, new racks take free floor, unread columns are named', async () => {
    const report = await importFile('racks', fixture('netbox-racks.csv'));
    expect(report).toMatchObject({ rows: 3, created: 2, updated: 1, errors: [], committed: true });
    expect(report.unknownColumns).toEqual(['status', 'role', 'facility_id', 'tenant', 'comments']);
    const racks = db.prepare("SELECT name, u_height, asset_tag, grid_x, grid_y FROM racks WHERE name IN ('R02-01', 'R02-02', 'R01-07') AND room_id = 1 ORDER BY name").all();
    expect(racks).toEqual([
      { name: 'R01-07', u_height: 48, asset_tag: expect.stringMatching(/^RK\d+$/) as unknown, grid_x: 9, grid_y: 3 },
      { name: 'R02-01', u_height: 48, asset_tag: 'RK9900001', grid_x: 0, grid_y: 0 },
      { name: 'R02-02', u_height: 48, asset_tag: 'RK9900002', grid_x: 1, grid_y: 0 },
    ]);
    const check = await callLocal(ctx, 'db.check', {});
    expect(check.problems).toEqual([]);
    const undo = await callLocal(ctx, 'changes.undo', {});
    expect(undo.undoneCount).toBe(3);
    expect(count("SELECT count(*) FROM racks WHERE name IN ('R02-01', 'R02-02')")).toBe(0);
    expect(value("SELECT u_height FROM racks WHERE room_id = 1 AND name = 'R01-07'")).toBe(42);
  });

  it('creates the rows a rack file names, and undo removes them with the racks', async () => {
    const report = await importText('racks', 'site,room,row,name,grid_x,grid_y,facing,cooling,loop\nPHX1,DH1,R05,R05-01,12,8,N,dlc,TCS-R01\nPHX1,DH1,R05,R05-02,13,8,N,air,\n');
    expect(report).toMatchObject({ created: 2, errors: [], committed: true });
    const rows = db.prepare("SELECT rk.name, rr.name AS row, cl.name AS loop FROM racks rk JOIN rack_rows rr ON rr.id = rk.row_id LEFT JOIN cooling_loops cl ON cl.id = rk.loop_id WHERE rr.name = 'R05' ORDER BY rk.name").all();
    expect(rows).toEqual([
      { name: 'R05-01', row: 'R05', loop: 'TCS-R01' },
      { name: 'R05-02', row: 'R05', loop: null },
    ]);
    const noLoop = await importText('racks', 'site,room,name,grid_x,grid_y,loop\nPHX1,DH1,R05-03,14,8,TCS-R99\n');
    expect(noLoop.errors[0]).toMatchObject({ row: 1, column: 'loop', reason: 'Room DH1 has no cooling loop "TCS-R99".' });
    await callLocal(ctx, 'changes.undo', {});
    expect(count("SELECT count(*) FROM rack_rows WHERE name = 'R05'")).toBe(0);
  });

  it('refuses racks that overlap each other or stand off the floor, and a rack too short for its devices', async () => {
    const csv = [
      'site,room,name,grid_x,grid_y,u_height',
      'PHX1,DH1,R09-01,20,8,42',
      'PHX1,DH1,R09-02,20,9,42',
      'PHX1,DH1,R09-03,40,1,42',
      'PHX1,DH1,R01-01,3,3,40',
      'PHX1,DH1,R09-04,5,4,42',
    ].join('\r\n');
    const report = await importText('racks', csv);
    expect(report.committed).toBe(false);
    expect(report.errors).toEqual([
      { row: 4, line: 5, column: 'u_height', reason: expect.stringMatching(/^Rack R01-01 cannot be 40 U tall: PP\d+ \(1U 48-port fibre patch panel\) occupies U42\.$/) as unknown },
      { row: 2, line: 3, column: 'grid_x', reason: 'Rack R09-02 would overlap R09-01 (row 1 of this file) on the floor at (20, 9).' },
      { row: 3, line: 4, column: 'grid_x', reason: 'Rack R09-03 at (40, 1) would stand outside room DH1, which is 31 × 14 tiles.' },
      { row: 5, line: 6, column: 'grid_x', reason: 'Rack R09-04 would overlap R01-03 on the floor at (5, 4).' },
    ]);
  });

  it('upserts sites on code and checks time zones', async () => {
    const report = await importFile('sites', fixture('sites.csv'));
    expect(report).toMatchObject({ created: 1, updated: 1, errors: [], committed: true });
    expect(value("SELECT name FROM sites WHERE code = 'PHX1'")).toBe('Phoenix Goodyear (Building 2)');
    const bad = await importText('sites', 'code,name,timezone\nAMS1,Amsterdam,Europe/Amsterdamm\n');
    expect(bad.errors[0]).toMatchObject({ row: 1, column: 'timezone' });
  });

  it('loads GPUs into a server from the same migration, the model from its type', async () => {
    await importFile('devices', fixture('netbox-devices.csv'));
    const report = await importFile('accelerators', fixture('gpus.csv'));
    expect(report).toMatchObject({ created: 2, errors: [], committed: true });
    const gpus = db
      .prepare("SELECT a.slot, a.model, a.status FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = 'phx1-dh1-r01-07-n2' ORDER BY a.slot")
      .all();
    expect(gpus).toEqual([
      { slot: 0, model: 'H100 SXM5 80GB', status: 'ok' },
      { slot: 1, model: 'H100 SXM5 80GB', status: 'degraded' },
    ]);
    const clash = await importText('accelerators', 'device,slot,serial\nphx1-dh1-r01-07-n2,1,NEW-GPU-1\nphx1-dh1-r01-07-n2,9,NEW-GPU-2\nphx1-dh1-r01-07-ib1,0,NEW-GPU-3\n');
    expect(clash.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'slot'],
      [3, 'device'],
      [1, 'slot'],
    ]);
    expect(clash.errors[2]?.reason).toMatch(/^Slot 1 of phx1-dh1-r01-07-n2 \(NVIDIA DGX H100, PHX1 \/ DH1 \/ R01-07 \/ U11\) already holds GPU 1655999000101; remove it first\.$/);
  });

  it('reports progress that never runs backwards', async () => {
    const exported = await callLocal(ctx, 'inventory.export', { kind: 'accelerators' });
    const events: ProgressEvent[] = [];
    const withProgress: HandlerContext = { ...ctx, onProgress: (e) => events.push(e) };
    await callLocal(withProgress, 'inventory.import', { kind: 'accelerators', source: { text: exported.csv, name: 'gpus.csv' } });
    expect(events.length).toBeGreaterThan(0);
    for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);
  });
});
