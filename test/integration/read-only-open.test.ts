import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloorwalkError } from '../../app/core/errors';
import { DbWorkerClient } from '../../main/worker/db-client';
import { runFloorwalk } from '../support/cli';
import { isRoot, readOnlyMount, writeProtectedCopy } from '../support/read-only';
import { CLI_BIN, REPO_ROOT, tempDir } from '../support/temp';

const WORKER_FILE = path.join(REPO_ROOT, 'dist', 'main', 'db-worker.js');
/** An unprivileged user for the permission case when the tests run as root (root writes any file). */
const NOBODY_UID = 65534;

let cleanup: () => void;
let source: string;
/** The demo on a read-only file system (EROFS: a tmpfs mounted read-only), when this machine lets us mount. */
let mounted: { dir: string; file: string; unmount: () => void } | null = null;
/** The demo write-protected: a 0444 file in a 0555 folder, opened by a user who does not own it. */
let protectedCopy: { dir: string; file: string; restore: () => void } | undefined;

beforeAll(() => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  fs.chmodSync(temp.dir, 0o755);
  source = path.join(temp.dir, 'floor.db');
  // A demo closed cleanly: a WAL-mode file with no -wal and no -shm beside it, the hard case for SQLite.
  expect(runFloorwalk(['--db', source, 'demo', '--accelerators', '64']).code).toBe(0);
  expect(fs.existsSync(`${source}-shm`)).toBe(false);
  mounted = isRoot ? readOnlyMount(temp.dir, source) : null;
  protectedCopy = writeProtectedCopy(temp.dir, source);
});

afterAll(() => {
  mounted?.unmount();
  protectedCopy?.restore();
  cleanup();
});

/** The CLI as a user who may not write the protected copy (nobody when the tests run as root). */
function runAsOther(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    ...(isRoot ? { uid: NOBODY_UID, gid: NOBODY_UID } : {}),
    env: { ...process.env, HOME: '/tmp', TMPDIR: '/tmp' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function media(): Array<{ name: string; file: () => string; run: (args: readonly string[]) => { code: number; stdout: string; stderr: string }; reason: RegExp }> {
  const list = [{ name: 'a 0444 file in a 0555 folder', file: () => (protectedCopy as { file: string }).file, run: runAsOther, reason: /this user may not write it or its folder \(EACCES\)/ }];
  if (isRoot) list.push({ name: 'a read-only mount (EROFS)', file: () => (mounted ?? { file: '' }).file, run: (args) => runFloorwalk(args), reason: /on a read-only file system/ });
  return list;
}

describe('a database on read-only media opens read-only', () => {
  it('the read-only mount exists whenever the tests run as root (so the EROFS case is never silently left out)', () => {
    expect(isRoot ? mounted !== null : true).toBe(true);
  });

  for (const m of media()) {
    describe(m.name, () => {
      it('info says read-only and why; stats, search, export and reports work', () => {
        const db = m.file();
        const before = fs.readFileSync(db);
        const info = m.run(['--db', db, 'info', '--json']);
        expect(info.code, info.stderr).toBe(0);
        const infoJson = JSON.parse(info.stdout) as { readOnly: string | null; path: string };
        expect(infoJson.readOnly).toMatch(m.reason);
        expect(infoJson.readOnly).toContain(db);

        const stats = m.run(['--db', db, 'stats', '--json']);
        expect(stats.code, stats.stderr).toBe(0);
        expect(JSON.parse(stats.stdout)).toMatchObject({ accelerators: 64 });

        const search = m.run(['--db', db, 'search', 'R01', '--json']);
        expect(search.code, search.stderr).toBe(0);
        expect((JSON.parse(search.stdout) as unknown[]).length).toBeGreaterThan(0);

        const exported = m.run(['--db', db, 'export', 'inventory', '--kind', 'devices', '--out', '-']);
        expect(exported.code, exported.stderr).toBe(0);
        expect(exported.stdout.split('\r\n').length).toBeGreaterThan(50);

        const health = m.run(['--db', db, 'health', '--json']);
        expect(health.code, health.stderr).toBe(0);

        // Nothing was written beside or into the file.
        expect(fs.readFileSync(db).equals(before)).toBe(true);
        expect(fs.readdirSync(path.dirname(db))).toEqual(['floor.db']);
      });

      it('a write is refused, naming the file and why it is read-only', () => {
        const db = m.file();
        const write = m.run(['--db', db, 'device', 'set', '1', '--status', 'offline', '--reason', 'ro test']);
        expect(write.code).toBe(1);
        expect(write.stderr).toContain(db);
        expect(write.stderr).toMatch(m.reason);
        expect(write.stderr).toMatch(/can show, search, export and report from it, but not change it/);
        // A command that writes without the dispatcher (the demo) is told the same.
        const demo = m.run(['--db', db, 'demo', '--force', '--accelerators', '8']);
        expect(demo.code).toBe(1);
        expect(demo.stderr).toContain(db);
        // (--force removes the file first: on a write-protected folder that is the OS refusing, named as such.)
        expect(demo.stderr).toMatch(/is read-only .*but not change it|No permission to write .* or its folder .*\(EACCES/);
      });
    });
  }

  it('the console (the database worker) serves it read-only and refuses writes with the reason', async () => {
    const db = mounted?.file ?? null;
    // As a non-root user the protected copy is read-only to this very process.
    const file = db ?? (protectedCopy as { file: string }).file;
    const client = await DbWorkerClient.start({ dbPath: file, create: false }, WORKER_FILE);
    try {
      const info = (await client.call('db.info', {}, 'test')) as { readOnly: string | null };
      expect(info.readOnly).toMatch(/read-only/);
      await expect(client.call('inventory.search', { query: 'R01', limit: 5 }, 'test')).resolves.not.toHaveLength(0);
      const refused = await client.call('device.update', { id: 1, patch: { status: 'offline' }, reason: 'x' }, 'test').then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(FloorwalkError);
      expect((refused as FloorwalkError).code).toBe('read_only');
      expect((refused as FloorwalkError).message).toContain(file);
    } finally {
      await client.close();
    }
  });

  it('a writable file says it is writable', () => {
    const info = JSON.parse(runFloorwalk(['--db', source, 'info', '--json']).stdout) as { readOnly: string | null };
    expect(info.readOnly).toBeNull();
  });
});
