import os from 'node:os';
import path from 'node:path';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { openDatabase, type Db } from '../../app/db/open';
import { floorData } from '../../app/floor/data';
import { packFloorData } from '../../app/floor/packed';
import { Random } from '../../app/demo/random';
import { openBrowser, startConsole } from '../support/console';
import { formatMs, percentiles } from './stats';

/** Issue 4's hall: 50 rows of 100 racks, in facing pairs with cold and hot aisles between them. */
export const FLOOR_BENCH_ROWS = 50;
export const FLOOR_BENCH_RACKS_PER_ROW = 100;
const MARGIN_TILES = 4;
const ROW_PITCH_TILES = 4; // 2 deep + a 2-tile aisle
const INTERACTION_MS = 2500;
const CORE_RUNS = 9;
/** A zoom at which every rack of the hall shows its number: the most text a frame draws. */
const LABELLED_TILE_PX = 12;
const VIEWPORT = { width: 1440, height: 900 };

/** The map route the console opens a room's floor map on. */
export function floorRoute(roomId: number): string {
  return `#/room/${roomId}/floor`;
}

/**
 * Builds the hall through the core (site.create, room.create, then one row.addRacks per row, as a
 * technician's "add a row" gesture), then fills racks with GPU servers straight in SQL so the colours
 * vary: what is measured is the map, not the inventory writes.
 */
async function buildHall(file: string): Promise<{ roomId: number; racks: number; devices: number; gpus: number; seconds: number }> {
  const started = performance.now();
  const db: Db = openDatabase(file, { create: true });
  try {
    const ctx: HandlerContext = { db, dbPath: file, actor: 'floorwalk bench' };
    const site = await callLocal(ctx, 'site.create', { fields: { code: 'BNCH', name: 'Bench campus', timezone: 'UTC' } });
    const room = await callLocal(ctx, 'room.create', {
      fields: {
        siteId: site.id,
        name: 'DH5K',
        widthTiles: FLOOR_BENCH_RACKS_PER_ROW + MARGIN_TILES * 2,
        depthTiles: FLOOR_BENCH_ROWS * ROW_PITCH_TILES + MARGIN_TILES * 2,
        ashraeClass: 'A2',
      },
    });
    for (let r = 0; r < FLOOR_BENCH_ROWS; r++) {
      const name = `R${String(r + 1).padStart(2, '0')}`;
      await callLocal(ctx, 'row.addRacks', {
        roomId: room.id,
        row: name,
        gridX: MARGIN_TILES,
        gridY: MARGIN_TILES + r * ROW_PITCH_TILES,
        direction: 'E',
        count: FLOOR_BENCH_RACKS_PER_ROW,
        facing: r % 2 === 0 ? 'S' : 'N',
        namePrefix: `${name}-`,
        powerBudgetKw: 45,
        cooling: r % 4 < 2 ? 'rdhx' : 'air',
      });
    }
    const random = new Random(11);
    const serverType = db.prepare("SELECT id FROM device_types WHERE slug = 'dgx-h100'").pluck().get() as number;
    const rackIds = db.prepare('SELECT id FROM racks WHERE room_id = ? ORDER BY id').pluck().all(room.id) as number[];
    const insertDevice = db.prepare("INSERT INTO devices (rack_id, type_id, u_position, role, status) VALUES (?, ?, ?, 'gpu-node', ?)");
    const insertGpu = db.prepare("INSERT INTO accelerators (device_id, slot, model, status) VALUES (?, ?, 'H100 SXM5 80GB', ?)");
    let devices = 0;
    let gpus = 0;
    db.transaction(() => {
      for (const rackId of rackIds) {
        const servers = random.int(0, 5);
        for (let n = 0; n < servers; n++) {
          const deviceId = Number(insertDevice.run(rackId, serverType, 3 + n * 8, random.next() < 0.01 ? 'failed' : 'active').lastInsertRowid);
          devices++;
          for (let slot = 0; slot < 8; slot++) {
            insertGpu.run(deviceId, slot, random.next() < 0.003 ? 'degraded' : 'ok');
            gpus++;
          }
        }
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { roomId: room.id, racks: rackIds.length, devices, gpus, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

interface InteractionResult {
  frames: number;
  intervals: number[];
  draws: number;
  drawMs: number;
  /** Frames that drew the static layer afresh instead of moving its cached bitmap. */
  layerDraws: number;
}

/**
 * Runs inside the page: for INTERACTION_MS, one synthetic input per animation frame — wheel zooms in,
 * then out, then a mouse drag pans — so every frame has to be redrawn. Frame times come from
 * requestAnimationFrame; draw counts and draw time from the map's own counters.
 */
function interact(durationMs: number): Promise<InteractionResult> {
  const canvas = document.querySelector<HTMLCanvasElement>('canvas.floor-canvas');
  if (!canvas) throw new Error('no floor canvas');
  const rect = canvas.getBoundingClientRect();
  const cx = rect.left + rect.width / 2;
  const cy = rect.top + rect.height / 2;
  // The left edge is outside the room at fit scale: empty floor, so d3-zoom pans instead of dragging a rack.
  const panX = rect.left + 8;
  const panY = rect.top + rect.height / 2;
  const framesBefore = Number(canvas.dataset['frames'] ?? 0);
  const drawBefore = Number(canvas.dataset['drawMsTotal'] ?? 0);
  const layerBefore = Number(canvas.dataset['layerDraws'] ?? 0);
  const mouse = (type: string, x: number, y: number): MouseEvent => new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, view: window, button: 0, buttons: type === 'mouseup' ? 0 : 1 });
  return new Promise((resolve) => {
    const times: number[] = [];
    let start = -1;
    let panning = false;
    const step = (now: number): void => {
      if (start < 0) start = now;
      times.push(now);
      const t = now - start;
      if (t < durationMs * 0.3) {
        canvas.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: -60, bubbles: true, cancelable: true, view: window }));
      } else if (t < durationMs * 0.6) {
        canvas.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: 60, bubbles: true, cancelable: true, view: window }));
      } else if (t < durationMs) {
        const dx = (t - durationMs * 0.6) * 0.4;
        if (!panning) {
          canvas.dispatchEvent(mouse('mousedown', panX, panY));
          panning = true;
        }
        window.dispatchEvent(mouse('mousemove', panX + dx, panY + dx * 0.3));
      } else {
        window.dispatchEvent(mouse('mouseup', panX, panY));
        const intervals = times.slice(1).map((v, i) => v - (times[i] ?? v));
        resolve({
          frames: times.length - 1,
          intervals,
          draws: Number(canvas.dataset['frames'] ?? 0) - framesBefore,
          drawMs: Number(canvas.dataset['drawMsTotal'] ?? 0) - drawBefore,
          layerDraws: Number(canvas.dataset['layerDraws'] ?? 0) - layerBefore,
        });
        return;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

/** Runs inside the page: animation-frame intervals with nothing to draw, the ceiling the machine allows now. */
function idleFrames(durationMs: number): Promise<number[]> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const step = (now: number): void => {
      times.push(now);
      if (now - (times[0] ?? now) < durationMs) requestAnimationFrame(step);
      else resolve(times.slice(1).map((v, i) => v - (times[i] ?? v)));
    };
    requestAnimationFrame(step);
  });
}

