import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { CLI_BIN, REPO_ROOT, tempDir } from '../support/temp';

/**
 * Crash safety with a real process: the console (`floorwalk serve`, database worker and all) takes scans
 * over HTTP as fast as they come and is killed with SIGKILL while a scan is in flight. Every scan it had
 * acknowledged must be in the file when it is opened again, and the audit resumes at the rack it stood at.
 */

let dir: string;
let cleanup: () => void;
let db: string;
let audit: string;

interface Walk {
  readonly rackTag: string;
  readonly codes: readonly string[];
}

/** The scans of a walk of the room: each rack's label, then its devices' asset tags and GPU serials. */
function plannedWalk(): Walk[] {
  const conn = new Database(db, { readonly: true });
  try {
    const racks = conn
      .prepare(
        `SELECT rk.id, rk.asset_tag AS tag FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id
         WHERE s.code = 'PHX1' AND rm.name = 'DH1' ORDER BY rk.id`,
      )
      .all() as Array<{ id: number; tag: string }>;
    return racks.map((r) => ({
      rackTag: r.tag,
      codes: [
        ...(conn.prepare('SELECT asset_tag FROM devices WHERE rack_id = ? ORDER BY id').pluck().all(r.id) as string[]),
        ...(conn.prepare('SELECT g.serial FROM accelerators g JOIN devices d ON d.id = g.device_id WHERE d.rack_id = ? ORDER BY g.id').pluck().all(r.id) as string[]),
      ],
    }));
  } finally {
    conn.close();
  }
}

async function serve(): Promise<{ child: ChildProcess; base: string; token: string }> {
  const child = spawn(process.execPath, [CLI_BIN, '--db', db, 'serve', '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        // not the whole line yet
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const parsed = new URL(url);
  return { child, base: `${parsed.protocol}//${parsed.host}`, token: /token=([\w-]+)/.exec(parsed.hash)?.[1] ?? '' };
}

async function scanOverHttp(base: string, token: string, code: string): Promise<{ scan: string; result: string }> {
  const response = await fetch(`${base}/api/audit.scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-floorwalk-token': token },
    body: JSON.stringify({ audit, code }),
  });
  const reply = (await response.json()) as { ok: boolean; result?: { scan: string; result: string }; error?: { message: string } };
  if (!reply.ok || !reply.result) throw new Error(reply.error?.message ?? 'scan failed');
  return reply.result;
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir('floorwalk-audit-crash-'));
  db = path.join(dir, 'crash.db');
  const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '800', '--seed', '1']);
  expect(demo.code, demo.stderr).toBe(0);
  audit = runJson<{ audit: string }>(['--db', db, 'audit', 'start', '--room', 'PHX1/DH1', '--by', 'Ana', '--gpus']).audit;
});
afterAll(() => cleanup());

describe('audit crash safety', () => {
  it('keeps every acknowledged scan when the app is killed mid-audit, and resumes at the same rack', async () => {
    const walk = plannedWalk();
    const sequence = walk.flatMap((rack) => [rack.rackTag, ...rack.codes]);
    const rackTags = new Set(walk.map((w) => w.rackTag));
    // Kill while an item (not a rack label) is in flight, with another item of the same rack after it.
    let killAfter = Math.floor(sequence.length / 2);
    while (rackTags.has(sequence[killAfter]!) || rackTags.has(sequence[killAfter + 1]!)) killAfter++;
    const acknowledged: string[] = [];
    let lastRackTag = '';

    const { child, base, token } = await serve();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let inFlight: Promise<unknown> = Promise.resolve();
    for (const [i, code] of sequence.entries()) {
      if (i === killAfter) {
        // A scan on its way in when the process dies: it may or may not land, but it was never acknowledged.
        inFlight = scanOverHttp(base, token, code).catch(() => undefined);
        child.kill('SIGKILL');
        break;
      }
      const reply = await scanOverHttp(base, token, code);
      acknowledged.push(reply.scan);
      if (reply.result === 'rack') lastRackTag = code;
    }
    expect(await exited).toBe('SIGKILL');
    await inFlight;

    // Reopen the file the way the app does (the built CLI: WAL replay, quick_check), then read what is stored.
    const check = runJson<{ ok: boolean }>(['--db', db, 'check']);
    expect(check.ok).toBe(true);
    const conn = new Database(db, { readonly: true });
    try {
      const stored = new Set(conn.prepare('SELECT id FROM audit_scans WHERE audit_id = ?').pluck().all(audit) as string[]);
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
      expect(stored.size).toBeLessThanOrEqual(acknowledged.length + 1);
    } finally {
      conn.close();
    }

    // Resume without naming the rack: the next code of the walk is classified against the rack last scanned.
    const status = runJson<{ currentRack: { path: string } | null }>(['--db', db, 'audit', 'status', audit]);
    const paths = new Database(db, { readonly: true });
    const lastRackPath = paths
      .prepare(`SELECT s.code || '/' || rm.name || '/' || rk.name FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id WHERE rk.asset_tag = ?`)
      .pluck()
      .get(lastRackTag) as string;
    paths.close();
    expect(status.currentRack?.path).toBe(lastRackPath);
    const resumed = runJson<{ result: string; rack: { path: string } }>(['--db', db, 'audit', 'scan', audit, sequence[killAfter + 1]!]);
    expect(resumed).toMatchObject({ result: 'matched', rack: { path: lastRackPath } });

    // The walk finishes in a restarted console as if nothing happened.
    const again = await serve();
    try {
      for (const code of sequence.slice(killAfter + 2)) await scanOverHttp(again.base, again.token, code);
    } finally {
      const gone = new Promise<void>((resolve) => again.child.once('exit', () => resolve()));
      again.child.kill('SIGTERM');
      await gone;
    }
    const finish = runJson<{ matched: number; missing: number; misplaced: number; unknown: number }>(['--db', db, 'audit', 'finish', audit]);
    const expected = walk.reduce((n, w) => n + w.codes.length, 0);
    // Only the code that was in flight at the kill may be missing (it was never acknowledged).
    expect(finish.matched).toBeGreaterThanOrEqual(expected - 1);
    expect(finish.matched + finish.missing).toBe(expected);
    expect(finish.misplaced + finish.unknown).toBe(0);
  });
});
