import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import type { InventoryImportReport } from '../../app/inventory/detail-types';
import { checkIntegrity } from '../../app/db/maintenance';
import { FloorwalkError } from '../../app/core/errors';
import { neutraliseCell, restoreNeutralisedCell } from '../../app/core/csv';
import { testDb } from '../support/db';

/** Issue 11, inventory half: per-field dry run, GPUs never stranded by a type change, identifiers, apostrophes. */

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ctx = { db, dbPath: ':test:', actor: 'importer@test', caller: 'cli' };
});
afterEach(() => cleanup());

const value = <T>(sql: string, ...params: unknown[]): T => db.prepare(sql).pluck().get(...params) as T;
const deviceId = (hostname: string): number => value<number>('SELECT id FROM devices WHERE hostname = ?', hostname);
const typeId = (slug: string): number => value<number>('SELECT id FROM device_types WHERE slug = ?', slug);
const importText = (kind: string, text: string, extra: Record<string, unknown> = {}): Promise<InventoryImportReport> =>
  callLocal(ctx, 'inventory.import', { kind, source: { text, name: 'upload.csv' }, ...extra });

async function refusal(name: string, input: unknown): Promise<FloorwalkError> {
  try {
    await callLocal(ctx, name as 'device.update', input as never);
  } catch (error) {
    if (error instanceof FloorwalkError) return error;
    throw error;
  }
  throw new Error(`${name} was not refused`);
}

describe('dry run, field by field', () => {
  it('lists each changed field of an update (before → after, references by name) and every field of a create', async () => {
    const id = deviceId('phx1-dh1-r01-07-n1');
    const before = db.prepare('SELECT serial, u_position FROM devices WHERE id = ?').get(id) as { serial: string; u_position: number };
    const csv = [
      'name,serial,site,location,rack,position,status',
      `phx1-dh1-r01-07-n1,${before.serial},PHX1,DH1,R01-07,31,failed`,
      'new-box,NEW-1,,,,,',
    ].join('\n');
    const changesBefore = value<number>('SELECT count(*) FROM change_log');
    // The new row has no type: an error, and only the good row's changes are listed.
    const report = await importText('devices', csv, { dryRun: true });
    expect(report.errors.map((e) => e.row)).toEqual([2]);
    expect(report.changes).toEqual([
      { row: 1, entity: 'device', id, label: 'phx1-dh1-r01-07-n1', field: 'uPosition', before: before.u_position, after: 31 },
      { row: 1, entity: 'device', id, label: 'phx1-dh1-r01-07-n1', field: 'status', before: 'active', after: 'failed' },
    ]);
    expect(report.changeCount).toBe(2);
    expect(value<number>('SELECT count(*) FROM change_log')).toBe(changesBefore);

    const created = await importText('devices', 'name,serial,device_type,site,location,rack,position\nnew-box,NEW-1,dell-r760,PHX1,DH1,R01-07,30\n', { dryRun: true });
    expect(created.errors).toEqual([]);
    const fields = Object.fromEntries(created.changes.map((c) => [c.field, [c.id, c.before, c.after]]));
    expect(fields).toMatchObject({ rack: [null, null, 'R01-07'], deviceType: [null, null, 'dell-r760'], hostname: [null, null, 'new-box'], uPosition: [null, null, 30] });
    expect(created.changes.every((c) => c.row === 1 && c.entity === 'device' && c.label === 'new-box')).toBe(true);
  });

  it('names a rack moving to a row the file creates, and lists nothing for an unchanged row', async () => {
    const exported = await callLocal(ctx, 'inventory.export', { kind: 'racks' });
    const same = await importText('racks', exported.csv, { dryRun: true });
    expect(same.changes).toEqual([]);
    const rack = value<number>("SELECT id FROM racks WHERE name = 'R01-07'");
    const rowBefore = value<string | null>('SELECT rr.name FROM racks r LEFT JOIN rack_rows rr ON rr.id = r.row_id WHERE r.id = ?', rack);
    const moved = await importText('racks', 'site,room,name,row\nPHX1,DH1,R01-07,Row Z\n', { dryRun: true });
    expect(moved.changes).toEqual([{ row: 1, entity: 'rack', id: rack, label: 'R01-07', field: 'row', before: rowBefore, after: 'Row Z' }]);
  });
});

