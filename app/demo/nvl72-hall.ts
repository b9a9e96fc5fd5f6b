import type Database from 'better-sqlite3';
import type { Db } from '../db/open';
import { NVL72_COMPUTE_TRAYS, NVL72_GPUS } from '../health/domains';
import { nvl72Elevation } from '../capacity/rack-scale';
import type { Random } from './random';
import { AISLE_TILES, CRAH_PITCH_TILES, HALL_MARGIN_BOTTOM_TILES, HALL_MARGIN_TOP_TILES, HALL_MARGIN_X_TILES, RACK_DEPTH_TILES, ROW_PAIR_PITCH_TILES } from './plan';

/**
 * One GB200 NVL72 hall in the demo: rack-scale systems as their operators run them, so the Health view,
 * the NVLink domain counts and the floor map's health colouring have something real to show. Written only
 * into demos of at least NVL72_DEMO_MIN_ACCELERATORS (the default 20,000 has it; small test demos keep
 * their shape), and its GPUs come out of the requested total.
 */
export const NVL72_DEMO_SITE = 'SIN1';
export const NVL72_DEMO_HALL = 'NVL1';
export const NVL72_DEMO_MIN_ACCELERATORS = 10_000;
const NVL72_DEMO_ROWS = 2;
const NVL72_RACKS_PER_ROW = 8;
/** GB200 NVL72 draws about 120–132 kW at full load; racks are sold at 132 kW. */
const NVL72_RACK_BUDGET_KW = 132;
/** Liquid-to-liquid CDU per row, sized for its eight racks with a margin. */
const NVL72_ROW_CDU_KW = 1_400;
/** About 15 % of an NVL72's heat still leaves by air (power shelves, switch trays, fans). */
const NVL72_CRAH_KW = 250;
const GPUS_PER_TRAY = NVL72_GPUS / NVL72_COMPUTE_TRAYS;
/**
 * Where a GB200 compute tray's four GPUs enumerate: each Grace CPU has its own PCI domain, and its two
 * Blackwell GPUs sit on bus 01 of the two domains it owns (as nvidia-smi prints them on GB200 trays).
 */
export const GB200_PCI_BUS_IDS = ['00000008:01:00.0', '00000009:01:00.0', '00000018:01:00.0', '00000019:01:00.0'] as const;
const FIRMWARE = '97.00.8E.00.02';

/**
 * The demo's NVL72 story, by rack name (row R01/R02, rack 01–08). The telemetry of the hall adds an XID 79
 * in R01-02 and a wet tray leak detector in R01-07 (app/demo/nvl72-telemetry.ts).
 */
export const NVL72_DEMO_STORY = {
  /** A compute tray that failed: its four GPUs are out, the domain is degraded at 68/72. */
  failedTray: { rack: 'R01-04', tray: 5 },
  /** Three trays drained for maintenance: 60/72, below a 64-GPU job, so the domain is impaired. */
  offlineTrays: { rack: 'R02-03', trays: [2, 9, 14] },
  /** An NVLink switch tray pulled for RMA: 8/9 switch trays. */
  missingSwitchTray: { rack: 'R02-06', tray: 4 },
  /** Telemetry: GPU 1 of compute tray 7 reports XID 79 (fallen off the bus) late in the span. */
  xidGpu: { rack: 'R01-02', tray: 7, slot: 1 },
  /** Telemetry: compute tray 11's leak detector is wet at the latest reading. */
  leakTray: { rack: 'R01-07', tray: 11 },
} as const;

/** NVL72 racks the demo writes for a requested size: a whole hall, or none for small test demos. */
export function nvl72DemoRacks(accelerators: number): number {
  return accelerators >= NVL72_DEMO_MIN_ACCELERATORS ? NVL72_DEMO_ROWS * NVL72_RACKS_PER_ROW : 0;
}

/** Host names in the hall: `sin1-nvl1-r01-02-c07` (compute tray 7), `…-s04` (switch tray 4). */
export function nvl72Host(site: string, rack: string, kind: 'c' | 's' | 'ps', n: number): string {
  return `${site}-${NVL72_DEMO_HALL}-${rack}-${kind}${String(n).padStart(2, '0')}`.toLowerCase();
}

export interface DemoStatements {
  readonly insertRoom: Database.Statement;
  readonly insertRow: Database.Statement;
  readonly insertLoop: Database.Statement;
  readonly insertRack: Database.Statement;
  readonly insertCoolingUnit: Database.Statement;
  readonly insertSensor: Database.Statement;
  readonly insertDevice: Database.Statement;
}

export interface HallContext {
  readonly db: Db;
  readonly siteId: number;
  readonly siteCode: string;
  readonly ashraeClass: string;
  readonly random: Random;
  readonly statements: DemoStatements;
  typeId(slug: string): number;
  deviceSerial(slug: string): string;
  assetTag(): string;
  /** Next 13-digit GPU board serial. */
  boardSerial(): string;
  /** Called once per rack written. */
  tick(): void;
  readonly counts: { rooms: number; racks: number; devices: number; accelerators: number };
}

const ACCEL_MODEL = 'B200 (GB200) 186GB';

