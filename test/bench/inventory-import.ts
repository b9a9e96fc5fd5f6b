import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../app/db/open';
import { toCsv } from '../../app/core/csv';
import { importInventory } from '../../app/importers/inventory';
import { createRoom, createSite } from '../../app/inventory/writes';
import type { InventoryImportReport } from '../../app/inventory/detail-types';

export const BENCH_DEVICES = 100_000;
const DEVICES_PER_RACK = 20;
const ROOMS = 5;
const ROOM_TILES = 50;
const ACTOR = 'floorwalk bench';

interface Timing {
  readonly report: InventoryImportReport;
  readonly ms: number;
  /** Process CPU time (all threads, so GC helpers too); on a shared machine it shows the work apart from the wait. */
  readonly cpuMs: number;
}

function rate(rows: number, t: Timing): string {
  return `${(t.ms / 1000).toFixed(2)} s (${Math.round(rows / (t.ms / 1000)).toLocaleString('en-US')} rows/s, CPU ${(t.cpuMs / 1000).toFixed(2)} s)`;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function timed(run: () => Promise<InventoryImportReport>): Promise<Timing> {
  const started = performance.now();
  const cpuStarted = cpuMs();
  const report = await run();
  const ms = performance.now() - started;
  if (report.errorCount > 0) throw new Error(`bench import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return { report, ms, cpuMs: cpuMs() - cpuStarted };
}

/**
 * Issue 3's figure: 100,000 devices (2U servers, 20 to a rack) imported from CSV into a fresh database —
 * the 5,000 racks that hold them first (from a NetBox-style file without floor positions, so they are
 * placed automatically), then a dry run and the commit of the device file.
 */
export async function benchInventoryImport(dir?: string): Promise<string[]> {
  const own = dir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'floorwalk-bench-inv-')) : null;
  const folder = dir ?? (own as string);
  const file = path.join(folder, 'bench-inventory.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = openDatabase(file, { create: true });
  try {
    const options = { actor: ACTOR, reason: 'bench' };
    const site = createSite(db, options, { code: 'BEN1', name: 'Bench', timezone: 'UTC' }).id;
    for (let r = 1; r <= ROOMS; r++) createRoom(db, options, { siteId: site, name: `DH${r}`, widthTiles: ROOM_TILES, depthTiles: ROOM_TILES });

    const racks = BENCH_DEVICES / DEVICES_PER_RACK;
    const rackName = (i: number): string => `R${String(Math.floor(i / 100) + 1).padStart(3, '0')}-${String((i % 100) + 1).padStart(2, '0')}`;
    const roomOf = (i: number): string => `DH${(i % ROOMS) + 1}`;
    const rackCsv = path.join(folder, 'bench-racks.csv');
    fs.writeFileSync(
      rackCsv,
      toCsv(
        ['name', 'site', 'location', 'status', 'u_height', 'asset_tag'],
        Array.from({ length: racks }, (_, i) => [rackName(i), 'BEN1', roomOf(i), 'active', 42, `RK${String(i).padStart(7, '0')}`]),
      ),
    );
    const rackRun = await timed(() => importInventory({ db, actor: ACTOR, kind: 'racks', source: { path: rackCsv }, dryRun: false }));

    const deviceCsv = path.join(folder, 'bench-devices.csv');
    const rows: Array<Array<string | number>> = [];
    for (let i = 0; i < BENCH_DEVICES; i++) {
      const rack = Math.floor(i / DEVICES_PER_RACK);
      const n = i % DEVICES_PER_RACK;
      rows.push([`ben1-${roomOf(rack).toLowerCase()}-${rackName(rack).toLowerCase()}-n${n + 1}`, 'BEN1', roomOf(rack), rackName(rack), 1 + n * 2, 'front', 'dell-r760', 'server', 'active', `CN0R7${String(i).padStart(9, '0')}`, `AT${String(i).padStart(8, '0')}`]);
    }
    fs.writeFileSync(deviceCsv, toCsv(['name', 'site', 'location', 'rack', 'position', 'face', 'device_type', 'role', 'status', 'serial', 'asset_tag'], rows));
    const megabytes = fs.statSync(deviceCsv).size / 1e6;

    const dry = await timed(() => importInventory({ db, actor: ACTOR, kind: 'devices', source: { path: deviceCsv }, dryRun: true }));
    const commit = await timed(() => importInventory({ db, actor: ACTOR, kind: 'devices', source: { path: deviceCsv }, dryRun: false }));
    const again = await timed(() => importInventory({ db, actor: ACTOR, kind: 'devices', source: { path: deviceCsv }, dryRun: true }));
    const changes = db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
    return [
      `inventory import: ${racks.toLocaleString('en-US')} racks (auto-placed) in ${rate(racks, rackRun)}`,
      `inventory import: ${BENCH_DEVICES.toLocaleString('en-US')} devices in ${rate(BENCH_DEVICES, commit)} — committed, ${commit.report.created.toLocaleString('en-US')} created (file ${megabytes.toFixed(1)} MB)`,
      `inventory import dry run: ${BENCH_DEVICES.toLocaleString('en-US')} devices checked in ${rate(BENCH_DEVICES, dry)}`,
      `inventory import dry run of the same file again (all upserts): ${rate(BENCH_DEVICES, again)}, ${again.report.unchanged.toLocaleString('en-US')} unchanged`,
      `change log after the imports: ${changes.toLocaleString('en-US')} entries`,
    ];
  } finally {
    db.close();
    if (own) fs.rmSync(own, { recursive: true, force: true });
  }
}