describe('a type change never strands GPUs', () => {
  it('refuses an import that re-types a GPU server to a type without slots, or with fewer slots than it holds', async () => {
    const serial = value<string>("SELECT serial FROM devices WHERE hostname = 'phx1-dh1-r01-07-n1'");
    const none = await importText('devices', `serial,device_type\n${serial},dell-r760\n`);
    expect(none.committed).toBe(false);
    expect(none.errors).toEqual([
      { row: 1, line: 2, column: 'device_type', reason: 'A Dell PowerEdge R760 has no accelerator slots, but this device holds 8 GPUs (slots up to 7); remove them first.' },
    ]);
    const fewer = await importText('devices', `serial,device_type\n${serial},nvidia-gb200-nvl72-compute-tray\n`);
    expect(fewer.errors[0]).toMatchObject({ column: 'device_type' });
    expect(fewer.errors[0]?.reason).toMatch(/has 4 accelerator slots \(0–3\), but this device holds 8 GPUs \(slots up to 7\)/);
    expect(value('SELECT t.slug FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.serial = ?', serial)).toBe('dgx-h100');
    // Another 8-slot type is fine.
    const same = await importText('devices', `serial,device_type\n${serial},dell-xe9680\n`, { dryRun: true });
    expect(same.errors).toEqual([]);
  });

  it('refuses the same change as an edit, with fewer slots too', async () => {
    const error = await refusal('device.update', { id: deviceId('phx1-dh1-r01-07-n1'), patch: { typeId: typeId('nvidia-gb200-nvl72-compute-tray'), uPosition: 40 } });
    expect(error.field).toBe('typeId');
    expect(error.message).toMatch(/has 4 accelerator slots \(0–3\), but this device holds 8 GPUs/);
  });

  it('check reports a device that already holds GPUs its type has no slots for', () => {
    expect(checkIntegrity(db).problems).toEqual([]);
    const [first, second] = db.prepare('SELECT hostname FROM devices d WHERE (SELECT count(*) FROM accelerators a WHERE a.device_id = d.id) = 8 ORDER BY id LIMIT 2').pluck().all() as string[];
    db.prepare('UPDATE devices SET type_id = ? WHERE hostname = ?').run(typeId('dell-r760'), first);
    db.prepare('UPDATE devices SET type_id = ? WHERE hostname = ?').run(typeId('nvidia-gb200-nvl72-compute-tray'), second);
    const report = checkIntegrity(db);
    expect(report.ok).toBe(false);
    expect(report.checks).toContain("accelerators within their device type's slots");
    const slots = report.problems.filter((p) => p.includes('accelerator'));
    expect(slots).toEqual([
      `device ${first}: holds 8 accelerators (up to slot 7) but its type Dell PowerEdge R760 has no accelerator slots`,
      `device ${second}: holds 8 accelerators (up to slot 7) but its type NVIDIA GB200 NVL72 compute tray (2× GB200) has 4 slots (0–3)`,
    ]);
  });
});