/**
 * Runs inside the page: one wheel step at the middle of the map to `targetK` px per tile, then waits for the
 * map to settle (redraw crisp, with every label) and returns how long that last frame took and the zoom.
 */
function settleAt(targetK: number): Promise<{ k: number; ms: number; layerDraws: number }> {
  const canvas = document.querySelector<HTMLCanvasElement>('canvas.floor-canvas');
  if (!canvas) throw new Error('no floor canvas');
  const rect = canvas.getBoundingClientRect();
  const k = Number(canvas.dataset['k']);
  const layerBefore = Number(canvas.dataset['layerDraws'] ?? 0);
  // d3-zoom scales by 2^(-deltaY · 0.002) per wheel event in pixel mode.
  const deltaY = -Math.log2(targetK / k) / 0.002;
  canvas.dispatchEvent(new WheelEvent('wheel', { clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2, deltaY, bubbles: true, cancelable: true, view: window }));
  return new Promise((resolve) => {
    window.setTimeout(() => {
      resolve({ k: Number(canvas.dataset['k']), ms: Number(canvas.dataset['lastDrawMs']), layerDraws: Number(canvas.dataset['layerDraws'] ?? 0) - layerBefore });
    }, 800);
  });
}

const fpsOf = (intervals: readonly number[]): number => (intervals.length / intervals.reduce((a, b) => a + b, 0)) * 1000;
const load = (): string => `load ${os.loadavg()[0]?.toFixed(1)}`;

/**
 * Issue 4's figures: a 5,000-rack room; the core's floor query; first paint in headless Chromium (from the
 * data's arrival to the first frame drawn, and from navigation); pan/zoom frame rate over a scripted
 * 2.5 s interaction. Debian's Chromium runs with --disable-gpu: software raster on this machine's 2 cores.
 */
