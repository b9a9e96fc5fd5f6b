import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import type { InventoryImportReport } from '../../app/inventory/detail-types';
import { testDb } from '../support/db';
import { REPO_ROOT } from '../support/temp';

const fixture = (name: string): string => path.join(REPO_ROOT, 'test', 'fixtures', 'inventory', name);

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;

beforeEach(() => {
  ({ db, cleanup } = testDb());
  ctx = { db, dbPath: ':test:', actor: 'rooms@test', caller: 'cli' };
});
afterEach(() => cleanup());

const rows = (sql: string): unknown[] => db.prepare(sql).all();
function importText(kind: string, text: string, extra: Record<string, unknown> = {}): Promise<InventoryImportReport> {
  return callLocal(ctx, 'inventory.import', { kind, source: { text, name: `${kind}.csv` }, ...extra });
}
function importFile(kind: string, file: string): Promise<InventoryImportReport> {
  return callLocal(ctx, 'inventory.import', { kind, source: { path: file } });
}

const SITES = 'code,name,timezone\nPHX1,Phoenix Goodyear,America/Phoenix\n';

describe('rooms import', () => {
  it('fills an empty database from CSV alone: sites → rooms (NetBox Locations) → racks → devices → accelerators', async () => {
    expect(await importText('sites', SITES)).toMatchObject({ created: 1, errorCount: 0, committed: true });
    const rooms = await importFile('rooms', fixture('netbox-locations.csv'));
    expect(rooms).toMatchObject({ kind: 'rooms', rows: 2, created: 2, errorCount: 0, committed: true });
    expect(rooms.unknownColumns).toEqual(['slug', 'parent', 'status', 'tenant', 'facility', 'description', 'tags']);
    expect(rows('SELECT name, width_tiles, depth_tiles, tile_mm, ashrae_class FROM rooms ORDER BY name')).toEqual([
      { name: 'DH1', width_tiles: 100, depth_tiles: 60, tile_mm: 600, ashrae_class: 'A1' },
      { name: 'DH2', width_tiles: 100, depth_tiles: 60, tile_mm: 600, ashrae_class: 'A1' },
    ]);
    expect(await importFile('racks', fixture('netbox-racks.csv'))).toMatchObject({ created: 3, errorCount: 0, committed: true });
    expect(await importFile('devices', fixture('netbox-devices.csv'))).toMatchObject({ created: 5, errorCount: 0, committed: true });
    expect(await importFile('accelerators', fixture('gpus.csv'))).toMatchObject({ errorCount: 0, committed: true });
    expect(db.prepare('SELECT count(*) FROM accelerators').pluck().get()).toBeGreaterThan(0);
    const log = rows("SELECT DISTINCT actor FROM change_log WHERE entity = 'room'");
    expect(log).toEqual([{ actor: 'rooms@test' }]);
  });

  it('updates a room by site + name, keeps what the file leaves empty, and reports without writing on a dry run', async () => {
    await importText('sites', SITES);
    await importText('rooms', 'site,name,width_tiles,depth_tiles,ashrae_class\nPHX1,DH1,40,20,A2\n');
    const dry = await importText('rooms', 'site,room,width_tiles,depth_tiles,ashrae_class\nphx1,dh1,50,,\n', { dryRun: true });
    expect(dry).toMatchObject({ created: 0, updated: 1, errorCount: 0, committed: false, dryRun: true });
    expect(rows('SELECT width_tiles FROM rooms')).toEqual([{ width_tiles: 40 }]);
    const done = await importText('rooms', 'site,room,width_tiles,depth_tiles,ashrae_class\nphx1,dh1,50,,\n');
    expect(done).toMatchObject({ updated: 1, committed: true });
    expect(rows('SELECT name, width_tiles, depth_tiles, ashrae_class FROM rooms')).toEqual([{ name: 'DH1', width_tiles: 50, depth_tiles: 20, ashrae_class: 'A2' }]);
    expect(await importText('rooms', 'site,name,width_tiles\nPHX1,DH1,50\n')).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it('refuses, row by row, an unknown site, a duplicate in the file, a bad size and a room shrinking under its racks', async () => {
    await importText('sites', SITES);
    await importText('rooms', 'site,name,width_tiles,depth_tiles\nPHX1,DH1,40,20\n');
    await importText('racks', 'site,location,name,grid_x,grid_y\nPHX1,DH1,R01,30,10\n');
    const report = await importText('rooms', 'site,name,width_tiles,tile_mm,ashrae_class\nLON9,A,,,\nPHX1,DH2,,,\nPHX1,dh2,,,\nPHX1,DH3,0,,\nPHX1,DH4,,200,A9\nPHX1,DH1,20,,\n');
    expect(report.committed).toBe(false);
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'site'],
      [3, 'name'],
      [4, 'width_tiles'],
      [5, 'tile_mm'],
      [5, 'ashrae_class'],
      [6, 'width_tiles'],
    ]);
    expect(report.errors[0]?.reason).toContain('There is no site "LON9"');
    expect(report.errors[1]?.reason).toBe('Room dh2 of site PHX1 is also on row 2 of this file.');
    expect(report.errors[5]?.reason).toContain('rack R01 at (30, 10) would stand outside it');
    expect(rows('SELECT name FROM rooms')).toEqual([{ name: 'DH1' }]);
  });

  it('needs site and name columns', async () => {
    const report = await importText('rooms', 'name,width_tiles\nDH1,10\n');
    expect(report.errors).toEqual([{ row: 0, column: '', reason: 'The file needs the columns site and name to find each room; it lacks site.' }]);
  });
});
