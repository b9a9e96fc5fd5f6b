import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../app/db/open';
import { generateDemo } from '../../app/demo/generate';
import { importTelemetry } from '../../app/telemetry/import';
import type { TelemetryFormat } from '../../app/telemetry/types';
import { benchInventory, writeCdu, writeDcgmCsv, writeDcgmText, writeGrafana, writeLong, writeNvidiaSmi, writeRackEnv, type BenchInventory, type WrittenFile } from './import-files';

/**
 * `npm run bench:import`: issue 10's figures. For each format (nvidia-smi, DCGM text, DCGM CSV, rack/PDU,
 * CDU, long, Grafana) it writes a file from a demo inventory's GPUs, racks and CDUs, imports it with
 * Floorwalk in a child process (rows/s, readings/s, peak RSS), then times the sqlite3 shell's
 * `.import --csv` of the same file into a typed table in WAL mode, and prints the ratio. Nothing is
 * asserted; the figures are read. `FLOORWALK_BENCH_FORMATS=nvidia-smi,long` runs some formats,
 * `FLOORWALK_BENCH_SCALE=0.1` shrinks every file, `FLOORWALK_BENCH_PROF=DIR` writes a CPU profile per import.
 */

const DEMO_ACCELERATORS = 20_000;
const SCALE = Number(process.env['FLOORWALK_BENCH_SCALE'] ?? 1);

interface BenchFormat {
  readonly name: string;
  readonly format: TelemetryFormat;
  readonly file: string;
  readonly rows: number;
  readonly write: (file: string, inv: BenchInventory, rows: number) => WrittenFile;
}

const FORMATS: readonly BenchFormat[] = [
  { name: 'nvidia-smi', format: 'nvidia-smi', file: 'nvsmi.csv', rows: 1_000_000, write: writeNvidiaSmi },
  { name: 'dcgm-text', format: 'dcgm-prometheus', file: 'dcgm.prom', rows: 2_000_000, write: writeDcgmText },
  { name: 'dcgm-csv', format: 'dcgm-csv', file: 'dcgm.csv', rows: 1_000_000, write: writeDcgmCsv },
  { name: 'rack-pdu', format: 'rack-env', file: 'rack-env.csv', rows: 1_000_000, write: writeRackEnv },
  { name: 'cdu', format: 'cdu', file: 'cdu.csv', rows: 500_000, write: writeCdu },
  { name: 'long', format: 'long', file: 'telemetry-long.csv', rows: 2_000_000, write: writeLong },
  { name: 'grafana', format: 'grafana', file: 'grafana.csv', rows: 2_000_000, write: writeGrafana },
];

interface ChildFigures {
  readonly seconds: number;
  readonly maxRssBytes: number;
  readonly rows: number;
  readonly readings: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly skipped: number;
  readonly unmatched: number;
  readonly balanced: boolean;
}

/** The import as the CLI runs it, alone in its process, so its peak RSS is its own. */
async function childImport(file: string, dbFile: string, format: TelemetryFormat): Promise<void> {
  const db = openDatabase(dbFile);
  const started = performance.now();
  const result = await importTelemetry(db, { source: { path: file }, format }, { actor: 'bench' });
  const seconds = (performance.now() - started) / 1000;
  db.close();
  const figures: ChildFigures = {
    seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    rows: result.rows,
    readings: result.readings,
    duplicates: result.duplicates,
    rejected: result.rejected,
    skipped: result.skipped,
    unmatched: result.unmatchedTargets,
    balanced: result.ledger.balanced,
  };
  process.stdout.write(JSON.stringify(figures));
}

