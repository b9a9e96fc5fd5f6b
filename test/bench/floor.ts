import os from 'node:os';
import path from 'node:path';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { openDatabase, type Db } from '../../app/db/open';
import { floorData } from '../../app/floor/data';
import { Random } from '../../app/demo/random';
import { openBrowser, startConsole } from '../support/console';
import { formatMs, percentiles } from './stats';

/** Issue 4's hall: 50 rows of 100 racks, in facing pairs with cold and hot aisles between them. */
export const FLOOR_BENCH_ROWS = 50;
export const FLOOR_BENCH_RACKS_PER_ROW = 100;
const MARGIN_TILES = 4;
const ROW_PITCH_TILES = 4; // 2 deep + a 2-tile aisle
const INTERACTION_MS = 2500;
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
export async function buildHall(file: string): Promise<{ roomId: number; racks: number; devices: number; gpus: number; seconds: number }> {
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
        });
        return;
      }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

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

  const db = openDatabase(file, { readonly: true });
  const queryTimes: number[] = [];
  let json = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const data = floorData(db, hall.roomId);
    queryTimes.push(performance.now() - t0);
    json = JSON.stringify(data).length;
  }
  db.close();
  lines.push(`floor.data in the core for ${hall.racks.toLocaleString('en-US')} racks: median ${formatMs(percentiles(queryTimes).median)} over 5 runs, ${(json / 1024).toFixed(0)} KiB as JSON`);

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
          const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/floor.data')) as PerformanceResourceTiming | undefined;
          return { fromData: firstFrameAt - dataAt, fromNavigation: firstFrameAt, request: entry ? entry.responseEnd - entry.startTime : Number.NaN };
        }),
      );
    }
    const best = (pick: (f: (typeof firsts)[number]) => number): number => percentiles(firsts.map(pick)).median;
    lines.push(
      `first paint (median of 3 loads): data arrival → first frame ${formatMs(best((f) => f.fromData))} (goal < 300 ms); navigation → first frame ${formatMs(best((f) => f.fromNavigation))}, of which the floor.data request ${formatMs(best((f) => f.request))}`,
    );

    const result = await page.evaluate(interact, INTERACTION_MS);
    const fps = (result.frames / result.intervals.reduce((a, b) => a + b, 0)) * 1000;
    const { median, p95 } = percentiles(result.intervals);
    lines.push(
      `pan/zoom over ${(INTERACTION_MS / 1000).toFixed(1)} s (one wheel or drag step per frame): ${fps.toFixed(1)} fps, frame interval median ${formatMs(median)} p95 ${formatMs(p95)}; ` +
        `${result.draws} redraws, ${formatMs(result.draws > 0 ? result.drawMs / result.draws : Number.NaN)} per draw (goal ≥ 50 fps; headless Chromium, --disable-gpu software raster, 2 cores)`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
  return lines;
}
