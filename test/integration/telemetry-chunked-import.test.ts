import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { cleanDeadBatches } from '../../app/telemetry/store/batches';
import { importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { CLI_BIN, REPO_ROOT } from '../support/temp';

/**
 * A telemetry import in another process (the CLI) commits in chunks under a pending batch: this process
 * writes while it runs, never sees half a file, and a killed import leaves nothing visible and is cleaned.
 */

const cleanups: Array<() => void> = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A long-format file of `rows` readings over the demo's GPUs, one minute apart per GPU, from `startMs`. */
function writeLongFile(db: Db, file: string, rows: number, startMs: number): void {
  const uuids = db.prepare('SELECT uuid FROM accelerators WHERE uuid IS NOT NULL ORDER BY id').pluck().all() as string[];
  const fd = fs.openSync(file, 'w');
  let buffer = 'timestamp,target,metric,value\n';
  for (let i = 0; i < rows; i++) {
    buffer += `${startMs + Math.floor(i / uuids.length) * 60_000},${uuids[i % uuids.length] as string},gpu_temp_c,${40 + (i % 300) / 10}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
}

function startCliImport(dbFile: string, file: string): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI_BIN, '--db', dbFile, 'import', 'telemetry', file, '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the other process has committed at least one chunk of its pending batch. */
async function firstChunkCommitted(db: Db, exited: () => boolean): Promise<number> {
  const pendingRows = db.prepare('SELECT count(*) FROM telemetry_readings_all WHERE batch IN (SELECT id FROM telemetry_pending_batches)').pluck();
  for (;;) {
    const n = pendingRows.get() as number;
    if (n > 0) return n;
    if (exited()) throw new Error('the import finished before a chunk was seen; make the file bigger');
    await sleep(5);
  }
}

const BIG_ROWS = 800_000;
const SMALL_ROWS = 1_000;

/** A demo database with a big file (several chunks) and a small one (one chunk), at different times. */
function setup(): { db: Db; file: string; big: string; small: string } {
  const test = testDb({ demoAccelerators: 400, seed: 3 });
  cleanups.push(test.cleanup);
  const dir = path.dirname(test.file);
  const big = path.join(dir, 'big.csv');
  const small = path.join(dir, 'small.csv');
  writeLongFile(test.db, big, BIG_ROWS, Date.UTC(2026, 0, 1));
  writeLongFile(test.db, small, SMALL_ROWS, Date.UTC(2025, 0, 1));
  return { db: test.db, file: test.file, big, small };
}

const visible = (db: Db): number => db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get() as number;
const pendingBatches = (db: Db): number => db.prepare('SELECT count(*) FROM telemetry_pending_batches').pluck().get() as number;

describe('a telemetry import commits in chunks that nobody sees until the file is complete', () => {
  it('another process writes while the import runs, and sees none of the file until its last commit', async () => {
    const test = setup();
    const { child, done } = startCliImport(test.file, test.big);
    const pendingSeen = await firstChunkCommitted(test.db, () => child.exitCode !== null);
    // Committed readings of the running import are in the table, yet no reader sees them.
    expect(visible(test.db)).toBe(0);
    // A write of this process (a device edit, a scan) gets the lock between the import's chunks...
    test.db.transaction(() => test.db.prepare("INSERT INTO sites (code, name, timezone) VALUES ('WHILE', 'Written during the import', 'UTC')").run())();
    // ...while the import is still in progress (its batch is still pending after our commit).
    expect(pendingBatches(test.db)).toBe(1);
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { files: Array<{ readings: number }> } | Array<{ readings: number }>;
    const readings = (Array.isArray(json) ? json : json.files).reduce((sum, f) => sum + f.readings, 0);
    expect(readings).toBe(BIG_ROWS);
    expect(pendingSeen).toBeLessThan(readings);
    expect(visible(test.db)).toBe(readings);
    expect(pendingBatches(test.db)).toBe(0);
    expect(test.db.prepare("SELECT count(*) FROM sites WHERE code = 'WHILE'").pluck().get()).toBe(1);
    expect(test.db.prepare('SELECT count(*) FROM telemetry_pending_series').pluck().get()).toBe(0);
    expect(test.db.prepare('SELECT readings FROM telemetry_imports').pluck().all()).toEqual([readings]);
  });

  it('a killed import leaves no visible reading, and its batch is cleaned up afterwards', async () => {
    const test = setup();
    // One complete import first: what a reader saw before the killed one must stay exactly that.
    const before = await importTelemetry(test.db, { source: { path: test.small } }, { actor: 'tester' });
    const latestBefore = test.db.prepare('SELECT * FROM telemetry_latest ORDER BY metric_id, target_id').all();
    const targetsBefore = test.db.prepare('SELECT count(*) FROM telemetry_targets').pluck().get() as number;
    const { child, done } = startCliImport(test.file, test.big);
    await firstChunkCommitted(test.db, () => child.exitCode !== null);
    child.kill('SIGKILL');
    await done;
    // Killed half-way: its chunks are on disk, under a batch nobody sees.
    expect(pendingBatches(test.db)).toBe(1);
    expect(test.db.prepare('SELECT count(*) FROM telemetry_readings_all').pluck().get()).toBeGreaterThan(before.readings);
    expect(visible(test.db)).toBe(before.readings);
    expect(test.db.prepare('SELECT * FROM telemetry_latest ORDER BY metric_id, target_id').all()).toEqual(latestBefore);
    expect(test.db.prepare('SELECT count(*) FROM telemetry_imports').pluck().get()).toBe(1);
    // Its process is gone: the next start (or the next import) discards the batch.
    expect(cleanDeadBatches(test.db)).toBe(1);
    expect(pendingBatches(test.db)).toBe(0);
    expect(test.db.prepare('SELECT count(*) FROM telemetry_readings_all').pluck().get()).toBe(before.readings);
    expect(test.db.prepare('SELECT count(*) FROM telemetry_pending_series').pluck().get()).toBe(0);
    expect(test.db.prepare('SELECT count(*) FROM telemetry_targets').pluck().get()).toBe(targetsBefore);
    // And the same file imports completely afterwards.
    const again = await importTelemetry(test.db, { source: { path: test.big } }, { actor: 'tester' });
    expect(again.readings).toBe(BIG_ROWS);
    expect(visible(test.db)).toBe(before.readings + again.readings);
  });

  it('refuses a second import while one is running, naming the running file', async () => {
    const test = setup();
    const { child, done } = startCliImport(test.file, test.big);
    await firstChunkCommitted(test.db, () => child.exitCode !== null);
    await expect(importTelemetry(test.db, { source: { path: test.small } }, { actor: 'tester' })).rejects.toThrow(/Another telemetry import is running \(big\.csv/);
    expect((await done).code).toBe(0);
    expect((await importTelemetry(test.db, { source: { path: test.small } }, { actor: 'tester' })).readings).toBe(SMALL_ROWS);
  });
});
