import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJson } from '../support/cli';
import { tempDir } from '../support/temp';
import { startNetboxPeer, type NetboxPeer } from './peer';
import { seedHall, type SeededSite } from './seed';

const PEER_START_TIMEOUT_MS = 20 * 60_000;
const SYNC_TIMEOUT_MS = 6 * 60_000;

/** What NetBox holds for a device, in main or (with the header) in a branch. */
async function deviceStatus(peer: NetboxPeer, id: number | undefined, schemaId?: string): Promise<string> {
  const res = await fetch(`${peer.url}/api/dcim/devices/${id}/`, {
    headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json', ...(schemaId ? { 'X-NetBox-Branch': schemaId } : {}) },
  });
  if (!res.ok) throw new Error(`GET device ${id}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { status: { value: string } }).status.value;
}

describe('netbox push --branch into a real NetBox with netbox-branching', () => {
  let peer: NetboxPeer;
  let hall: SeededSite;
  const tmp = tempDir('fw-netbox-branch-');
  const db = path.join(tmp.dir, 'branch.db');
  const cli = (args: string[]): string[] => [...args, '--db', db];

  beforeAll(async () => {
    peer = startNetboxPeer({ branching: true });
    hall = await seedHall(peer, 'brn1', { locations: 1, racks: 1, devices: 3, gpusPerDevice: 1 });
    runJson(cli(['init']));
    runJson(cli(['netbox', 'pull', '--url', peer.url, '--token', peer.token, '--site', 'brn1']));
  }, PEER_START_TIMEOUT_MS);
  afterAll(() => {
    peer?.stop();
    tmp.cleanup();
  });

  it('writes into the branch (created and provisioned on the way), leaving main as it was', async () => {
    expect(peer.branching).toBe(true);
    runJson(cli(['device', 'set', 'BRN1SN000001', '--status', 'failed', '--reason', 'fans dead']));
    const push = runJson<{ branch: string; pushed: number; conflicts: number }>(cli(['netbox', 'push', '--url', peer.url, '--branch', 'walk-2026-12-03']));
    expect([push.branch, push.pushed, push.conflicts]).toEqual(['walk-2026-12-03', 1, 0]);
    const branches = await fetch(`${peer.url}/api/plugins/branching/branches/?name=walk-2026-12-03`, { headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json' } });
    const [branch] = ((await branches.json()) as { results: { schema_id: string; status: { value: string } }[] }).results;
    expect(branch?.status.value).toBe('ready');
    expect(await deviceStatus(peer, hall.deviceIds[1], branch?.schema_id)).toBe('failed');
    expect(await deviceStatus(peer, hall.deviceIds[1])).toBe('active');
  }, SYNC_TIMEOUT_MS);
});
