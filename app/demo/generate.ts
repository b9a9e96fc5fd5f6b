import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { Progress, type ProgressSink } from '../core/progress';
import { DLC_LIQUID_SHARE } from '../capacity/cooling';
import { writeDemoPowerChain } from './power-chain';
import { logChange } from '../inventory/change-log';
import { Random } from './random';
import { NVL72_GPUS } from '../health/domains';
import { nvl72DemoRacks, NVL72_DEMO_SITE, writeNvl72Hall } from './nvl72-hall';
import {
  AISLE_TILES,
  CRAH_PITCH_TILES,
  GPU_RACKS_PER_ROW,
  HALL_MARGIN_BOTTOM_TILES,
  HALL_MARGIN_TOP_TILES,
  HALL_MARGIN_X_TILES,
  HGX_PCI_BUSES,
  MAX_ROWS_PER_HALL,
  RACK_DEPTH_TILES,
  ROW_PAIR_PITCH_TILES,
  SITE_PLANS,
  type PlatformPlan,
  type SitePlan,
} from './plan';

export const ACCELERATORS_PER_SERVER = 8;
export const DEMO_DEFAULT_ACCELERATORS = 20_000;
export const DEMO_DEFAULT_SEED = 7;
/** GB200 board serials: 13 digits like every NVIDIA board serial, in a range of their own. */
const NVL72_BOARD_SERIAL_PREFIX = '1830';

export interface DemoOptions {
  readonly accelerators: number;
  readonly seed: number;
  readonly onProgress?: ProgressSink;
}

export interface DemoResult {
  readonly sites: number;
  readonly rooms: number;
  readonly racks: number;
  readonly devices: number;
  readonly accelerators: number;
}

const NETWORK_RACKS_PER_ROW = 2;

/** Budget of each of a row's two network racks (spine and storage), kW; both are air cooled. */
const NETWORK_RACK_BUDGET_KW = 20;
/** Air-side design margin over the hall's budgeted air load, with the largest unit out (N+1). */
const AIR_DESIGN_MARGIN = 1.15;
/** A chilled-water CRAH of the size halls were built with before GPUs; air halls of GPU racks need fan walls. */
const MIN_CRAH_KW = 150;

/**
 * Each air unit's capacity, kW, so the room's air (all units but the largest, N+1) carries the hall's
 * budgeted air load with AIR_DESIGN_MARGIN: air racks whole, direct-liquid racks their non-captured share,
 * rear-door racks nothing (the door's coil takes it), network racks whole. 45 kW air racks need fan-wall
 * units of 400–500 kW (Vertiv Liebert AFC, Stulz CyberWall); a mostly liquid hall keeps 150 kW CRAHs.
 */
function crahCapacityKw(rows: readonly RowPlan[], units: number): number {
  let airKw = 0;
  for (const row of rows) {
    const share = row.platform.cooling === 'air' ? 1 : row.platform.cooling === 'dlc' ? 1 - DLC_LIQUID_SHARE : 0;
    airKw += row.racks.length * row.platform.rackBudgetKw * share + NETWORK_RACKS_PER_ROW * NETWORK_RACK_BUDGET_KW;
  }
  const perUnit = (airKw * AIR_DESIGN_MARGIN) / Math.max(1, units - 1);
  return Math.max(MIN_CRAH_KW, Math.ceil(perUnit / 10) * 10);
}

interface RowPlan {
  readonly platform: PlatformPlan;
  /** Servers in each GPU rack of the row. */
  readonly racks: readonly number[];
}

/** Splits `servers` into halls of rows of racks, so a hall is never larger than MAX_ROWS_PER_HALL rows. */
function planHalls(site: SitePlan, servers: number): RowPlan[][] {
  const halls: RowPlan[][] = [];
  let left = servers;
  let rowIndex = 0;
  while (left > 0) {
    const rows: RowPlan[] = [];
    while (left > 0 && rows.length < MAX_ROWS_PER_HALL) {
      const platform = site.platforms[rowIndex % site.platforms.length] as PlatformPlan;
      const racks: number[] = [];
      while (left > 0 && racks.length < GPU_RACKS_PER_ROW) {
        const inRack = Math.min(platform.serversPerRack, left);
        racks.push(inRack);
        left -= inRack;
      }
      rows.push({ platform, racks });
      rowIndex++;
    }
    halls.push(rows);
  }
  return halls;
}

