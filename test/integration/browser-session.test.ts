import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSession, sessionFile, writeSession } from '../../main/server/session-token';
import { runFloorwalk } from '../support/cli';
import { serveChild } from '../support/serve';
import { tempDir } from '../support/temp';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Starts `floorwalk serve --json` as a user would and returns its URL and port, and how to stop it. */
async function serve(dbPath: string, sessions: string): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  return serveChild(dbPath, sessions);
}

describe('browser-mode session kept per database', () => {
  it('a restarted server has the same token and port, kept in a 0600 file', async () => {
    const dbPath = path.join(temp.dir, 'kept.db');
    const sessions = path.join(temp.dir, 'sessions');
    expect(runFloorwalk(['--db', dbPath, 'demo', '--accelerators', '40']).code).toBe(0);
    const first = await serve(dbPath, sessions);
    await first.stop();
    const file = sessionFile(sessions, dbPath);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = await serve(dbPath, sessions);
    try {
      expect(second.url).toBe(first.url);
      expect(second.port).toBe(first.port);
      const token = /token=([A-Za-z0-9_-]+)/.exec(second.url)?.[1];
      const reply = await fetch(`http://127.0.0.1:${second.port}/api/inventory.stats`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-floorwalk-token': token ?? '' }, body: '{}' });
      expect(reply.status).toBe(200);
    } finally {
      await second.stop();
    }
    const other = sessionFile(sessions, path.join(temp.dir, 'other.db'));
    expect(other).not.toBe(file);
  });

  it('never reuses a token file others can read, nor one it did not write', () => {
    const file = path.join(temp.dir, 'loose', 'session.json');
    writeSession(file, { token: 'a'.repeat(43), port: 4567 });
    expect(readSession(file)).toEqual({ token: 'a'.repeat(43), port: 4567 });
    fs.chmodSync(file, 0o644);
    expect(readSession(file)).toBeNull();
    fs.writeFileSync(file, '{"token":"short"}', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    expect(readSession(file)).toBeNull();
  });
});
