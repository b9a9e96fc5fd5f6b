import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_WAIT_PHASE } from '../../app/db/write-lock';
import type { ProgressEvent } from '../../app/core/progress';
import { DbWorkerClient } from '../../main/worker/db-client';
import { runFloorwalk } from '../support/cli';
import { CLI_BIN, REPO_ROOT, tempDir } from '../support/temp';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A second process that holds the database's write lock until told to let go (a line on its stdin). */
async function holdWriteLock(file: string): Promise<{ release: () => void; done: Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill());
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', () => reject(new Error('the lock holder exited before locking')));
  });
  return { release: () => child.stdin.write('go\n'), done };
}

/** Runs the CLI as a child; resolves with its output, and calls `onStderr` on every stderr chunk meanwhile. */
function runCliChild(args: readonly string[], onStderr: (text: string) => void): { child: ChildProcess; result: Promise<{ code: number; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.kill());
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr(stderr);
  });
  const result = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return { child, result };
}

describe('a CLI write while another Floorwalk process writes', () => {
  for (const json of [false, true]) {
    it(`says it is waiting (${json ? '--json: a progress event' : 'a line'} on stderr), then writes once the other is done`, async () => {
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      const db = path.join(dir, 'lock.db');
      expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '64']).code).toBe(0);
      const holder = await holdWriteLock(db);
      // The other process is released only after the waiting line was seen: the write cannot have finished first.
      let released = false;
      const run = runCliChild(['--db', db, 'device', 'set', '1', '--status', 'offline', '--reason', 'lock test', ...(json ? ['--json'] : [])], (stderr) => {
        if (!released && stderr.includes('waiting for another Floorwalk process')) {
          released = true;
          holder.release();
        }
      });
      const outcome = await run.result;
      expect(await holder.done).toBe(0);
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(released).toBe(true);
      if (json) {
        const events = outcome.stderr.trim().split('\n').map((line) => JSON.parse(line) as { progress: { phase: string; waitedMs: number } });
        expect(events.length).toBeGreaterThan(0);
        expect(events[0]?.progress.phase).toBe('waiting for another Floorwalk process');
        expect(events[0]?.progress.waitedMs).toBeGreaterThan(0);
        expect((JSON.parse(outcome.stdout) as { changeId: number }).changeId).toBeGreaterThan(0);
      } else {
        expect(outcome.stderr).toMatch(/^floorwalk: waiting for another Floorwalk process… \(\d+ s so far/);
      }
      const history = JSON.parse(runFloorwalk(['--db', db, 'history', 'device', '1', '--json']).stdout) as Array<{ reason: string }>;
      expect(history[0]?.reason).toBe('lock test');
    });
  }

  it('a write that is not blocked prints no waiting line', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const db = path.join(dir, 'free.db');
    expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '64']).code).toBe(0);
    const run = runFloorwalk(['--db', db, 'device', 'set', '1', '--status', 'offline', '--reason', 'no lock']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('waiting');
  });
});

describe('a console write while another Floorwalk process writes', () => {
  it('streams a "waiting for another Floorwalk process" progress event, then writes once the other is done', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const db = path.join(dir, 'console-lock.db');
    expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '64']).code).toBe(0);
    const client = await DbWorkerClient.start({ dbPath: db, create: false }, path.join(REPO_ROOT, 'dist', 'main', 'db-worker.js'));
    try {
      const holder = await holdWriteLock(db);
      const events: ProgressEvent[] = [];
      const write = client.call('device.update', { id: 1, patch: { status: 'offline' }, reason: 'console lock test' }, 'test', (event) => {
        events.push(event);
        if (events.length === 1) holder.release();
      });
      const result = (await write) as { changeId: number };
      expect(await holder.done).toBe(0);
      expect(result.changeId).toBeGreaterThan(0);
      expect(events[0]?.phase).toBe(LOCK_WAIT_PHASE);
    } finally {
      await client.close();
    }
  });
});
