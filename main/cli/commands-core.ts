import fs from 'node:fs';
import { explainDbFailure, openDatabase, schemaVersion, type Db } from '../../app/db/open';
import { onLockWait } from '../../app/db/write-lock';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import type { RequestName, RequestResult } from '../../app/api/contract';
import { DEMO_DEFAULT_ACCELERATORS, DEMO_DEFAULT_SEED, generateDemo } from '../../app/demo/generate';
import { FloorwalkError } from '../../app/core/errors';
import { writeDemoTelemetry } from '../../app/demo/telemetry-files';
import type { ProgressEvent } from '../../app/core/progress';
import { intOption, stringOption, UsageError, type Command, type ParsedArgs } from './command';
import { printJson, printTable, type CliIo } from './output';

export const CLI_ACTOR = 'floorwalk cli';

/** Opens the database, runs one contract request through the same dispatcher the UI uses, closes. */
export async function withDb<T>(args: ParsedArgs, work: (ctx: HandlerContext) => Promise<T>): Promise<T> {
  const db = openDatabase(args.dbPath);
  // A write that waits for another Floorwalk process's lock says so on stderr rather than looking hung.
  if (args.onLockWait) onLockWait(db, args.onLockWait);
  try {
    return await work({ db, dbPath: args.dbPath, actor: CLI_ACTOR, caller: 'cli' });
  } catch (error) {
    // Work done outside the dispatcher (a command's own queries) gets the same storage sentences.
    throw explainDbFailure(db, args.dbPath, error);
  } finally {
    onLockWait(db, null);
    db.close();
  }
}

export async function request<K extends RequestName>(args: ParsedArgs, name: K, input: unknown): Promise<RequestResult<K>> {
  return withDb(args, (ctx) => callLocal(ctx, name, input));
}

