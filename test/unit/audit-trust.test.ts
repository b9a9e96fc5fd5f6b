import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { applyCounts, describeApply } from '../../app/audit/apply-words';
import { identifierProblem } from '../../app/inventory/identifier';
import type { ReconItem } from '../../app/audit/types';
import { testDb } from '../support/db';
import { count, rack, type RackFixture } from '../fixtures/audit/scenario';

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;
let r0: RackFixture;
let r1: RackFixture;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ctx = { db, dbPath: ':test:', actor: 'console user', caller: 'console' };
  r0 = rack(db, 0);
  r1 = rack(db, 1);
});
afterEach(() => cleanup());

const servers = (r: RackFixture): RackFixture['devices'] => r.devices.filter((d) => r.gpus.some((g) => g.deviceId === d.id));

/** Two racks walked whole except one server of r0; no GPU scanned. */
async function walk(includeAccelerators: boolean | undefined): Promise<{ audit: string; absent: RackFixture['devices'][number] }> {
  const start = await callLocal(ctx, 'audit.start', {
    scope: { kind: 'racks', racks: [r0.assetTag, r1.assetTag] },
    technician: 'Niamh Byrne',
    ...(includeAccelerators === undefined ? {} : { includeAccelerators }),
  });
  const absent = servers(r0)[0]!;
  for (const r of [r0, r1]) {
    await callLocal(ctx, 'audit.scan', { audit: start.audit, code: r.assetTag });
    for (const d of r.devices) if (d.id !== absent.id) await callLocal(ctx, 'audit.scan', { audit: start.audit, code: d.serial });
    await callLocal(ctx, 'audit.rackDone', { audit: start.audit, rack: r.assetTag });
  }
  return { audit: start.audit, absent };
}

describe('audit scope and missing GPUs', () => {
  it('defaults to devices: one missing server, no missing GPU, nothing pre-accepted', async () => {
    const { audit, absent } = await walk(undefined);
    const recon = await callLocal(ctx, 'audit.finish', { audit });
    expect(recon.audit.includeAccelerators).toBe(false);
    expect(recon.missing).toBe(1);
    expect(recon.details.missing[0]).toMatchObject({ item: { kind: 'device', id: absent.id }, decision: 'reject', decided: false });
    expect(recon.audit.state).toBe('reconciled');
    // Nothing accepted: an apply changes nothing.
    const applied = await callLocal(ctx, 'audit.apply', { audit });
    expect(applied).toMatchObject({ markedMissing: 0, changes: 0, summary: '0 devices marked missing, 0 GPUs marked missing, 0 devices moved, 0 GPUs moved, 0 devices added' });
  });

  it('GPU-level: GPUs not scanned are listed after the devices, under their server, and not pre-accepted', async () => {
    const { audit, absent } = await walk(true);
    const recon = await callLocal(ctx, 'audit.finish', { audit });
    const gpuCount = r0.gpus.length + r1.gpus.length;
    expect(recon.missing).toBe(1 + gpuCount);
    expect(recon.details.missing[0]?.item).toMatchObject({ kind: 'device', id: absent.id });
    const gpus = recon.details.missing.slice(1);
    expect(gpus.every((m) => m.item?.kind === 'accelerator' && m.server !== null && m.decision === 'reject')).toBe(true);
    // Grouped: each server's GPUs are one run.
    const runs = gpus.map((m) => m.server?.id).filter((id, i, all) => i === 0 || all[i - 1] !== id);
    expect(new Set(runs).size).toBe(runs.length);
    expect(gpus.find((m) => m.server?.id === absent.id)?.server?.label).toContain(db.prepare('SELECT hostname FROM devices WHERE id = ?').pluck().get(absent.id) as string);
  });

  it('bulk decisions by kind, rack and device; apply names the technician and says what changed', async () => {
    const { audit, absent } = await walk(true);
    await callLocal(ctx, 'audit.finish', { audit });
    // The missing server and its own GPUs, by device.
    const byDevice = await callLocal(ctx, 'audit.decideMany', { audit, decision: 'accept', deviceId: absent.id });
    const ownGpus = r0.gpus.filter((g) => g.deviceId === absent.id).length;
    expect(byDevice).toEqual({ decided: 1 + ownGpus, skipped: [] });
    // Every GPU of r1 accepted by rack and kind, then rejected again by kind alone.
    expect(await callLocal(ctx, 'audit.decideMany', { audit, decision: 'accept', rackId: r1.id, kind: 'accelerator' })).toEqual({ decided: r1.gpus.length, skipped: [] });
    expect((await callLocal(ctx, 'audit.decideMany', { audit, decision: 'reject', kind: 'accelerator', rackId: r1.id })).decided).toBe(r1.gpus.length);
    const recon = await callLocal(ctx, 'audit.reconciliation', { audit });
    expect(recon.details.missing.filter((m) => m.decision === 'accept').length).toBe(1 + ownGpus);

    const applied = await callLocal(ctx, 'audit.apply', { audit });
    expect(applied).toMatchObject({ markedMissingDevices: 1, markedMissingAccelerators: ownGpus });
    expect(applied.summary).toBe(`1 device marked missing, ${ownGpus} GPUs marked missing, 0 devices moved, 0 GPUs moved, 0 devices added`);
    const actors = db.prepare('SELECT DISTINCT actor FROM change_log WHERE change_set = ?').pluck().all(`audit:${audit}`);
    expect(actors).toEqual(['Niamh Byrne']);

    const undone = await callLocal(ctx, 'changes.undo', {});
    expect(undone.undoneCount).toBe(1 + ownGpus);
    expect((await callLocal(ctx, 'audit.reconciliation', { audit })).audit.state).toBe('reconciled');
    expect(db.prepare('SELECT status FROM devices WHERE id = ?').pluck().get(absent.id)).toBe('active');
    expect((await callLocal(ctx, 'audit.apply', { audit })).markedMissing).toBe(1 + ownGpus);
  });

  it('a bulk accept skips what cannot be accepted as it stands, saying why', async () => {
    const start = await callLocal(ctx, 'audit.start', { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: 'Ana' });
    await callLocal(ctx, 'audit.scan', { audit: start.audit, code: r0.assetTag });
    await callLocal(ctx, 'audit.scan', { audit: start.audit, code: 'BOX-1', u: 40 });
    const result = await callLocal(ctx, 'audit.decideMany', { audit: start.audit, decision: 'accept', category: 'unknown' });
    expect(result).toEqual({ decided: 0, skipped: [{ key: 'unknown:BOX-1', reason: 'choose a device type to add it' }] });
  });
});

