import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { applyAudit, auditChangeSet, MISSING_DEVICE_STATUS } from '../../app/audit/apply';
import { decide, deviceTypeId } from '../../app/audit/decide';
import { auditRackProgress, setRackDone } from '../../app/audit/progress';
import { finishAudit, reconcile, reconcileItem } from '../../app/audit/reconcile';
import { scanCode } from '../../app/audit/scan';
import { startAudit } from '../../app/audit/start';
import { latestAuditRackShares } from '../../app/audit/floor-progress';
import { undoLastChangeReopeningAudit } from '../../app/audit/undo';
import { testDb } from '../support/db';
import { count, rack, type RackFixture } from '../fixtures/audit/scenario';

let db: Db;
let cleanup: () => void;
let r0: RackFixture;
let r1: RackFixture;
let r2: RackFixture;

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  r0 = rack(db, 0);
  r1 = rack(db, 1);
  r2 = rack(db, 2);
});
afterAll(() => cleanup());

/**
 * A walk of three racks with devices only: R0 fully present except one server, one server of R1 found in
 * R0 (misplaced), an unknown box in R0, one code scanned twice; R1 and R2 partly walked.
 */
function walk(): { audit: string; absent: RackFixture['devices'][number]; stray: RackFixture['devices'][number] } {
  const audit = startAudit(db, { scope: { kind: 'racks', racks: [r0.assetTag, r1.assetTag, r2.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
  const scan = (code: string, u?: number) => scanCode(db, audit, { code, ...(u !== undefined ? { u } : {}) }, 'Ana');
  const servers0 = r0.devices.filter((d) => d.typeSlug !== 'patch-1u-48' && d.u !== null);
  const absent = servers0[0]!;
  const stray = r1.devices.find((d) => d.u !== null && d.typeSlug !== 'patch-1u-48')!;
  scan(r0.assetTag);
  for (const d of r0.devices) if (d.id !== absent.id) scan(d.assetTag);
  scan(r0.devices[0]!.serial);
  scan(stray.assetTag);
  scan('NEW-BOX-77', 35);
  setRackDone(db, audit, r0.assetTag, true, 'Ana');
  scan(r1.assetTag);
  scan(r1.devices[0]!.assetTag);
  return { audit, absent, stray };
}

describe('reconciliation', () => {
  it('counts matched, missing, misplaced, unknown and duplicates, with lists', () => {
    const { audit, absent, stray } = walk();
    const recon = finishAudit(db, audit, 'Ana');
    const expected = r0.devices.length + r1.devices.length + r2.devices.length;
    expect(recon.matched).toBe(r0.devices.length - 1 + 1);
    expect(recon.misplaced).toBe(1);
    expect(recon.unknown).toBe(1);
    expect(recon.duplicates).toBe(1);
    expect(recon.missing).toBe(expected - recon.matched - recon.misplaced);
    expect(recon.details.misplaced[0]).toMatchObject({ key: `misplaced:device:${stray.id}`, from: { rackId: r1.id, u: stray.u }, to: { rackId: r0.id }, decision: 'accept' });
    expect(recon.details.unknown[0]).toMatchObject({ key: 'unknown:NEW-BOX-77', to: { rackId: r0.id, u: 35 }, decision: 'reject', blocker: /device type/ });
    const absentItem = recon.details.missing.find((m) => m.item?.id === absent.id);
    // Nothing destructive is pre-accepted: even in a rack marked done, "mark missing" waits for the technician.
    expect(absentItem).toMatchObject({ decision: 'reject', decided: false, from: { rackId: r0.id } });
    const r2Missing = recon.details.missing.filter((m) => m.from?.rackId === r2.id);
    expect(r2Missing.length).toBe(r2.devices.length);
    expect(recon.details.missing.every((m) => m.decision === 'reject' && !m.decided)).toBe(true);
  });

  it('derives one item from its own rows exactly as the whole reconciliation does', () => {
    const { audit } = walk();
    decide(db, audit, { item: 'unknown:NEW-BOX-77', decision: 'accept', typeId: deviceTypeId(db, 'dell-r760') }, 'Ana');
    const { details } = reconcile(db, audit);
    const items = [...details.missing.slice(0, 5), ...details.misplaced, ...details.unknown];
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) expect(reconcileItem(db, audit, item.key)).toEqual(item);
    expect(reconcileItem(db, audit, `missing:device:${r0.devices[0]!.id}`)).toBeNull();
    expect(reconcileItem(db, audit, 'nonsense')).toBeNull();
  });

  it('reports per-rack progress: done with findings, in progress, pending; and the floor map share', () => {
    const { audit } = walk();
    const progress = new Map(auditRackProgress(db, audit).map((p) => [p.rackId, p]));
    expect(progress.get(r0.id)).toMatchObject({ done: true, status: 'done-with-issues', misplacedHere: 1, unknownHere: 1, notSeen: 1 });
    expect(progress.get(r1.id)?.status).toBe('in-progress');
    expect(progress.get(r2.id)?.status).toBe('pending');
    const shares = latestAuditRackShares(db, count(db, 'SELECT room_id FROM racks WHERE id = ?', r0.id));
    expect(shares.get(r0.id)).toBeCloseTo((r0.devices.length - 1) / r0.devices.length);
    expect(shares.get(r2.id)).toBe(0);
  });

  it('the missing list when a rack is marked done names what was not seen', () => {
    const audit = startAudit(db, { scope: { kind: 'racks', racks: [r2.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    scanCode(db, audit, { code: r2.assetTag }, 'Ana');
    scanCode(db, audit, { code: r2.devices[0]!.serial }, 'Ana');
    const done = setRackDone(db, audit, r2.name, true, 'Ana');
    expect(done.rack.done).toBe(true);
    expect(done.missing.map((m) => m.item.id).sort()).toEqual(r2.devices.slice(1).map((d) => d.id).sort());
  });
});

describe('apply', () => {
  it('applies accepted items as one change set naming the audit: missing marked, misplaced moved, unknown added', () => {
    const { audit, absent, stray } = walk();
    finishAudit(db, audit, 'Ana');
    const typeId = deviceTypeId(db, 'dell-r760');
    const added = decide(db, audit, { item: 'unknown:NEW-BOX-77', decision: 'accept', typeId }, 'Ana');
    expect(added).toMatchObject({ decision: 'accept', blocker: null, typeId });
    decide(db, audit, { item: `misplaced:device:${stray.id}`, decision: 'accept', uPosition: null }, 'Ana');
    decide(db, audit, { item: `missing:device:${absent.id}`, decision: 'accept' }, 'Ana');
    const before = count(db, 'SELECT count(*) FROM change_log');

    const result = applyAudit(db, audit, { actor: 'Ana' });
    expect(result).toMatchObject({ changeSet: auditChangeSet(audit), markedMissing: 1, moved: 1, added: 1, changes: 3, markedMissingDevices: 1, markedMissingAccelerators: 0 });
    expect(result.summary).toBe('1 device marked missing, 0 GPUs marked missing, 1 device moved, 0 GPUs moved, 1 device added');
    const entries = db.prepare('SELECT change_set, actor FROM change_log WHERE id > ?').all(before) as Array<{ change_set: string; actor: string }>;
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.change_set))).toEqual(new Set([`audit:${audit}`]));
    expect(db.prepare('SELECT status FROM devices WHERE id = ?').pluck().get(absent.id)).toBe(MISSING_DEVICE_STATUS);
    expect(db.prepare('SELECT rack_id, u_position FROM devices WHERE id = ?').get(stray.id)).toEqual({ rack_id: r0.id, u_position: null });
    expect(db.prepare("SELECT rack_id, u_position, serial FROM devices WHERE serial = 'NEW-BOX-77'").get()).toEqual({ rack_id: r0.id, u_position: 35, serial: 'NEW-BOX-77' });
    expect(reconcile(db, audit).audit.state).toBe('applied');
    expect(() => applyAudit(db, audit, { actor: 'Ana' })).toThrow(/already applied/);
    expect(() => decide(db, audit, { item: 'unknown:NEW-BOX-77', decision: 'reject' }, 'Ana')).toThrow(/already applied/);

    // Undo treats the change set as one write, puts everything back and sets the audit back to reconciled.
    const undone = undoLastChangeReopeningAudit(db, { actor: 'Ana' });
    expect(undone.undone.changeSet).toBe(`audit:${audit}`);
    expect(undone.reopenedAudit).toBe(audit);
    expect(reconcile(db, audit).audit).toMatchObject({ state: 'reconciled', appliedAt: null, changeSet: null });
    expect(count(db, 'SELECT count(*) FROM audit_applied WHERE audit_id = ?', audit)).toBe(0)
    expect(db.prepare('SELECT status FROM devices WHERE id = ?').pluck().get(absent.id)).toBe('active');
    expect(db.prepare('SELECT rack_id FROM devices WHERE id = ?').pluck().get(stray.id)).toBe(r1.id);
    expect(count(db, "SELECT count(*) FROM devices WHERE serial = 'NEW-BOX-77'")).toBe(0);

    // Applied again after a changed decision: only the missing server this time; then undone for the next test.
    decide(db, audit, { item: 'unknown:NEW-BOX-77', decision: 'reject' }, 'Ana');
    decide(db, audit, { item: `misplaced:device:${stray.id}`, decision: 'reject' }, 'Ana');
    expect(applyAudit(db, audit, { actor: 'Ana' })).toMatchObject({ markedMissing: 1, moved: 0, added: 0 });
    undoLastChangeReopeningAudit(db, { actor: 'Ana' });
  });

  it('a refused item refuses the whole apply: nothing written, the audit stays unapplied', () => {
    const audit = startAudit(db, { scope: { kind: 'racks', racks: [r0.assetTag, r1.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    const stray = r1.devices.find((d) => d.u !== null && d.typeSlug !== 'patch-1u-48')!;
    const occupied = r0.devices.find((d) => d.u !== null && d.typeSlug !== 'patch-1u-48')!;
    scanCode(db, audit, { code: r0.assetTag }, 'Ana');
    scanCode(db, audit, { code: stray.serial, u: occupied.u! }, 'Ana');
    setRackDone(db, audit, r0.assetTag, true, 'Ana');
    const changes = count(db, 'SELECT count(*) FROM change_log');
    expect(() => applyAudit(db, audit, { actor: 'Ana' })).toThrow(/Cannot apply audit .*not free.*nothing was changed/);
    expect(count(db, 'SELECT count(*) FROM change_log')).toBe(changes);
    expect(count(db, 'SELECT count(*) FROM audit_applied WHERE audit_id = ?', audit)).toBe(0);
    expect(db.prepare('SELECT applied_at FROM audits WHERE id = ?').pluck().get(audit)).toBeNull();
    expect(db.prepare('SELECT status FROM devices WHERE id = ?').pluck().get(r0.devices[0]!.id)).toBe('active');
  });

  it('a misplaced GPU needs the server it was found in: the one scanned just before it', () => {
    const audit = startAudit(db, { scope: { kind: 'racks', racks: [r0.assetTag, r1.assetTag] }, technician: 'Ana', includeAccelerators: true }).audit;
    const server = r0.devices.find((d) => d.typeSlug !== 'patch-1u-48' && d.u !== null)!;
    const gpu = r1.gpus[0]!;
    scanCode(db, audit, { code: r0.assetTag }, 'Ana');
    const lone = scanCode(db, audit, { code: r1.gpus[1]!.serial }, 'Ana');
    scanCode(db, audit, { code: server.assetTag }, 'Ana');
    scanCode(db, audit, { code: gpu.serial }, 'Ana');
    expect(lone.result).toBe('misplaced');
    const recon = reconcile(db, audit);
    const withServer = recon.details.misplaced.find((m) => m.item?.id === gpu.id);
    const without = recon.details.misplaced.find((m) => m.item?.id === r1.gpus[1]!.id);
    expect(withServer).toMatchObject({ targetDeviceId: server.id, decision: 'accept', blocker: null });
    expect(without).toMatchObject({ targetDeviceId: null, decision: 'reject', blocker: /server/ });
  });
});
