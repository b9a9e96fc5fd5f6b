import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../app/db/open';
import { generateDemo } from '../../app/demo/generate';
import { importTelemetry } from '../../app/telemetry/import';

/**
 * `npm run bench:import`: issue 5's figures. Writes a 2,000,000-row long-format telemetry file for GPUs and
 * racks of a demo inventory (ISO times, units to convert: °F inlet temperatures, kW rack power), imports it
 * with Floorwalk in a child process (rows/s, peak RSS), then times the sqlite3 shell's `.import --csv` of the
 * same file into a typed table in WAL mode, and prints the ratio. Nothing is asserted; the figures are read.
 */

const ROWS = Number(process.env['FLOORWALK_BENCH_ROWS'] ?? 2_000_000);
const DEMO_ACCELERATORS = 20_000;
const GPUS_IN_FILE = 1_600;
const RACKS_IN_FILE = 100;
const STEP_MS = 60_000;
const START_MS = Date.UTC(2026, 6, 14, 6, 0, 0);
const WRITE_CHUNK_CHARS = 4 * 1024 * 1024;

interface ChildFigures {
  readonly seconds: number;
  readonly maxRssBytes: number;
  readonly rows: number;
  readonly readings: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly unmatched: number;
}

/** Generates the file, streaming, and returns its size. */
function writeFile(file: string, dbFile: string): number {
  const db = openDatabase(dbFile);
  const uuids = db.prepare('SELECT uuid FROM accelerators ORDER BY id LIMIT ?').pluck().all(GPUS_IN_FILE) as string[];
  const racks = db
    .prepare(`SELECT s.code || '/' || rm.name || '/' || r.name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id ORDER BY r.id LIMIT ?`)
    .pluck()
    .all(RACKS_IN_FILE) as string[];
  db.close();
  const fd = fs.openSync(file, 'w');
  let buffer = 'timestamp,target,metric,value,unit\n';
  let rows = 0;
  let seed = 12345;
  const noise = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let step = 0; rows < ROWS; step++) {
    const at = new Date(START_MS + step * STEP_MS).toISOString();
    for (let g = 0; g < uuids.length && rows < ROWS; g++) {
      const uuid = uuids[g] as string;
      const load = 0.6 + 0.4 * noise();
      buffer += `${at},${uuid},gpu_temp_c,${(45 + 30 * load).toFixed(1)},C\n`;
      buffer += `${at},${uuid},gpu_power_w,${(300 + 400 * load).toFixed(2)},W\n`;
      buffer += `${at},${uuid},hbm_temp_c,${(40 + 35 * load).toFixed(1)},C\n`;
      buffer += `${at},${uuid},gpu_util_pct,${Math.round(100 * load)},%\n`;
      buffer += `${at},${uuid},sm_clock_mhz,${1980 - Math.round(300 * noise() * noise())},MHz\n`;
      rows += 5;
      if (buffer.length > WRITE_CHUNK_CHARS) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    for (let r = 0; r < racks.length && rows < ROWS; r++) {
      buffer += `${at},${racks[r] as string},inlet_temp_c,${(72 + 8 * noise()).toFixed(1)},°F\n`;
      buffer += `${at},${racks[r] as string},rack_power_w,${(30 + 15 * noise()).toFixed(2)},kW\n`;
      rows += 2;
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

/** The import as the CLI runs it, alone in its process, so its peak RSS is its own. */
async function childImport(file: string, dbFile: string): Promise<void> {
  const db = openDatabase(dbFile);
  const started = performance.now();
  const result = await importTelemetry(db, { source: { path: file } }, { actor: 'bench' });
  const seconds = (performance.now() - started) / 1000;
  db.close();
  const figures: ChildFigures = {
    seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rows: result.rows,
    readings: result.readings,
    duplicates: result.duplicates,
    rejected: result.rejected,
    unmatched: result.unmatchedTargets,
  };
  process.stdout.write(JSON.stringify(figures));
}

function runChild(file: string, dbFile: string): ChildFigures {
  const child = spawnSync(process.execPath, [__filename, '--child-import', file, dbFile], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ChildFigures;
}

function sqliteImport(file: string, dir: string): number | null {
  const dbFile = path.join(dir, 'sqlite-shell.db');
  const script = [
    'PRAGMA journal_mode=WAL;',
    'CREATE TABLE readings (timestamp TEXT, target TEXT, metric TEXT, value REAL, unit TEXT);',
    `.import --csv --skip 1 '${file.replace(/'/g, "''")}' readings`,
    'SELECT count(*) FROM readings;',
  ].join('\n');
  const started = performance.now();
  const run = spawnSync('sqlite3', [dbFile], { input: script, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (run.error || run.status !== 0) {
    process.stderr.write(`sqlite3 shell not usable (${run.error?.message ?? run.stderr.trim()}); install it (apt-get install sqlite3) for the ratio\n`);
    return null;
  }
  return seconds;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child-import') {
    await childImport(process.argv[3] ?? '', process.argv[4] ?? '');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floorwalk-bench-import-'));
  try {
    const dbFile = path.join(dir, 'bench.db');
    const db = openDatabase(dbFile, { create: true });
    generateDemo(db, { accelerators: DEMO_ACCELERATORS, seed: 7 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = path.join(dir, 'telemetry-long.csv');
    const t0 = performance.now();
    const bytes = writeFile(file, dbFile);
    const line = (text: string): boolean => process.stdout.write(`  ${text}\n`);
    process.stdout.write('\n== telemetry import\n');
    line(`file: ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB (long format, ${GPUS_IN_FILE} GPUs + ${RACKS_IN_FILE} racks of a ${DEMO_ACCELERATORS.toLocaleString('en-US')}-GPU demo), written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const first = runChild(file, dbFile);
    line(
      `floorwalk import: ${first.seconds.toFixed(2)} s, ${Math.round(first.rows / first.seconds).toLocaleString('en-US')} rows/s, peak RSS ${(first.maxRssBytes / 1024 / 1024).toFixed(0)} MiB (goal < 250 MB); ` +
        `${first.readings.toLocaleString('en-US')} readings, ${first.rejected} rejected, ${first.unmatched} unmatched targets`,
    );
    const again = runChild(file, dbFile);
    line(`re-import of the same file: ${again.seconds.toFixed(2)} s, ${again.readings} new readings, ${again.duplicates.toLocaleString('en-US')} duplicates ignored, peak RSS ${(again.maxRssBytes / 1024 / 1024).toFixed(0)} MiB`);
    const sqlite = sqliteImport(file, dir);
    if (sqlite !== null) {
      line(`sqlite3 shell .import --csv (typed table, WAL): ${sqlite.toFixed(2)} s, ${Math.round(ROWS / sqlite).toLocaleString('en-US')} rows/s`);
      line(`ratio floorwalk / sqlite3: ${(first.seconds / sqlite).toFixed(2)} (goal ≤ 1.0)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