/** Same serial shape per vendor as on the real labels, numbered from a seeded base so runs are distinct. */
const SERIAL_PREFIX_BY_TYPE: Record<string, string> = {
  'dgx-h100': '1562',
  'dgx-h200': '1566',
  'dgx-b200': '1574',
  'dell-xe9680': 'CN0XE',
  'smc-hgx-h200-lcc': 'S421GE',
  'ocp-grand-teton-h100': 'GTN',
  'meta-mtia-v2-chassis': 'MTC',
  'apc-ap8886': '5A',
  'vertiv-geist-60a-415v': 'GV60',
  'nvidia-qm9700': 'MT',
  'nvidia-sn5600': 'MT',
  'arista-7060x5': 'JPE',
  'ddn-ai400x2': 'DDN',
  'dell-r760': 'CN0R7',
  'patch-1u-48': 'PP',
  crah: 'CRH',
  cdu: 'CDU',
};

/**
 * Writes a realistic, deterministic operator into an empty database: several sites in different time
 * zones, hot/cold-aisle halls, GPU racks of 8-GPU servers with consistent serials, UUIDs and PCI bus ids,
 * network racks, row CDUs with their loops, CRAHs, inlet/outlet sensors and A/B PDUs. The whole inventory
 * is written in one transaction; the change log gets one bulk entry per site.
 */
