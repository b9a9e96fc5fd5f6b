import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_WAIT_PHASE } from '../../app/db/write-lock';
import type { ProgressEvent } from '../../app/core/progress';
import { DbWorkerClient } from '../../main/worker/db-client';
import { LOCK_WAIT_HEADER, TOKEN_HEADER } from '../../main/server/http-server';
import { runFloorwalk } from '../support/cli';
import { holdWriteLock } from '../support/lock-holder';
import { serveChild } from '../support/serve';
import { CLI_BIN, REPO_ROOT, tempDir } from '../support/temp';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

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
      const holder = await holdWriteLock(db, (cleanup) => cleanups.push(cleanup));
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
      const holder = await holdWriteLock(db, (cleanup) => cleanups.push(cleanup));
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

describe('browser mode while another Floorwalk process writes', () => {
  it('the heartbeat says a write is waiting for the other process (the page shows it), and stops saying so once written', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const db = path.join(dir, 'serve-lock.db');
    expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '64']).code).toBe(0);
    const server = await serveChild(db, path.join(dir, 'sessions'));
    cleanups.push(() => void server.kill());
    const base = `http://127.0.0.1:${server.port}`;
    const alive = async (): Promise<string | null> => {
      const response = await fetch(`${base}/api-alive`, { headers: { [TOKEN_HEADER]: server.token } });
      expect(response.status).toBe(204);
      return response.headers.get(LOCK_WAIT_HEADER);
    };
    expect(await alive()).toBeNull();
    const holder = await holdWriteLock(db, (cleanup) => cleanups.push(cleanup));
    const write = fetch(`${base}/api/device.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: server.token },
      body: JSON.stringify({ id: 1, patch: { status: 'offline' }, reason: 'browser lock test' }),
    });
    // Ask until the writer reports the wait (each answer is immediate; the write is what waits).
    let waited: string | null = null;
    while (waited === null) waited = await alive();
    expect(Number(waited)).toBeGreaterThanOrEqual(0);
    holder.release();
    const answer = (await (await write).json()) as { ok: boolean; result?: { changeId: number } };
    expect(answer.ok).toBe(true);
    expect(answer.result?.changeId).toBeGreaterThan(0);
    expect(await holder.done).toBe(0);
    expect(await alive()).toBeNull();
    await server.stop();
  });
});
