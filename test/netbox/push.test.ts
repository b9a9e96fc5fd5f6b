import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';
import { startNetboxPeer, type NetboxPeer } from './peer';
import { netboxGet } from './rest';
import { netboxWrite, seedHall, type SeededSite } from './seed';

const PEER_START_TIMEOUT_MS = 20 * 60_000;
const SYNC_TIMEOUT_MS = 5 * 60_000;

interface PushJson {
  dryRun: boolean;
  pushed: number;
  conflicts: number;
  refused: number;
  items: { kind: string; netboxId: number; label: string; fields: string[]; result: string; changelogMessage: string; body: Record<string, unknown> }[];
}

describe('netbox diff and push to a real NetBox', () => {
  let peer: NetboxPeer;
  let hall: SeededSite;
  const tmp = tempDir('fw-netbox-push-');
  const db = path.join(tmp.dir, 'push.db');
  const cli = (args: string[]): string[] => [...args, '--db', db];

  beforeAll(async () => {
    peer = startNetboxPeer();
    hall = await seedHall(peer, 'syn1', { locations: 1, racks: 2, devices: 6, gpusPerDevice: 8 });
    runJson(cli(['init']));
    runJson(cli(['netbox', 'pull', '--url', peer.url, '--token', peer.token, '--site', 'syn1']));
  }, PEER_START_TIMEOUT_MS);
  afterAll(() => {
    peer?.stop();
    tmp.cleanup();
  });

  it('an audit applied offline pushes back exactly its changes, with the audit’s reason as changelog_message', async () => {
    expect(runJson<{ changes: unknown[] }>(cli(['netbox', 'diff', '--url', peer.url])).changes).toEqual([]);
    const { audit } = runJson<{ audit: string }>(cli(['audit', 'start', '--racks', 'SYN1-RK0000', '--by', 'Dana', '--devices-only']));
    runJson(cli(['audit', 'scan', audit, 'SYN1SN000000', '--rack', 'SYN1-RK0000']));
    runJson(cli(['audit', 'scan', audit, 'SYN1SN000001', '--rack', 'SYN1-RK0000']));
    runJson(cli(['audit', 'done', audit, 'SYN1-RK0000']));
    runJson(cli(['audit', 'finish', audit]));
    // Marking a device missing is the technician's decision, never pre-accepted (issue 11).
    runJson(cli(['audit', 'decide-all', audit, 'accept', '--category', 'missing']));
    const applied = runJson<{ markedMissing: number }>(cli(['audit', 'apply', audit, '--reason', 'hall walk 2026-12-03: not found in R01-01']));
    expect(applied.markedMissing).toBe(1);

    const diff = runJson<{ changes: { kind: string; netboxId: number; fields: { field: string; before: unknown; after: unknown }[] }[] }>(cli(['netbox', 'diff', '--url', peer.url]));
    expect(diff.changes).toEqual([expect.objectContaining({ kind: 'device', netboxId: hall.deviceIds[2], fields: [{ field: 'status', before: 'active', after: 'missing' }] })]);

    const dry = runJson<PushJson>(cli(['netbox', 'push', '--url', peer.url, '--dry-run']));
    expect(dry.items.map((i) => [i.netboxId, i.result])).toEqual([[hall.deviceIds[2], 'would push']]);
    const untouched = await netboxGet<{ status: { value: string } }>(peer.url, peer.token, `/api/dcim/devices/${hall.deviceIds[2]}/`);
    expect(untouched.status.value).toBe('active');

    const pushed = runJson<PushJson>(cli(['netbox', 'push', '--url', peer.url]));
    expect([pushed.pushed, pushed.conflicts, pushed.refused]).toEqual([1, 0, 0]);
    const device = await netboxGet<{ status: { value: string } }>(peer.url, peer.token, `/api/dcim/devices/${hall.deviceIds[2]}/`);
    expect(device.status.value).toBe('offline');
    const log = await netboxGet<{ results: { message: string; action: { value: string } }[] }>(
      peer.url, peer.token, `/api/core/object-changes/?changed_object_type=dcim.device&changed_object_id=${hall.deviceIds[2]}&action=update`,
    );
    expect(log.results.map((r) => r.message)).toEqual([expect.stringMatching(/^hall walk 2026-12-03: not found in R01-01: missing, expected in /)]);
    // The other five devices and every GPU were not written.
    const updates = await netboxGet<{ count: number }>(peer.url, peer.token, '/api/core/object-changes/?action=update&limit=1');
    expect(updates.count).toBe(1);
    // Pushed is the new base: nothing left to send.
    expect(runJson<{ changes: unknown[] }>(cli(['netbox', 'diff', '--url', peer.url])).changes).toEqual([]);
  }, SYNC_TIMEOUT_MS);

  it('an object edited in NetBox since the pull is a conflict, and NetBox keeps its value', async () => {
    const target = hall.deviceIds[3];
    runJson(cli(['device', 'set', 'SYN1SN000003', '--status', 'failed', '--reason', 'PSU dead']));
    await netboxWrite(peer, 'PATCH', `dcim/devices/${target}`, { status: 'planned' });
    const run = runFloorwalk(cli(['netbox', 'push', '--url', peer.url, '--json']));
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as PushJson;
    expect(result.items.map((i) => [i.netboxId, i.result])).toEqual([[target, 'conflict']]);
    const device = await netboxGet<{ status: { value: string } }>(peer.url, peer.token, `/api/dcim/devices/${target}/`);
    expect(device.status.value).toBe('planned');
  }, SYNC_TIMEOUT_MS);

  it('refuses --branch where the netbox-branching plugin is not installed', () => {
    const run = runFloorwalk(cli(['netbox', 'push', '--url', peer.url, '--branch', 'audit-1']));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/netbox-branching/);
  });
});
