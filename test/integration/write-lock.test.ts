import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { onLockWait } from '../../app/db/write-lock';
import { testDb } from '../support/db';
import { REPO_ROOT } from '../support/temp';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * Another process (a second Floorwalk, here plain better-sqlite3) that takes the write lock, inserts a site
 * and holds the lock for `holdMs` before committing. Resolves once it holds the lock; `done` once it exits.
 */
async function holdWriteLock(file: string, holdMs: number): Promise<{ done: Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO sites (code, name, timezone) VALUES ('OTHER', 'Other process', 'UTC')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', () => reject(new Error('the lock holder exited before locking')));
  });
  return { done };
}

describe('writes wait for another process instead of failing', () => {
  it('a read-then-write transaction waits for the lock, then sees the other process’s commit', async () => {
    const test = testDb();
    cleanups.push(test.cleanup);
    const other = await holdWriteLock(test.file, 1500);
    const waits: number[] = [];
    onLockWait(test.db, (waitedMs) => waits.push(waitedMs));
    // Deferred, this would read a snapshot from before the other commit and then fail its upgrade
    // (SQLITE_BUSY_SNAPSHOT). BEGIN IMMEDIATE waits first and reads after.
    const seen = test.db.transaction(() => {
      const count = (test.db.prepare('SELECT count(*) AS n FROM sites').get() as { n: number }).n;
      test.db.prepare("INSERT INTO sites (code, name, timezone) VALUES ('HERE', 'This process', 'UTC')").run();
      return count;
    })();
    expect(await other.done).toBe(0);
    expect(seen).toBe(1);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    const codes = (test.db.prepare('SELECT code FROM sites ORDER BY code').all() as Array<{ code: string }>).map((row) => row.code);
    expect(codes).toEqual(['HERE', 'OTHER']);
  });

  it('a write that is not blocked never reports waiting', () => {
    const test = testDb();
    cleanups.push(test.cleanup);
    const waits: number[] = [];
    onLockWait(test.db, (waitedMs) => waits.push(waitedMs));
    test.db.transaction(() => test.db.prepare("INSERT INTO sites (code, name, timezone) VALUES ('SOLO', 'Solo', 'UTC')").run())();
    expect(waits).toEqual([]);
  });
});