describe('the technician of a database', () => {
  it('is asked once, remembered in the database and named on every write instead of the transport', async () => {
    expect(await callLocal(ctx, 'session.get', {})).toMatchObject({ technician: null });
    const id = db.prepare('SELECT id FROM sites LIMIT 1').pluck().get() as number;
    await callLocal(ctx, 'site.update', { id, patch: { name: 'Before naming' } });
    expect(await callLocal(ctx, 'session.setTechnician', { name: '  Aoife Kelly ' })).toMatchObject({ technician: 'Aoife Kelly' });
    await callLocal(ctx, 'site.update', { id, patch: { name: 'After naming' } });
    const actors = db.prepare("SELECT actor FROM change_log WHERE entity = 'site' AND entity_id = ? AND action = 'update' ORDER BY id").pluck().all(id);
    expect(actors).toEqual(['console user', 'Aoife Kelly']);
    await expect(callLocal(ctx, 'session.setTechnician', { name: 'Eve\u202Egnp.exe' })).rejects.toThrow(/bidirectional control character \(U\+202E\) at character 4/);
    await expect(callLocal(ctx, 'session.setTechnician', { name: '   ' })).rejects.toThrow(/Enter your name/);
    expect(count(db, "SELECT count(*) FROM meta WHERE key = 'technician'")).toBe(1);
  });
});

describe('identifier rules', () => {
  it.each([
    ['SN\u0000', 'a NUL character (U+0000) at character 3'],
    ['SN\n1', 'a line break (U+000A) at character 3'],
    ['S\u200BN', 'a zero-width character (U+200B) at character 2'],
    ['\u2066SN', 'a bidirectional control character (U+2066) at character 1'],
    ['S\tN', 'a control character (U+0009) at character 2'],
    ['S\u007FN', 'a control character (U+007F) at character 2'],
  ])('refuses %j', (value, reason) => {
    expect(identifierProblem(value, 'Serial')).toBe(`Serial contains ${reason}; type it again without it.`);
  });
  it('accepts ordinary identifiers, including non-ASCII letters', () => {
    for (const v of ['CN0XE999000002', 'dub2-dh1-r01-01-n1', "O'Brien rack", 'Zürich Halle 3', 'AT-9900001']) expect(identifierProblem(v, 'Serial')).toBeNull();
  });
});

describe('the apply sentence', () => {
  const item = (kind: 'device' | 'accelerator', action: ReconItem['action'], decision: ReconItem['decision'], applied = false): ReconItem =>
    ({ action, decision, applied, item: { kind, id: 1, label: '', serial: null, assetTag: null } }) as unknown as ReconItem;
  it('counts only accepted, unapplied items, by action and kind', () => {
    const counts = applyCounts([
      item('device', 'mark-missing', 'accept'),
      item('device', 'mark-missing', 'accept'),
      item('device', 'mark-missing', 'reject'),
      item('accelerator', 'mark-missing', 'accept', true),
      item('device', 'move', 'accept'),
    ]);
    expect(describeApply(counts)).toBe('2 devices marked missing, 0 GPUs marked missing, 1 device moved, 0 GPUs moved, 0 devices added');
  });
});

describe('which console requests wait for the technician', () => {
  it('every write does, no read does, and every name of the exception list is a request', async () => {
    const { consoleWrites, UNRECORDED_REQUESTS } = await import('../../app/api/handlers/session');
    const { contract } = await import('../../app/api/contract');
    for (const name of UNRECORDED_REQUESTS) expect(Object.keys(contract), name).toContain(name);
    const writes = consoleWrites();
    for (const name of ['device.create', 'rack.move', 'changes.undo', 'inventory.import', 'audit.start', 'audit.scan', 'audit.apply', 'rma.open', 'power.element.save']) expect(writes, name).toContain(name);
    for (const name of ['rack.detail', 'inventory.stats', 'audit.list', 'session.get']) expect(writes, name).not.toContain(name);
  });
});