export async function benchFloor(dir: string): Promise<string[]> {
  const file = path.join(dir, 'bench-floor-5k.db');
  const hall = await buildHall(file);
  const lines = [
    // Other work on this 2-core machine slows every figure below; the load says how much was going on.
    `machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)} (1 min) at start`,
    `5,000-rack room built through the core (site.create, room.create, ${FLOOR_BENCH_ROWS} × row.addRacks) plus ${hall.devices.toLocaleString('en-US')} servers / ${hall.gpus.toLocaleString('en-US')} GPUs in SQL: ${hall.seconds.toFixed(1)} s`,
  ];

  // Opened as the console's database worker opens it (read-write: migrations, its 64 MiB page cache).
  const db = openDatabase(file);
  const queryTimes: number[] = [];
  const packTimes: number[] = [];
  let json = 0;
  let packedJson = 0;
  for (let i = 0; i < CORE_RUNS; i++) {
    const t0 = performance.now();
    const data = floorData(db, hall.roomId);
    const t1 = performance.now();
    const packed = packFloorData(data);
    packTimes.push(performance.now() - t1);
    queryTimes.push(t1 - t0);
    json = JSON.stringify(data).length;
    packedJson = JSON.stringify(packed).length;
  }
  db.close();
  lines.push(
    `floor.data in the core for ${hall.racks.toLocaleString('en-US')} racks: median ${formatMs(percentiles(queryTimes).median)} over ${CORE_RUNS} runs (the first, cold: ${formatMs(queryTimes[0] ?? Number.NaN)}), ` +
      `${(json / 1024).toFixed(0)} KiB as JSON; floor.map, the map's request with the racks in columns: + ${formatMs(percentiles(packTimes).median)} to pack, ${(packedJson / 1024).toFixed(0)} KiB as JSON (${load()})`,
  );

  const server = await startConsole({ dbPath: file });
  const browser = await openBrowser(VIEWPORT);
  try {
    const { page } = browser;
    const firsts: Array<{ fromData: number; fromNavigation: number; request: number }> = [];
    for (let run = 0; run < 3; run++) {
      await page.goto('about:blank');
      await page.goto(`${server.url.replace(/#.*$/, '')}${floorRoute(hall.roomId)}&${server.url.replace(/^[^#]*#/, '')}`);
      await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]', { timeout: 60_000 });
      firsts.push(
        await page.evaluate(() => {
          const canvas = document.querySelector<HTMLCanvasElement>('canvas.floor-canvas');
          const dataAt = Number(canvas?.dataset['dataAt']);
          const firstFrameAt = Number(canvas?.dataset['firstFrameAt']);
          const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/floor.map')) as PerformanceResourceTiming | undefined;
          return { fromData: firstFrameAt - dataAt, fromNavigation: firstFrameAt, request: entry ? entry.responseEnd - entry.startTime : Number.NaN };
        }),
      );
    }
    const best = (pick: (f: (typeof firsts)[number]) => number): number => percentiles(firsts.map(pick)).median;
    lines.push(
      `first paint (median of 3 loads): data arrival → first frame ${formatMs(best((f) => f.fromData))} (goal < 300 ms); navigation → first frame ${formatMs(best((f) => f.fromNavigation))}, ` +
        `of which the floor.map request ${formatMs(best((f) => f.request))} (${load()})`,
    );

    const idle = await page.evaluate(idleFrames, 1000);
    const result = await page.evaluate(interact, INTERACTION_MS);
    const { median, p95 } = percentiles(result.intervals);
    lines.push(
      `pan/zoom over ${(INTERACTION_MS / 1000).toFixed(1)} s (one wheel or drag step per frame): ${fpsOf(result.intervals).toFixed(1)} fps, frame interval median ${formatMs(median)} p95 ${formatMs(p95)}; ` +
        `${result.draws} redraws, ${formatMs(result.draws > 0 ? result.drawMs / result.draws : Number.NaN)} per draw, ${result.layerDraws} of them drawing the racks afresh ` +
        `(goal ≥ 50 fps; headless Chromium, --disable-gpu software raster, 2 cores; an empty animation loop ran at ${fpsOf(idle).toFixed(1)} fps just before; ${load()})`,
    );

    // Mid-zoom frames leave the racks' names out; the frame after the gesture draws them all, crisp.
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('button[title^="Fit"]')?.click());
    await page.waitForTimeout(600);
    const settled = await page.evaluate(settleAt, LABELLED_TILE_PX);
    lines.push(`crisp redraw once a zoom settles, at ${settled.k.toFixed(1)} px per tile (every rack in view labelled): ${formatMs(settled.ms)} (${load()})`);
  } finally {
    await browser.close();
    await server.stop();
  }
  return lines;
}