export function progressPrinter(io: CliIo): ((event: ProgressEvent) => void) | undefined {
  if (!io.isTty) return undefined;
  return (event) => io.err(`\r${event.phase}: ${Math.floor(event.fraction * 100)}% (${event.done.toLocaleString('en-US')}/${event.total.toLocaleString('en-US')})   `);
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

const init: Command = {
  name: 'init',
  usage: 'init',
  summary: 'create an empty Floorwalk database (with the device-type catalog)',
  options: {},
  async run(args, io) {
    const existed = fs.existsSync(args.dbPath);
    const db = openDatabase(args.dbPath, { create: true });
    const version = schemaVersion(db);
    db.close();
    if (args.json) printJson(io, { db: args.dbPath, schemaVersion: version, created: !existed });
    else io.out(`${existed ? 'Opened' : 'Created'} ${args.dbPath} (schema version ${version})\n`);
    return 0;
  },
};

const demo: Command = {
  name: 'demo',
  usage: 'demo [--accelerators N] [--seed S] [--force] [--telemetry-out DIR]',
  summary: 'write a realistic demo operator (sites, halls, GPU racks, CDUs, sensors) into a new database',
  options: { accelerators: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' }, 'telemetry-out': { type: 'string' } },
  async run(args, io) {
    const accelerators = intOption(args, 'accelerators', DEMO_DEFAULT_ACCELERATORS);
    const seed = intOption(args, 'seed', DEMO_DEFAULT_SEED);
    const telemetryOut = stringOption(args, 'telemetry-out');
    if (fs.existsSync(args.dbPath)) {
      if (args.values['force'] === true) removeDatabaseFiles(args.dbPath);
      else {
        const probe = openDatabase(args.dbPath);
        const sites = probe.prepare('SELECT count(*) FROM sites').pluck().get() as number;
        probe.close();
        if (sites > 0 && telemetryOut !== undefined) return writeTelemetryFiles(args, io, telemetryOut, null);
        if (sites > 0) {
          throw new FloorwalkError('conflict', `${args.dbPath} already holds an inventory; pass --force to replace it, or --db for another file.`);
        }
      }
    }
    const started = performance.now();
    const db: Db = openDatabase(args.dbPath, { create: true });
    try {
      const onProgress = progressPrinter(io);
      const counts = generateDemo(db, { accelerators, seed, ...(onProgress ? { onProgress } : {}) });
      if (onProgress) io.err('\n');
      const seconds = (performance.now() - started) / 1000;
      if (telemetryOut !== undefined) {
        db.close();
        return await writeTelemetryFiles(args, io, telemetryOut, { db: args.dbPath, seed, ...counts, seconds: Number(seconds.toFixed(2)) });
      }
      if (args.json) printJson(io, { db: args.dbPath, seed, ...counts, seconds: Number(seconds.toFixed(2)) });
      else
        io.out(
          `Demo written to ${args.dbPath} in ${seconds.toFixed(1)} s: ${counts.sites} sites, ${counts.rooms} halls, ` +
            `${counts.racks.toLocaleString('en-US')} racks, ${counts.devices.toLocaleString('en-US')} devices, ` +
            `${counts.accelerators.toLocaleString('en-US')} accelerators\n`,
        );
    } finally {
      if (db.open) db.close();
    }
    return 0;
  },
};

/** `demo --telemetry-out DIR`: telemetry files for the inventory in the database (just written, or already there). */
async function writeTelemetryFiles(args: ParsedArgs, io: CliIo, dir: string, demo: Record<string, unknown> | null): Promise<number> {
  const files = await withDb(args, async (ctx) => writeDemoTelemetry(ctx.db, { outDir: dir, endMs: Date.now() }));
  if (args.json) printJson(io, { ...(demo ?? { db: args.dbPath }), telemetry: files });
  else {
    if (demo) io.out(`Demo written to ${args.dbPath} in ${String(demo['seconds'])} s\n`);
    for (const file of files) io.out(`${file.file}: ${file.format}, ${file.rows.toLocaleString('en-US')} lines\n`);
  }
  return 0;
}

const stats: Command = {
  name: 'stats',
  usage: 'stats [--json]',
  summary: 'count sites, rooms, racks, devices and accelerators',
  options: {},
  async run(args, io) {
    const result = await request(args, 'inventory.stats', {});
    if (args.json) printJson(io, result);
    else printTable(io, ['what', 'count'], Object.entries(result).map(([k, v]: [string, number]) => [k, v.toLocaleString('en-US')]));
    return 0;
  },
};

const search: Command = {
  name: 'search',
  usage: 'search QUERY [--limit N] [--json]',
  summary: 'find a part by serial, asset tag, GPU UUID, hostname or rack name (exact or prefix)',
  options: { limit: { type: 'string' } },
  async run(args, io) {
    const query = args.positionals.join(' ').trim();
    if (query === '') throw new UsageError('search needs a QUERY, e.g. floorwalk search 1654');
    const hits = await request(args, 'inventory.search', { query, limit: intOption(args, 'limit', 20) });
    if (args.json) printJson(io, hits);
    else if (hits.length === 0) io.out(`Nothing matches "${query}".\n`);
    else printTable(io, ['kind', 'match', 'where'], hits.map((h) => [h.kind, h.label, h.path]));
    return 0;
  },
};

const check: Command = {
  name: 'check',
  usage: 'check [--json]',
  summary: 'check storage integrity, foreign keys and inventory rules; exit 1 when anything is wrong',
  options: {},
  async run(args, io) {
    const report = await request(args, 'db.check', {});
    if (args.json) printJson(io, report);
    else if (report.ok) io.out(`ok (${report.checks.join(', ')})\n`);
    else io.out(`${report.problems.length} problem(s):\n${report.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return report.ok ? 0 : 1;
  },
};

const backup: Command = {
  name: 'backup',
  usage: 'backup --out FILE',
  summary: 'copy the database with SQLite’s online backup (safe while the console runs)',
  options: { out: { type: 'string' } },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('backup needs --out FILE');
    const result = await request(args, 'db.backup', { out });
    if (args.json) printJson(io, result);
    else io.out(`Backed up to ${result.out} (${(result.bytes / 1e6).toFixed(1)} MB)\n`);
    return 0;
  },
};

const info: Command = {
  name: 'info',
  usage: 'info [--json]',
  summary: 'where the database is, its schema version and size',
  options: {},
  async run(args, io) {
    const result = await request(args, 'db.info', {});
    if (args.json) printJson(io, result);
    else io.out(`${result.path}\nschema version ${result.schemaVersion}, ${(result.sizeBytes / 1e6).toFixed(1)} MB${result.demo ? `, demo seed ${result.demo.seed}` : ''}\n${result.readOnly ? `read-only: ${result.readOnly}\n` : ''}`);
    return 0;
  },
};

export const CORE_COMMANDS: readonly Command[] = [init, demo, stats, search, check, backup, info];
