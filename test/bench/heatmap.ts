import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../../app/db/open';
import { autoRadiusTiles } from '../../app/heatmap/field';
import { inletScale } from '../../app/heatmap/color';
import { ASHRAE_ENVELOPES } from '../../app/heatmap/bands';
import { Random } from '../../app/demo/random';
import { runFloorwalk } from '../support/cli';
import { openBrowser, startConsole } from '../support/console';
import { REPO_ROOT } from '../support/temp';
import type { FieldJob, FieldResult } from '../../renderer/heatmap/worker-protocol';
import { formatMs, percentiles } from './stats';

/** Issue 6's figures: the field goal (500 × 300 cells from 5,000 points < 50 ms, in a worker) and slider scrubbing (≥ 30 fps). */
const FIELD_COLS = 500;
const FIELD_ROWS = 300;
const FIELD_POINTS = 5000;
const CELLS_PER_TILE = 5;
const FIELD_RUNS = 25;
const WIDE_RADIUS_TILES = 6;
const SCRUB_MS = 4000;
const SCRUB_ACCELERATORS = 4000;

/**
 * The renderer's own worker bundle (dist/renderer/heatmap-worker.js, built from renderer/heatmap/worker.ts)
 * run in a worker_thread: `self` is the thread's global, messages go through parentPort, and the bundle
 * (an ES module, as the browser loads it) is imported from a data: URL. What is timed is exactly what the
 * UI runs.
 */