function trayStatus(rack: string, kind: 'c' | 's' | 'ps', n: number): string {
  const story = NVL72_DEMO_STORY;
  if (kind === 'c' && rack === story.failedTray.rack && n === story.failedTray.tray) return 'failed';
  if (kind === 'c' && rack === story.offlineTrays.rack && (story.offlineTrays.trays as readonly number[]).includes(n)) return 'offline';
  if (kind === 's' && rack === story.missingSwitchTray.rack && n === story.missingSwitchTray.tray) return 'missing';
  return 'active';
}

/**
 * Writes the NVL72 hall into the site: two rows of eight racks, an in-row CDU per row on its own loop,
 * CRAHs for the residual air load, inlet/outlet sensors per rack. Each compute tray carries two GB200
 * boards; the two GPUs of a board share its serial (`board_serial`), as nvidia-smi reports it.
 */
export function writeNvl72Hall(ctx: HallContext, racks: number): void {
  if (racks <= 0) return;
  const s = ctx.statements;
  const rows = Math.ceil(racks / NVL72_RACKS_PER_ROW);
  const width = HALL_MARGIN_X_TILES * 2 + 1 + NVL72_RACKS_PER_ROW;
  const depth = HALL_MARGIN_TOP_TILES + Math.ceil(rows / 2) * ROW_PAIR_PITCH_TILES + HALL_MARGIN_BOTTOM_TILES;
  const roomId = Number(s.insertRoom.run(ctx.siteId, NVL72_DEMO_HALL, width, depth, ctx.ashraeClass).lastInsertRowid);
  ctx.counts.rooms++;
  for (let x = HALL_MARGIN_X_TILES; x + 2 <= width - HALL_MARGIN_X_TILES; x += CRAH_PITCH_TILES) {
    const n = Math.floor(x / CRAH_PITCH_TILES) + 1;
    s.insertCoolingUnit.run(roomId, 'CRAH', `CRAH-N${n}`, x, 0, 2, 1, 'S', NVL72_CRAH_KW, null, ctx.deviceSerial('crah'));
    s.insertCoolingUnit.run(roomId, 'CRAH', `CRAH-S${n}`, x, depth - 1, 2, 1, 'N', NVL72_CRAH_KW, null, ctx.deviceSerial('crah'));
  }
  // GB200 GPUs carry their board's serial, not one of their own (see migration 013).
  const insertGpu = ctx.db.prepare(`INSERT INTO accelerators (device_id, slot, model, serial, uuid, pci_bus_id, firmware, status, board_serial)
      VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)`);
  const layout = nvl72Elevation();
  let left = racks;
  for (let rowIndex = 0; rowIndex < rows; rowIndex++) {
    const rowName = `R${String(rowIndex + 1).padStart(2, '0')}`;
    const rowId = Number(s.insertRow.run(roomId, rowName).lastInsertRowid);
    const facesSouth = rowIndex % 2 === 0;
    const y = HALL_MARGIN_TOP_TILES + Math.floor(rowIndex / 2) * ROW_PAIR_PITCH_TILES + (facesSouth ? 0 : RACK_DEPTH_TILES + AISLE_TILES);
    const facing = facesSouth ? 'S' : 'N';
    const inletY = facesSouth ? y + RACK_DEPTH_TILES : y;
    const outletY = facesSouth ? y : y + RACK_DEPTH_TILES;
    const loopId = Number(s.insertLoop.run(roomId, `TCS-${rowName}`, 'pg25').lastInsertRowid);
    s.insertCoolingUnit.run(roomId, 'CDU', `CDU-${rowName}`, HALL_MARGIN_X_TILES, y, 1, RACK_DEPTH_TILES, facing, NVL72_ROW_CDU_KW, loopId, ctx.deviceSerial('cdu'));
    const inRow = Math.min(NVL72_RACKS_PER_ROW, left);
    left -= inRow;
    for (let r = 0; r < inRow; r++) {
      const rack = `${rowName}-${String(r + 1).padStart(2, '0')}`;
      const x = HALL_MARGIN_X_TILES + 1 + r;
      const rackId = Number(s.insertRack.run(roomId, rowId, rack, x, y, facing, NVL72_RACK_BUDGET_KW, 'dlc', loopId, ctx.assetTag()).lastInsertRowid);
      ctx.counts.racks++;
      s.insertSensor.run(roomId, rackId, `${rack}-INLET`, 'temp_humidity', 'inlet', x + 0.5, inletY);
      s.insertSensor.run(roomId, rackId, `${rack}-OUTLET`, 'temperature', 'outlet', x + 0.5, outletY);
      for (const part of layout) {
        const host = part.kind === 'ps' ? null : nvl72Host(ctx.siteCode, rack, part.kind, part.n);
        const status = trayStatus(rack, part.kind, part.n);
        const deviceId = Number(s.insertDevice.run(rackId, ctx.typeId(part.slug), part.u, 'front', part.role, host, ctx.deviceSerial(part.slug), ctx.assetTag(), status).lastInsertRowid);
        ctx.counts.devices++;
        if (part.kind !== 'c') continue;
        let board = '';
        for (let slot = 0; slot < GPUS_PER_TRAY; slot++) {
          if (slot % 2 === 0) board = ctx.boardSerial();
          insertGpu.run(deviceId, slot, ACCEL_MODEL, ctx.random.gpuUuid(), GB200_PCI_BUS_IDS[slot] ?? null, FIRMWARE, status === 'failed' ? 'failed' : 'ok', board);
          ctx.counts.accelerators++;
        }
      }
      ctx.tick();
    }
  }
}
