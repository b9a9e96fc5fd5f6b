import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJson } from '../support/cli';
import { tempDir } from '../support/temp';
import { NetboxBrowserSession } from './import-form';
import { startNetboxPeer, type NetboxPeer } from './peer';
import { netboxCount, netboxGet } from './rest';

/** Installing and migrating a NetBox the first time on a machine takes minutes; later starts take seconds. */
const PEER_START_TIMEOUT_MS = 20 * 60_000;
/** NetBox's form validates row by row; 3,000 objects take a few minutes on two cores. */
const IMPORT_TIMEOUT_MS = 15 * 60_000;

interface ExportJson {
  files: { kind: string; out: string; rows: number; importPath: string }[];
  notes: { kind: string; row: number; field: string; note: string }[];
  skipped: { kind: string; what: string; reason: string }[];
}

describe('export inventory --format netbox, loaded by a real NetBox’s own import form', () => {
  let peer: NetboxPeer;
  const tmp = tempDir('fw-netbox-export-');
  const db = path.join(tmp.dir, 'demo.db');

  beforeAll(() => {
    peer = startNetboxPeer();
    runJson(['demo', '--accelerators', '2400', '--db', db]);
  }, PEER_START_TIMEOUT_MS);
  afterAll(() => {
    peer?.stop();
    tmp.cleanup();
  });

  it('writes every kind, and NetBox imports each file unchanged with everything in it', async () => {
    const out = path.join(tmp.dir, 'netbox');
    const result = runJson<ExportJson>(['export', 'inventory', '--kind', 'all', '--format', 'netbox', '--out', out, '--db', db]);
    expect(result.files.map((f) => f.kind)).toEqual([
      'custom-fields', 'manufacturers', 'device-roles', 'inventory-item-roles', 'device-types', 'sites', 'locations', 'racks', 'devices', 'inventory-items',
    ]);
    const session = await NetboxBrowserSession.login(peer.url, peer.username, peer.password);
    for (const file of result.files) {
      const started = Date.now();
      await session.importCsv(file.importPath, fs.readFileSync(file.out, 'utf8'));
      process.stderr.write(`[netbox import] ${file.rows} ${file.kind} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }

    const stats = runJson<{ sites: number; rooms: number; racks: number; devices: number; accelerators: number }>(['stats', '--db', db]);
    const rows = (kind: string): number => result.files.find((f) => f.kind === kind)?.rows ?? -1;
    expect(await netboxCount(peer.url, peer.token, 'dcim/sites')).toBe(stats.sites);
    expect(await netboxCount(peer.url, peer.token, 'dcim/locations')).toBe(stats.rooms);
    expect(await netboxCount(peer.url, peer.token, 'dcim/racks')).toBe(stats.racks);
    expect(await netboxCount(peer.url, peer.token, 'dcim/devices')).toBe(rows('devices'));
    expect(rows('devices') + result.skipped.filter((s) => s.kind === 'devices').length).toBe(stats.devices);
    expect(await netboxCount(peer.url, peer.token, 'dcim/inventory-items', '&role=gpu')).toBe(stats.accelerators);

    // One GPU read back field by field: serial, part id and the two custom fields arrive as written.
    const csvLines = fs.readFileSync(result.files.find((f) => f.kind === 'inventory-items')?.out ?? '', 'utf8').split('\r\n');
    const [device, name, , , partId, serial, , uuid, bus] = (csvLines[1] ?? '').split(',');
    const items = await netboxGet<{ results: { part_id: string; serial: string; custom_fields: Record<string, string> }[] }>(
      peer.url, peer.token, `/api/dcim/inventory-items/?device=${device ?? ''}&name=${name ?? ''}`,
    );
    expect(items.results).toHaveLength(1);
    expect(items.results[0]).toMatchObject({ part_id: partId, serial, custom_fields: { gpu_uuid: uuid, pci_bus_id: bus } });

    // Zero-U PDUs keep no position and no face; racked servers keep theirs.
    const pdus = await netboxGet<{ results: { position: number | null; face: { value: string } | null }[] }>(peer.url, peer.token, '/api/dcim/devices/?role=pdu&limit=5');
    expect(pdus.results.length).toBeGreaterThan(0);
    for (const pdu of pdus.results) expect([pdu.position, pdu.face]).toEqual([null, null]);
    const nodes = await netboxGet<{ results: { position: number | null; face: { value: string } | null }[] }>(peer.url, peer.token, '/api/dcim/devices/?role=gpu-node&limit=5');
    for (const node of nodes.results) expect([typeof node.position, node.face?.value]).toEqual(['number', 'front']);
  }, IMPORT_TIMEOUT_MS);
});