describe('identifiers', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['NUL', 'host\u0000x', /a NUL character \(U\+0000\) at character 5/],
    ['control', 'host\u0007x', /a control character \(U\+0007\)/],
    ['bidi override', 'host\u202ex', /a bidirectional control character \(U\+202E\)/],
    ['bidi isolate', 'host\u2066x', /a bidirectional control character \(U\+2066\)/],
    ['zero width', 'host\u200bx', /a zero-width character \(U\+200B\)/],
    ['BOM inside', 'host\ufeffx', /a zero-width character \(U\+FEFF\)/],
    ['line break', 'host\nx', /a line break \(U\+000A\)/],
    ['trailing zero width', 'hostx\u200d', /a zero-width character \(U\+200D\) at character 6/],
  ];

  /** 400 rows of ~30 bytes: past the 8 KiB the binary sniff reads. */
  const PADDING_ROWS = 400;

  it('refuses a file with a NUL near its start as a whole, naming the file', async () => {
    const report = await importText('devices', 'name,serial,device_type\nho\u0000st,S-1,dell-r760\n');
    expect(report.errors).toEqual([{ row: 0, line: 1, column: '', reason: expect.stringMatching(/^upload\.csv is not a text file: it looks like binary data \(it contains NUL bytes\)/) }]);
  });

  it.each(bad)('refuses an import cell with %s, by row, line and column, and writes nothing', async (_label, hostname, reason) => {
    const devicesBefore = value<number>('SELECT count(*) FROM devices');
    const cell = hostname.includes('\n') ? `"${hostname}"` : hostname;
    // Enough good rows first that the file is text by any measure (a NUL or control byte in the first
    // kilobytes makes it "binary", refused as a whole): the bad cell is then found where it is.
    const good = Array.from({ length: PADDING_ROWS }, (_, i) => `fine-${i},FINE-${i},dell-r760`);
    const report = await importText('devices', ['name,serial,device_type', ...good, `${cell},BAD-1,dell-r760`].join('\n'));
    expect(report.committed).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ row: PADDING_ROWS + 1, line: PADDING_ROWS + 2, column: 'name' });
    expect(report.errors[0]?.reason).toMatch(/^Hostname contains /);
    expect(report.errors[0]?.reason).toMatch(reason);
    expect(value<number>('SELECT count(*) FROM devices')).toBe(devicesBefore);
  });

  it('holds names of every kind to the rule: sites, rooms, racks, a device’s rack, GPU serials', async () => {
    const site = await importText('sites', 'code,name,timezone\nAB\u200bC,Site,UTC\n');
    expect(site.errors[0]).toMatchObject({ column: 'code', reason: expect.stringMatching(/^Site code contains a zero-width/) });
    const room = await importText('rooms', 'site,name\nPHX1,DH\u202e9\n');
    expect(room.errors[0]).toMatchObject({ column: 'name', reason: expect.stringMatching(/^Room name contains a bidirectional/) });
    const rack = await importText('racks', 'site,location,name,asset_tag\nPHX1,DH1,R99,AT\u009b1\n');
    expect(rack.errors[0]).toMatchObject({ column: 'asset_tag', reason: expect.stringMatching(/^Asset tag contains a control character/) });
    const placed = await importText('devices', 'name,device_type,site,location,rack\nx-1,dell-r760,PHX1,DH1,R01\u200b-07\n');
    expect(placed.errors).toHaveLength(1);
    expect(placed.errors[0]).toMatchObject({ column: 'rack', reason: expect.stringMatching(/^Rack contains a zero-width/) });
    const gpu = await importText('accelerators', 'device,slot,serial\nphx1-dh1-r01-07-n1,0,16\u20285\n');
    expect(gpu.errors[0]).toMatchObject({ column: 'serial', reason: expect.stringMatching(/^Serial contains a line break \(U\+2028\)/) });
  });

  it('trims spaces at either end of an imported identifier, and of an edited one', async () => {
    const report = await importText('devices', 'name,serial,device_type\n  spaced-1 ,\u00a0SP-1  ,dell-r760\n');
    expect(report).toMatchObject({ created: 1, errors: [] });
    expect(value('SELECT serial FROM devices WHERE hostname = ?', 'spaced-1')).toBe('SP-1');
    const id = deviceId('spaced-1');
    await callLocal(ctx, 'device.update', { id, patch: { assetTag: '  AT-77  ' } });
    expect(value('SELECT asset_tag FROM devices WHERE id = ?', id)).toBe('AT-77');
  });

  it('refuses the same characters in an edit, naming the field', async () => {
    const id = deviceId('phx1-dh1-r01-07-n1');
    const hostname = await refusal('device.update', { id, patch: { hostname: 'n1\u202egpj.exe' } });
    expect(hostname).toMatchObject({ code: 'invalid_input', field: 'patch.hostname' });
    expect(hostname.message).toMatch(/Hostname contains a bidirectional control character \(U\+202E\) at character 3/);
    const serial = await refusal('device.update', { id, patch: { serial: 'SN\u200b1' } });
    expect(serial.message).toMatch(/Serial contains a zero-width character/);
    const rack = await refusal('rack.update', { id: value<number>("SELECT id FROM racks WHERE name = 'R01-07'"), patch: { name: 'R01\n07' } });
    expect(rack.message).toMatch(/Rack name contains a line break/);
    const site = await refusal('site.create', { fields: { code: 'X\u0000', name: 'X', timezone: 'UTC' } });
    expect(site.message).toMatch(/Site code contains a NUL character/);
    const siteId = value<number>('SELECT id FROM sites ORDER BY id LIMIT 1');
    const element = await refusal('power.element.save', { id: null, fields: { siteId, name: 'PDU-A\u200b9', kind: 'pdu', ratingKw: 20 } });
    expect(element.message).toMatch(/Element name contains a zero-width character \(U\+200B\) at character 6/);
    expect(value('SELECT hostname FROM devices WHERE id = ?', id)).toBe('phx1-dh1-r01-07-n1');
  });
});

describe('apostrophes survive export → import', () => {
  const values = ["'abc", '=1+1', "''x", '-5', '@x', "O'Brien", "'"];

  it('escapes only what it adds and strips only that', () => {
    for (const v of values) expect(restoreNeutralisedCell(neutraliseCell(v)), v).toBe(v);
    expect(neutraliseCell("'abc")).toBe("''abc");
    expect(neutraliseCell("''x")).toBe("'''x");
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell("O'Brien")).toBe("O'Brien");
    // Typed by hand in a sheet: an apostrophe before plain text is the value's own.
    expect(restoreNeutralisedCell("'abc")).toBe("'abc");
  });

  it('round-trips asset tags through the devices CSV unchanged', async () => {
    const hosts = db.prepare('SELECT hostname FROM devices WHERE hostname IS NOT NULL ORDER BY id LIMIT 5').pluck().all() as string[];
    const tags = ["'abc", '=1+1', "''x", '-5', '@x'];
    for (const [i, host] of hosts.entries()) await callLocal(ctx, 'device.update', { id: deviceId(host), patch: { assetTag: tags[i] } });
    const exported = await callLocal(ctx, 'inventory.export', { kind: 'devices' });
    expect(exported.csv).toContain(",''abc");
    expect(exported.csv).toContain(",'''x");
    expect(exported.csv).toContain(",'=1+1");
    // The same file back changes nothing …
    const again = await importText('devices', exported.csv);
    expect(again).toMatchObject({ updated: 0, errors: [] });
    // … and into a database that lost the tags it puts each back exactly.
    db.prepare('UPDATE devices SET asset_tag = NULL').run();
    const restored = await importText('devices', exported.csv);
    expect(restored.errors).toEqual([]);
    for (const [i, host] of hosts.entries()) expect(value('SELECT asset_tag FROM devices WHERE hostname = ?', host), host).toBe(tags[i]);
  });
});