const WORKER_SHIM = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
import('data:text/javascript;base64,' + fs.readFileSync(workerData.file).toString('base64')).then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: String(error) }),
);
`;

function fieldJob(id: number, radiusTiles: number): FieldJob {
  const random = new Random(17);
  const xs = new Float64Array(FIELD_POINTS);
  const ys = new Float64Array(FIELD_POINTS);
  const values = new Float64Array(FIELD_POINTS);
  const width = FIELD_COLS / CELLS_PER_TILE;
  const depth = FIELD_ROWS / CELLS_PER_TILE;
  for (let i = 0; i < FIELD_POINTS; i++) {
    xs[i] = random.next() * width;
    ys[i] = random.next() * depth;
    // A warm band across the hall and sensor noise (±0.3 °C): realistic isolines, not a flat field.
    values[i] = 21 + 6 * Math.exp(-(((xs[i] as number) - width * 0.6) ** 2) / 200) + (random.next() - 0.5) * 0.6;
  }
  const scale = inletScale(ASHRAE_ENVELOPES.A1);
  return {
    id,
    widthTiles: width,
    depthTiles: depth,
    cellsPerTile: CELLS_PER_TILE,
    radiusTiles,
    maskKey: 'bench',
    closed: [],
    xs,
    ys,
    values,
    stops: scale.stops,
    lo: scale.lo,
    hi: scale.hi,
    levels: 'auto',
    alpha: 225,
  };
}

async function benchField(workerFile: string, radiusTiles: number): Promise<{ field: number[]; total: number[]; roundTrip: number[] }> {
  const worker = new Worker(WORKER_SHIM, { eval: true, workerData: { file: workerFile } });
  const loaded = await new Promise<{ ready: boolean; error?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (!loaded.ready) throw new Error(`the heatmap worker bundle did not load: ${loaded.error ?? 'unknown error'}`);
  const field: number[] = [];
  const total: number[] = [];
  const roundTrip: number[] = [];
  try {
    let waiting: { resolve: (result: FieldResult) => void; reject: (error: Error) => void } | null = null;
    worker.on('message', (message: FieldResult | { error: string }) => ('error' in message ? waiting?.reject(new Error(message.error)) : waiting?.resolve(message)));
    worker.on('error', (error) => waiting?.reject(error));
    for (let run = 0; run < FIELD_RUNS + 3; run++) {
      const job = fieldJob(run, radiusTiles);
      const started = performance.now();
      const result = await new Promise<FieldResult>((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage(job);
      });
      if (result.cols !== FIELD_COLS || result.rows !== FIELD_ROWS) throw new Error(`the worker computed ${result.cols} × ${result.rows}, not ${FIELD_COLS} × ${FIELD_ROWS}`);
      // The first runs warm the JIT up, as the UI's first frames do.
      if (run < 3) continue;
      field.push(result.fieldMs);
      total.push(result.totalMs);
      roundTrip.push(performance.now() - started);
    }
  } finally {
    await worker.terminate();
  }
  return { field, total, roundTrip };
}

interface ScrubFigures {
  readonly frames: number;
  readonly ms: number;
  readonly inSync: number;
  readonly worstMs: number;
  readonly draws: number;
  readonly stops: number;
}

async function benchScrub(): Promise<{ prefetch: { stops: number; ms: number }; scrub: ScrubFigures }> {
  const server = await startConsole({ accelerators: SCRUB_ACCELERATORS, seed: 7 });
  const browser = await openBrowser();
  try {
    const dir = path.join(server.dir, 'telemetry');
    const written = runFloorwalk(['--db', server.dbPath, 'demo', '--telemetry-out', dir]);
    if (written.code !== 0) throw new Error(`demo --telemetry-out failed: ${written.stderr}`);
    const imported = runFloorwalk(['--db', server.dbPath, 'import', 'telemetry', ...fs.readdirSync(dir).map((f) => path.join(dir, f))]);
    if (imported.code !== 0) throw new Error(`import telemetry failed: ${imported.stderr}`);
    const db = openDatabase(server.dbPath, { readonly: true });
    const roomId = db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1' AND rm.name = 'DH1'").pluck().get() as number;
    db.close();

    const { page } = browser;
    const url = new URL(server.url);
    await page.goto(`${url.origin}/#/room/${roomId}&${url.hash.slice(1)}`);
    const opened = performance.now();
    await page.getByRole('tab', { name: 'Heatmap' }).click();
    await page.getByTestId('heatmap-view').waitFor();
    // Every stop fetched from the core and painted by the worker (the view prefetches them all).
    await page.waitForFunction(
      () => {
        const slider = document.querySelector<HTMLElement>('.hm-slider');
        return slider !== null && Number(slider.dataset['stops']) > 0 && slider.dataset['ready'] === slider.dataset['stops'];
      },
      undefined,
      { timeout: 120_000 },
    );
    const prefetchMs = performance.now() - opened;
    const scrub = await page.evaluate(async (durationMs: number) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="heatmap-slider"]');
      const view = document.querySelector<HTMLElement>('[data-testid="heatmap-view"]');
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="heatmap-canvas"]');
      // React's onChange on a range input listens for 'input' events; set the value as a user would.
      const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
      if (!input || !view || !canvas || !descriptor?.set) throw new Error('the heatmap is not on the page');
      const setValue = (value: string): void => descriptor.set?.call(input, value);
      const stops = Number(input.max) + 1;
      const drawsBefore = Number(canvas.dataset['frames'] ?? 0);
      return await new Promise<{ frames: number; ms: number; inSync: number; worstMs: number; draws: number; stops: number }>((resolve) => {
        let frames = 0;
        let inSync = 0;
        let worstMs = 0;
        let index = 0;
        const started = performance.now();
        let last = started;
        const tick = (now: number): void => {
          frames++;
          worstMs = Math.max(worstMs, now - last);
          last = now;
          if (view.dataset['shownIndex'] === view.dataset['index']) inSync++;
          index = (index + 1) % stops;
          setValue(String(index));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          if (now - started < durationMs) requestAnimationFrame(tick);
          else resolve({ frames, ms: now - started, inSync, worstMs, draws: Number(canvas.dataset['frames'] ?? 0) - drawsBefore, stops });
        };
        requestAnimationFrame(tick);
      });
    }, SCRUB_MS);
    return { prefetch: { stops: scrub.stops, ms: prefetchMs }, scrub };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function benchHeatmap(_dir: string): Promise<string[]> {
  const workerFile = path.join(REPO_ROOT, 'dist', 'renderer', 'heatmap-worker.js');
  if (!fs.existsSync(workerFile)) throw new Error(`${workerFile} is missing; run npm run build first`);
  const lines: string[] = [];
  const auto = autoRadiusTiles(FIELD_POINTS, (FIELD_COLS / CELLS_PER_TILE) * (FIELD_ROWS / CELLS_PER_TILE));
  for (const radius of [auto, WIDE_RADIUS_TILES]) {
    const r = await benchField(workerFile, radius);
    const field = percentiles(r.field);
    const total = percentiles(r.total);
    const trip = percentiles(r.roundTrip);
    lines.push(
      `field ${FIELD_COLS}×${FIELD_ROWS} from ${FIELD_POINTS.toLocaleString('en-US')} points, radius ${radius} tiles${radius === auto ? ' (auto)' : ''}, in a worker_thread: ` +
        `median ${formatMs(field.median)}, p95 ${formatMs(field.p95)} (goal < 50 ms); with colour + isolines ${formatMs(total.median)}, round trip ${formatMs(trip.median)} (${FIELD_RUNS} runs)`,
    );
  }
  const { prefetch, scrub } = await benchScrub();
  const fps = (scrub.frames * 1000) / scrub.ms;
  const drawFps = (scrub.draws * 1000) / scrub.ms;
  lines.push(
    `slider scrubbing in headless Chromium (PHX1/DH1, demo telemetry, ${scrub.stops} stops): ${fps.toFixed(1)} fps while moving one stop per frame (goal ≥ 30), ` +
      `map redrawn at ${drawFps.toFixed(1)} fps, ${Math.round((scrub.inSync / scrub.frames) * 100)} % of frames showed the slider's stop, worst frame gap ${formatMs(scrub.worstMs)}`,
    `all ${prefetch.stops} stops fetched and painted in ${(prefetch.ms / 1000).toFixed(1)} s after opening the tab`,
  );
  return lines;
}
