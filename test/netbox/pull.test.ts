import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';
import { DbWorkerClient } from '../../main/worker/db-client';
import { aesEncryptor } from '../support/encryptor';
import { REPO_ROOT } from '../support/temp';
import { startNetboxPeer, type NetboxPeer } from './peer';
import { netboxWrite, seedHall, type SeededSite } from './seed';

const PEER_START_TIMEOUT_MS = 20 * 60_000;
const PULL_TIMEOUT_MS = 5 * 60_000;

interface PullJson {
  server: string;
  site: string;
  objects: number;
  locations: number;
  racks: number;
  devices: number;
  inventoryItems: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: { what: string; reason: string }[];
}

describe('netbox pull from a real NetBox', () => {
  let peer: NetboxPeer;
  let hall: SeededSite;
  const tmp = tempDir('fw-netbox-pull-');
  const db = path.join(tmp.dir, 'pulled.db');

  beforeAll(async () => {
    peer = startNetboxPeer();
    hall = await seedHall(peer, 'phx9', { locations: 2, racks: 40, devices: 300, gpusPerDevice: 8 });
    runJson(['init', '--db', db]);
  }, PEER_START_TIMEOUT_MS);
  afterAll(() => {
    peer?.stop();
    tmp.cleanup();
  });

  it('reads 2 locations, 40 racks, 300 devices and 2,400 GPUs completely, and a second pull changes nothing', () => {
    const first = runJson<PullJson>(['netbox', 'pull', '--url', peer.url, '--token', peer.token, '--site', 'phx9', '--db', db]);
    expect([first.locations, first.racks, first.devices, first.inventoryItems]).toEqual([2, 40, 300, 2400]);
    expect(first.skipped).toEqual([]);
    expect(first.created).toBe(first.objects);
    const stats = runJson<{ sites: number; rooms: number; racks: number; devices: number; accelerators: number }>(['stats', '--db', db]);
    expect([stats.sites, stats.rooms, stats.racks, stats.devices, stats.accelerators]).toEqual([1, 2, 40, 300, 2400]);

    // GPU 9 is slot 1 of the second server, which NetBox puts at U7 of the first rack in DH1.
    const hits = runJson<{ kind: string; path: string }[]>(['search', 'PHX9G000000009', '--db', db]);
    expect(hits[0]).toMatchObject({ kind: 'accelerator', path: 'PHX9 / DH1 / R01-01 / U7 / slot 1' });

    const changesBefore = runJson<unknown[]>(['history', 'device', '1', '--db', db]).length;
    // Second pull without --token: the saved token is used, nothing is created or changed.
    const second = runJson<PullJson>(['netbox', 'pull', '--url', peer.url, '--site', 'phx9', '--db', db]);
    expect([second.created, second.updated, second.unchanged]).toEqual([0, 0, first.objects]);
    expect(runJson<{ devices: number; accelerators: number }>(['stats', '--db', db])).toMatchObject({ devices: 300, accelerators: 2400 });
    expect(runJson<unknown[]>(['history', 'device', '1', '--db', db]).length).toBe(changesBefore);
  }, PULL_TIMEOUT_MS);

  it('keeps the token in a 0600 file, never in the database', () => {
    const dir = path.join(tmp.dir, 'netbox-tokens');
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(dir, files[0] ?? '')).mode & 0o777).toBe(0o600);
    const secret = peer.token.split('.')[1] ?? peer.token;
    expect(fs.readFileSync(db).includes(Buffer.from(secret))).toBe(false);
  });

  it('a change made in NetBox arrives on the next pull as an update of that object only', async () => {
    const [deviceId] = hall.deviceIds;
    await netboxWrite(peer, 'PATCH', `dcim/devices/${deviceId}`, { status: 'offline', asset_tag: 'AT-MOVED-1' });
    const third = runJson<PullJson>(['netbox', 'pull', '--url', peer.url, '--site', 'phx9', '--db', db]);
    expect([third.created, third.updated]).toEqual([0, 1]);
    const hits = runJson<{ kind: string; label: string }[]>(['search', 'AT-MOVED-1', '--db', db]);
    expect(hits[0]?.kind).toBe('device');
  }, PULL_TIMEOUT_MS);

  it('refuses a wrong token and an unknown site with NetBox’s reason, writing nothing', () => {
    const bad = runFloorwalk(['netbox', 'pull', '--url', peer.url, '--token', 'nbt_nokey.nosecret', '--site', 'phx9', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the token/);
    expect(bad.stderr).not.toContain('nosecret');
    const missing = runFloorwalk(['netbox', 'pull', '--url', peer.url, '--site', 'nowhere', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no site with the slug "nowhere"/);
  });

  it('in the desktop app the worker seals the token with the owner’s keychain (safeStorage, injected here) and pulls with it', async () => {
    const desktop = path.join(tmp.dir, 'desktop');
    fs.mkdirSync(desktop);
    const deskDb = path.join(desktop, 'floorwalk.db');
    runJson(['init', '--db', deskDb]);
    const keychain = aesEncryptor();
    const client = await DbWorkerClient.start({ dbPath: deskDb, create: false }, path.join(REPO_ROOT, 'dist', 'main', 'db-worker.js'), 1, keychain);
    try {
      await expect(client.call('netbox.token.save', { url: peer.url, token: 'nbt_wrong.wrong' }, 'test')).rejects.toThrow(/refused the token/);
      expect(fs.existsSync(path.join(desktop, 'netbox-tokens'))).toBe(false);
      const saved = (await client.call('netbox.token.save', { url: peer.url, token: peer.token }, 'test')) as { store: string; user: string | null };
      expect(saved).toMatchObject({ store: 'keychain', user: 'floorwalk' });
      const files = fs.readdirSync(path.join(desktop, 'netbox-tokens'));
      expect(files).toEqual([expect.stringMatching(/\.safe$/)]);
      const secret = peer.token.split('.')[1] ?? peer.token;
      expect(fs.readFileSync(path.join(desktop, 'netbox-tokens', files[0] ?? '')).includes(Buffer.from(secret))).toBe(false);
      const status = await client.call('netbox.status', { url: peer.url }, 'test');
      expect(status).toMatchObject({ tokenSaved: true });
      // No token in the call: the worker asks the owner to open the sealed one.
      const pulled = (await client.call('netbox.pull', { url: peer.url, site: 'phx9', location: 'dh2' }, 'test')) as { racks: number };
      expect(pulled.racks).toBe(20);
      expect(keychain.calls).toEqual(['encrypt', 'decrypt']);
      expect(JSON.stringify(await client.call('netbox.status', {}, 'test'))).not.toContain(secret);
    } finally {
      await client.close();
    }
  }, PULL_TIMEOUT_MS);
});
