import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';
import { startNetboxPeer, type NetboxPeer } from './peer';
import { netboxGet } from './rest';
import { importLike } from './offline';
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

describe('racks, devices and GPUs made offline, pushed to a real NetBox', () => {
  let peer: NetboxPeer;
  const tmp = tempDir('fw-netbox-create-');
  const db = path.join(tmp.dir, 'create.db');
  const cli = (args: string[]): string[] => [...args, '--db', db];

  beforeAll(async () => {
    peer = startNetboxPeer();
    await seedHall(peer, 'new1', { locations: 1, racks: 2, devices: 2, gpusPerDevice: 2 });
    runJson(cli(['init']));
    runJson(cli(['netbox', 'pull', '--url', peer.url, '--token', peer.token, '--site', 'new1']));
  }, PEER_START_TIMEOUT_MS);
  afterAll(() => {
    peer?.stop();
    tmp.cleanup();
  });

  it('are created with their new NetBox ids and the import reason; a second push sends nothing', async () => {
    const reason = 'built R09-01 during the hall walk';
    importLike(db, tmp.dir, 'racks', [{ name: 'R09-01', grid_x: '12', asset_tag: 'NEW1-RK0900' }], reason);
    importLike(db, tmp.dir, 'devices', [{ hostname: 'new1-n0900', rack: 'R09-01', u_position: '11', serial: 'NEW1SN000900', asset_tag: '' }], reason);
    importLike(
      db,
      tmp.dir,
      'accelerators',
      [0, 1].map((slot) => ({ device: 'new1-n0900', device_serial: 'NEW1SN000900', slot: String(slot), serial: `NEW1G90000000${slot}`, uuid: `GPU-90000000-0000-4000-8000-00000000000${slot}`, pci_bus_id: `00000000:${slot === 0 ? '18' : '2A'}:00.0` })),
      reason,
    );
    const diff = runJson<{ changes: { kind: string; netboxId: number | null; created: boolean; label: string }[] }>(cli(['netbox', 'diff', '--url', peer.url]));
    expect(diff.changes.map((c) => [c.kind, c.created, c.netboxId])).toEqual([
      ['rack', true, null],
      ['device', true, null],
      ['inventory_item', true, null],
      ['inventory_item', true, null],
    ]);
    const racksBefore = await netboxGet<{ count: number }>(peer.url, peer.token, '/api/dcim/racks/?limit=1');

    const dry = runJson<PushJson>(cli(['netbox', 'push', '--url', peer.url, '--dry-run']));
    expect(dry.items.map((i) => i.result)).toEqual(['would create', 'would create', 'would create', 'would create']);
    expect((await netboxGet<{ count: number }>(peer.url, peer.token, '/api/dcim/racks/?limit=1')).count).toBe(racksBefore.count);

    const pushed = runJson<PushJson & { created: number }>(cli(['netbox', 'push', '--url', peer.url]));
    expect([pushed.created, pushed.pushed, pushed.conflicts, pushed.refused]).toEqual([4, 0, 0, 0]);
    const [rackItem, deviceItem] = pushed.items;
    const rack = await netboxGet<{ id: number; name: string; asset_tag: string; location: { name: string }; site: { slug: string } }>(peer.url, peer.token, `/api/dcim/racks/${rackItem?.netboxId}/`);
    expect([rack.name, rack.asset_tag, rack.location.name, rack.site.slug]).toEqual(['R09-01', 'NEW1-RK0900', 'DH1', 'new1']);
    const device = await netboxGet<{ name: string; rack: { id: number }; position: number; serial: string; device_type: { model: string } }>(peer.url, peer.token, `/api/dcim/devices/${deviceItem?.netboxId}/`);
    expect([device.name, device.rack.id, device.position, device.serial, device.device_type.model]).toEqual(['new1-n0900', rack.id, 11, 'NEW1SN000900', 'SYS-421GE-TNHR2-LCC']);
    const gpus = await netboxGet<{ results: { name: string; serial: string; role: { slug: string }; custom_fields: Record<string, string> }[] }>(
      peer.url, peer.token, `/api/dcim/inventory-items/?device_id=${deviceItem?.netboxId}&ordering=name`,
    );
    expect(gpus.results.map((g) => [g.name, g.serial, g.role.slug, g.custom_fields['pci_bus_id']])).toEqual([
      ['GPU0', 'NEW1G900000000', 'gpu', '00000000:18:00.0'],
      ['GPU1', 'NEW1G900000001', 'gpu', '00000000:2A:00.0'],
    ]);
    const log = await netboxGet<{ results: { message: string }[] }>(peer.url, peer.token, `/api/core/object-changes/?changed_object_type=dcim.rack&changed_object_id=${rack.id}&action=create`);
    expect(log.results.map((r) => r.message)).toEqual([reason]);

    expect(runJson<{ changes: unknown[] }>(cli(['netbox', 'diff', '--url', peer.url])).changes).toEqual([]);
    const again = runJson<PushJson & { created: number }>(cli(['netbox', 'push', '--url', peer.url]));
    expect(again.items).toEqual([]);
    // A re-pull finds the created objects linked: nothing new locally, nothing duplicated.
    const repull = runJson<{ created: number; racks: number; devices: number; inventoryItems: number }>(cli(['netbox', 'pull', '--url', peer.url, '--site', 'new1']));
    expect([repull.created, repull.racks, repull.devices, repull.inventoryItems]).toEqual([0, 3, 3, 6]);
  }, SYNC_TIMEOUT_MS);

  it('a device whose type NetBox does not have is refused with the reason, and nothing else is held back', () => {
    importLike(db, tmp.dir, 'devices', [{ hostname: 'new1-n0901', rack: 'R09-01', u_position: '21', serial: 'NEW1SN000901', asset_tag: '', device_type: 'dgx-b200' }], 'B200 delivered');
    const run = runFloorwalk(cli(['netbox', 'push', '--url', peer.url, '--json']));
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as PushJson;
    expect(result.items.map((i) => [i.label, i.result])).toEqual([['device new1-n0901', 'refused']]);
    expect(JSON.stringify(result.items[0])).toMatch(/NetBox has no device type .*B200/);
  }, SYNC_TIMEOUT_MS);
});