function runChild(file: string, dbFile: string, format: TelemetryFormat): ChildFigures {
  const prof = process.env['FLOORWALK_BENCH_PROF'];
  const flags = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  const child = spawnSync(process.execPath, [...flags, __filename, '--child-import', file, dbFile, format], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as ChildFigures;
}

function sqliteImport(file: string, dir: string, written: WrittenFile, hasHeader: boolean): number | null {
  const dbFile = path.join(dir, 'sqlite-shell.db');
  fs.rmSync(dbFile, { force: true });
  fs.rmSync(`${dbFile}-wal`, { force: true });
  const columns = written.columns.map((c) => `"${c.name}" ${c.real ? 'REAL' : 'TEXT'}`).join(', ');
  const script = [
    'PRAGMA journal_mode=WAL;',
    `CREATE TABLE readings (${columns});`,
    `.import --csv ${hasHeader ? '--skip 1 ' : ''}'${file.replace(/'/g, "''")}' readings`,
    'SELECT count(*) FROM readings;',
  ].join('\n');
  const started = performance.now();
  // Lines of another field count (the HELP/TYPE lines of a scrape) make the shell warn on stderr: discarded.
  const run = spawnSync('sqlite3', [dbFile], { input: script, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
  const seconds = (performance.now() - started) / 1000;
  if (run.error || run.status !== 0) {
    process.stderr.write(`sqlite3 shell not usable (${run.error?.message ?? 'exit ' + String(run.status)}); install it (apt-get install sqlite3) for the ratio\n`);
    return null;
  }
  return seconds;
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const perSecond = (count: number, seconds: number): string => Math.round(count / seconds).toLocaleString('en-US');

async function main(): Promise<void> {
  if (process.argv[2] === '--child-import') {
    await childImport(process.argv[3] ?? '', process.argv[4] ?? '', (process.argv[5] ?? 'long') as TelemetryFormat);
    return;
  }
  const only = (process.env['FLOORWALK_BENCH_FORMATS'] ?? '').split(',').filter((f) => f !== '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floorwalk-bench-import-'));
  const line = (text: string): boolean => process.stdout.write(`  ${text}\n`);
  try {
    const seedFile = path.join(dir, 'seed.db');
    const seed = openDatabase(seedFile, { create: true });
    generateDemo(seed, { accelerators: DEMO_ACCELERATORS, seed: 7 });
    seed.pragma('wal_checkpoint(TRUNCATE)');
    const inventory = benchInventory(seed);
    seed.close();
    process.stdout.write(`\n== telemetry import (demo inventory of ${DEMO_ACCELERATORS.toLocaleString('en-US')} GPUs; each import alone in a fresh copy of it)\n`);
    const summary: string[] = [];
    for (const bench of FORMATS) {
      if (only.length > 0 && !only.includes(bench.name)) continue;
      const file = path.join(dir, bench.file);
      const t0 = performance.now();
      const written = bench.write(file, inventory, Math.max(1000, Math.round(bench.rows * SCALE)));
      const bytes = fs.statSync(file).size;
      const dbFile = path.join(dir, 'bench.db');
      fs.copyFileSync(seedFile, dbFile);
      process.stdout.write(`\n  -- ${bench.name}: ${written.rows.toLocaleString('en-US')} rows × ${written.readingsPerRow} readings, ${(bytes / 1e6).toFixed(0)} MB, written in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      const first = runChild(file, dbFile, bench.format);
      line(
        `floorwalk import: ${first.seconds.toFixed(2)} s, ${perSecond(first.rows, first.seconds)} rows/s, ${perSecond(first.readings, first.seconds)} readings/s, peak RSS ${mib(first.maxRssBytes)} (goal < 250 MB); ` +
          `${first.readings.toLocaleString('en-US')} readings, ${first.skipped} skipped, ${first.rejected} rejected, ${first.unmatched} unmatched targets, ledger ${first.balanced ? 'balanced' : 'NOT balanced'}`,
      );
      if (bench.name === 'long') {
        const again = runChild(file, dbFile, bench.format);
        line(`re-import of the same file: ${again.seconds.toFixed(2)} s, ${again.readings} new readings, ${again.duplicates.toLocaleString('en-US')} duplicates ignored, peak RSS ${mib(again.maxRssBytes)}`);
      }
      const sqlite = sqliteImport(file, dir, written, bench.format !== 'dcgm-prometheus');
      let ratio = 'n/a';
      if (sqlite !== null) {
        ratio = (first.seconds / sqlite).toFixed(2);
        line(`sqlite3 shell .import --csv (typed table, WAL): ${sqlite.toFixed(2)} s, ${perSecond(written.rows, sqlite)} rows/s`);
        line(`ratio floorwalk / sqlite3: ${ratio} (goal ≤ 1.0)`);
      }
      summary.push(
        `${bench.name.padEnd(10)} ${perSecond(first.rows, first.seconds).padStart(10)} rows/s ${perSecond(first.readings, first.seconds).padStart(10)} readings/s  peak RSS ${mib(first.maxRssBytes).padStart(8)}  ratio ${ratio}`,
      );
      fs.rmSync(file, { force: true });
    }
    process.stdout.write('\n  -- summary\n');
    for (const row of summary) line(row);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