export function generateDemo(db: Db, options: DemoOptions): DemoResult {
  if (!Number.isInteger(options.accelerators) || options.accelerators < ACCELERATORS_PER_SERVER || options.accelerators > 5_000_000) {
    throw new FloorwalkError('invalid_input', `--accelerators must be a whole number from ${ACCELERATORS_PER_SERVER} to 5,000,000.`, { field: 'accelerators' });
  }
  const existing = (db.prepare('SELECT count(*) AS n FROM sites').get() as { n: number }).n;
  if (existing > 0) {
    throw new FloorwalkError('conflict', 'This database already holds an inventory; the demo is written only into an empty one.');
  }

  const random = new Random(options.seed);
  const progress = new Progress(options.onProgress);
  const nvl72Racks = nvl72DemoRacks(options.accelerators);
  const totalServers = Math.ceil((options.accelerators - nvl72Racks * NVL72_GPUS) / ACCELERATORS_PER_SERVER);
  const ticker = progress.phase('Generating demo inventory', totalServers + nvl72Racks, 1);

  const typeIds = new Map(
    (db.prepare('SELECT id, slug FROM device_types').all() as Array<{ id: number; slug: string }>).map((t) => [t.slug, t.id]),
  );
  const typeId = (slug: string): number => {
    const id = typeIds.get(slug);
    if (id === undefined) throw new FloorwalkError('internal', `device type ${slug} is missing from the catalog`);
    return id;
  };
  const uHeightBySlug = new Map(
    (db.prepare('SELECT slug, u_height FROM device_types').all() as Array<{ slug: string; u_height: number }>).map((t) => [t.slug, t.u_height]),
  );
  const accelModelBySlug = new Map(
    (db.prepare('SELECT slug, accel_model FROM device_types WHERE accel_count > 0').all() as Array<{ slug: string; accel_model: string }>).map(
      (t) => [t.slug, t.accel_model],
    ),
  );

  const insertSite = db.prepare('INSERT INTO sites (code, name, timezone) VALUES (?, ?, ?)');
  const insertRoom = db.prepare('INSERT INTO rooms (site_id, name, width_tiles, depth_tiles, tile_mm, ashrae_class) VALUES (?, ?, ?, ?, 600, ?)');
  const insertRow = db.prepare('INSERT INTO rack_rows (room_id, name) VALUES (?, ?)');
  const insertLoop = db.prepare('INSERT INTO cooling_loops (room_id, name, medium) VALUES (?, ?, ?)');
  const insertRack = db.prepare(`INSERT INTO racks (room_id, row_id, name, grid_x, grid_y, facing, width_tiles, depth_tiles, u_height,
      power_budget_kw, cooling, loop_id, asset_tag) VALUES (?, ?, ?, ?, ?, ?, 1, ${RACK_DEPTH_TILES}, 42, ?, ?, ?, ?)`);
  const insertCoolingUnit = db.prepare(`INSERT INTO cooling_units (room_id, kind, name, grid_x, grid_y, width_tiles, depth_tiles, facing,
      capacity_kw, loop_id, serial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertSensor = db.prepare('INSERT INTO sensors (room_id, rack_id, name, kind, position, grid_x, grid_y) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertDevice = db.prepare(`INSERT INTO devices (rack_id, type_id, u_position, face, role, hostname, serial, asset_tag, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAccelerator = db.prepare(`INSERT INTO accelerators (device_id, slot, model, serial, uuid, pci_bus_id, firmware, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  let serialCounter = 100_000 + random.int(0, 800_000);
  let assetCounter = random.int(10_000, 90_000);
  let gpuCounter = random.int(1, 9) * 1_000_000_000 + random.int(0, 99_999_999);
  const counts = { sites: 0, rooms: 0, racks: 0, devices: 0, accelerators: 0 };

  const deviceSerial = (slug: string): string => `${SERIAL_PREFIX_BY_TYPE[slug] ?? 'SN'}${String(serialCounter++).padStart(9, '0')}`;
  const assetTag = (): string => `AT${String(assetCounter++).padStart(7, '0')}`;
  const deviceStatus = (): string => {
    const roll = random.next();
    if (roll < 0.004) return 'failed';
    if (roll < 0.009) return 'offline';
    if (roll < 0.013) return 'staged';
    return 'active';
  };
  const acceleratorStatus = (): string => {
    const roll = random.next();
    if (roll < 0.002) return 'degraded';
    if (roll < 0.004) return 'failed';
    if (roll < 0.005) return 'rma';
    return 'ok';
  };
  const addDevice = (rackId: number, slug: string, u: number | null, face: string, role: string, hostname: string | null): number => {
    counts.devices++;
    return Number(insertDevice.run(rackId, typeId(slug), u, face, role, hostname, deviceSerial(slug), assetTag(), deviceStatus()).lastInsertRowid);
  };

  let serversLeft = totalServers;
  const write = db.transaction(() => {
    SITE_PLANS.forEach((site, siteIndex) => {
      const siteServers = Math.ceil(serversLeft / (SITE_PLANS.length - siteIndex));
      serversLeft -= siteServers;
      if (siteServers === 0 && siteIndex > 0) return;
      const siteId = Number(insertSite.run(site.code, site.name, site.timezone).lastInsertRowid);
      counts.sites++;
      const before = { ...counts };

      planHalls(site, siteServers).forEach((rows, hallIndex) => {
        const hallName = `DH${hallIndex + 1}`;
        const pairs = Math.ceil(rows.length / 2);
        const width = HALL_MARGIN_X_TILES * 2 + 1 + GPU_RACKS_PER_ROW + NETWORK_RACKS_PER_ROW;
        const depth = HALL_MARGIN_TOP_TILES + pairs * ROW_PAIR_PITCH_TILES + HALL_MARGIN_BOTTOM_TILES;
        const roomId = Number(insertRoom.run(siteId, hallName, width, depth, site.ashraeClass).lastInsertRowid);
        counts.rooms++;
        const host = (rack: string, n: number): string => `${site.code}-${hallName}-${rack}-n${n}`.toLowerCase();

        const crahPositions: number[] = [];
        for (let x = HALL_MARGIN_X_TILES; x + 2 <= width - HALL_MARGIN_X_TILES; x += CRAH_PITCH_TILES) crahPositions.push(x);
        const crahKw = crahCapacityKw(rows, crahPositions.length * 2);
        for (const x of crahPositions) {
          const n = Math.floor(x / CRAH_PITCH_TILES) + 1;
          insertCoolingUnit.run(roomId, 'CRAH', `CRAH-N${n}`, x, 0, 2, 1, 'S', crahKw, null, deviceSerial('crah'));
          insertCoolingUnit.run(roomId, 'CRAH', `CRAH-S${n}`, x, depth - 1, 2, 1, 'N', crahKw, null, deviceSerial('crah'));
        }

        rows.forEach((row, rowIndex) => {
          const rowName = `R${String(rowIndex + 1).padStart(2, '0')}`;
          const rowId = Number(insertRow.run(roomId, rowName).lastInsertRowid);
          const pair = Math.floor(rowIndex / 2);
          const facesSouth = rowIndex % 2 === 0;
          const y = HALL_MARGIN_TOP_TILES + pair * ROW_PAIR_PITCH_TILES + (facesSouth ? 0 : RACK_DEPTH_TILES + AISLE_TILES);
          const facing = facesSouth ? 'S' : 'N';
          const inletY = facesSouth ? y + RACK_DEPTH_TILES : y;
          const outletY = facesSouth ? y : y + RACK_DEPTH_TILES;
          const liquid = row.platform.cooling === 'dlc' || row.platform.cooling === 'rdhx';

          let loopId: number | null = null;
          if (liquid) {
            loopId = Number(insertLoop.run(roomId, `TCS-${rowName}`, 'pg25').lastInsertRowid);
            const rowLoadKw = row.racks.length * row.platform.rackBudgetKw;
            const capacity = Math.max(800, Math.ceil((rowLoadKw * 1.25) / 100) * 100);
            insertCoolingUnit.run(roomId, 'CDU', `CDU-${rowName}`, HALL_MARGIN_X_TILES, y, 1, RACK_DEPTH_TILES, facing, capacity, loopId, deviceSerial('cdu'));
          }

          const addRack = (name: string, x: number, budgetKw: number, cooling: string): number => {
            const rackId = Number(
              insertRack.run(roomId, rowId, name, x, y, facing, budgetKw, cooling, liquid ? loopId : null, `RK${String(assetCounter++).padStart(7, '0')}`).lastInsertRowid,
            );
            counts.racks++;
            insertSensor.run(roomId, rackId, `${name}-INLET`, 'temp_humidity', 'inlet', x + 0.5, inletY);
            insertSensor.run(roomId, rackId, `${name}-OUTLET`, 'temperature', 'outlet', x + 0.5, outletY);
            return rackId;
          };
          const addPdus = (rackId: number, rackName: string, slug: string): void => {
            addDevice(rackId, slug, null, 'rear', 'pdu', host(rackName, 0).replace(/-n0$/, '-pdu-a'));
            addDevice(rackId, slug, null, 'rear', 'pdu', host(rackName, 0).replace(/-n0$/, '-pdu-b'));
          };

          const serverSlug = row.platform.serverSlug;
          const serverU = uHeightBySlug.get(serverSlug) ?? 1;
          row.racks.forEach((servers, rackIndex) => {
            const rackName = `${rowName}-${String(rackIndex + 1).padStart(2, '0')}`;
            const rackId = addRack(rackName, HALL_MARGIN_X_TILES + 1 + rackIndex, row.platform.rackBudgetKw, row.platform.cooling);
            addPdus(rackId, rackName, row.platform.pduSlug);
            addDevice(rackId, 'patch-1u-48', 42, 'front', 'patch', null);
            for (let n = 0; n < servers; n++) {
              const deviceId = addDevice(rackId, serverSlug, row.platform.firstU + n * serverU, 'front', 'gpu-node', host(rackName, n + 1));
              const model = accelModelBySlug.get(serverSlug) ?? 'unknown';
              for (let slot = 0; slot < ACCELERATORS_PER_SERVER; slot++) {
                const serial = `${row.platform.serialPrefix}${String(gpuCounter++).padStart(10, '0')}`;
                const bus = HGX_PCI_BUSES[slot] ?? '00';
                insertAccelerator.run(deviceId, slot, model, serial, random.gpuUuid(), `00000000:${bus}:00.0`, row.platform.firmware, acceleratorStatus());
                counts.accelerators++;
              }
              ticker.tick();
            }
          });

          const networkX = HALL_MARGIN_X_TILES + 1 + GPU_RACKS_PER_ROW;
          const spine = `${rowName}-N1`;
          const spineId = addRack(spine, networkX, NETWORK_RACK_BUDGET_KW, 'air');
          addPdus(spineId, spine, 'apc-ap8886');
          addDevice(spineId, 'dell-r760', 2, 'front', 'management', host(spine, 1));
          addDevice(spineId, 'dell-r760', 4, 'front', 'management', host(spine, 2));
          addDevice(spineId, 'nvidia-sn5600', 34, 'front', 'leaf', host(spine, 3));
          addDevice(spineId, 'nvidia-sn5600', 36, 'front', 'leaf', host(spine, 4));
          for (let k = 0; k < 4; k++) addDevice(spineId, 'nvidia-qm9700', 38 + k, 'front', 'ib-leaf', host(spine, 5 + k));
          addDevice(spineId, 'patch-1u-48', 42, 'front', 'patch', null);

          const storage = `${rowName}-N2`;
          const storageId = addRack(storage, networkX + 1, NETWORK_RACK_BUDGET_KW, 'air');
          addPdus(storageId, storage, 'apc-ap8886');
          for (let k = 0; k < 6; k++) addDevice(storageId, 'ddn-ai400x2', 3 + k * 2, 'front', 'storage', host(storage, k + 1));
          addDevice(storageId, 'arista-7060x5', 40, 'front', 'mgmt-switch', host(storage, 7));
        });
      });

      if (site.code === NVL72_DEMO_SITE) {
        writeNvl72Hall(
          {
            db,
            siteId,
            siteCode: site.code,
            ashraeClass: site.ashraeClass,
            random,
            statements: { insertRoom, insertRow, insertLoop, insertRack, insertCoolingUnit, insertSensor, insertDevice },
            typeId,
            deviceSerial,
            assetTag,
            boardSerial: () => `${NVL72_BOARD_SERIAL_PREFIX}${String(gpuCounter++ % 1_000_000_000).padStart(9, '0')}`,
            tick: () => ticker.tick(),
            counts,
          },
          nvl72Racks,
        );
      }

      logChange(db, {
        actor: 'floorwalk demo',
        entity: 'site',
        entityId: siteId,
        action: 'bulk',
        before: null,
        after: {
          code: site.code,
          rooms: counts.rooms - before.rooms,
          racks: counts.racks - before.racks,
          devices: counts.devices - before.devices,
          accelerators: counts.accelerators - before.accelerators,
        },
        reason: `demo inventory, seed ${options.seed}`,
      });
    });
    writeDemoPowerChain(db);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?)").run(JSON.stringify({ seed: options.seed, accelerators: options.accelerators }));
  });
  write();
  ticker.finish();
  return counts;
}
