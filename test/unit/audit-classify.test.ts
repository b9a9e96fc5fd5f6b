import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { finishAudit } from '../../app/audit/reconcile';
import { normaliseCode, scanCode } from '../../app/audit/scan';
import { startAudit } from '../../app/audit/start';
import { FloorwalkError } from '../../app/core/errors';
import { testDb } from '../support/db';
import { count, rack, type RackFixture } from '../fixtures/audit/scenario';

let db: Db;
let cleanup: () => void;
let r0: RackFixture;
let r1: RackFixture;
let audit: string;

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  r0 = rack(db, 0);
  r1 = rack(db, 1);
  audit = startAudit(db, { scope: { kind: 'room', room: 'PHX1/DH1' }, technician: 'Ana', includeAccelerators: true }).audit;
});
afterAll(() => cleanup());

const scan = (code: string, extra: { rack?: string; u?: number } = {}) => scanCode(db, audit, { code, ...extra }, 'Ana');

describe('audit start', () => {
  it('freezes every scannable device (not planned) and every GPU with a serial of the room', () => {
    const devices = count(
      db,
      `SELECT count(*) FROM devices d JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id
       WHERE rm.name = 'DH1' AND rm.site_id = (SELECT id FROM sites WHERE code = 'PHX1') AND d.status <> 'planned' AND (d.serial IS NOT NULL OR d.asset_tag IS NOT NULL)`,
    );
    const gpus = count(
      db,
      `SELECT count(*) FROM accelerators g JOIN devices d ON d.id = g.device_id JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id
       WHERE rm.name = 'DH1' AND rm.site_id = (SELECT id FROM sites WHERE code = 'PHX1') AND g.serial IS NOT NULL`,
    );
    expect(count(db, 'SELECT expected_count FROM audits WHERE id = ?', audit)).toBe(devices + gpus);
    expect(audit).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('devices-only audits leave the GPUs out, and an audit of chosen racks holds just those', () => {
    const started = startAudit(db, { scope: { kind: 'racks', racks: [r0.assetTag, r1.path] }, technician: 'Bo', includeAccelerators: false });
    expect(started.expected).toBe(r0.devices.length + r1.devices.length);
    expect(count(db, 'SELECT count(*) FROM audit_racks WHERE audit_id = ?', started.audit)).toBe(2);
  });

  it('refuses an unknown room and an empty technician with a sentence', () => {
    expect(() => startAudit(db, { scope: { kind: 'room', room: 'NOPE/DH9' }, technician: 'Ana', includeAccelerators: true })).toThrow(/No room/);
    expect(() => startAudit(db, { scope: { kind: 'room', room: 'PHX1/DH1' }, technician: '  ', includeAccelerators: true })).toThrow(/technician/);
  });
});

describe('scan classification', () => {
  it('needs a rack first: an item scanned before any rack label is refused and not recorded', () => {
    const before = count(db, 'SELECT count(*) FROM audit_scans WHERE audit_id = ?', audit);
    expect(() => scan(r0.devices[0]!.assetTag)).toThrow(/rack label first/);
    expect(count(db, 'SELECT count(*) FROM audit_scans WHERE audit_id = ?', audit)).toBe(before);
  });

  it('a rack label (asset tag) switches the current rack', () => {
    const result = scan(r0.assetTag);
    expect(result.result).toBe('rack');
    expect(result.rack).toMatchObject({ id: r0.id, path: r0.path });
    expect(result.progress.rackExpected).toBe(r0.devices.length + r0.gpus.length);
  });

  it('an item expected in the current rack is matched, by asset tag or serial, in any case', () => {
    const byTag = scan(r0.devices[0]!.assetTag.toLowerCase());
    expect(byTag.result).toBe('matched');
    expect(byTag.item).toMatchObject({ kind: 'device', id: r0.devices[0]!.id });
    const gpu = scan(` ${r0.gpus[0]!.serial}\r`);
    expect(gpu.result).toBe('matched');
    expect(gpu.item).toMatchObject({ kind: 'accelerator', id: r0.gpus[0]!.id });
    expect(gpu.progress.rackSeen).toBe(2);
  });

  it('an item expected elsewhere is misplaced, and says where it is expected', () => {
    const other = r1.devices.find((d) => d.u !== null)!;
    const result = scan(other.serial);
    expect(result.result).toBe('misplaced');
    expect(result.expected).toMatchObject({ rackId: r1.id, rack: r1.path, u: other.u });
    expect(result.message).toContain(`expected in ${r1.path} U${other.u}`);
  });

  it('a code the inventory does not know is unknown; the same code again is a duplicate', () => {
    expect(scan('NOT-IN-INVENTORY-1').result).toBe('unknown');
    const again = scan('not-in-inventory-1');
    expect(again.result).toBe('duplicate');
    expect(again.firstSeen?.rack).toBe(r0.path);
  });

  it('an item seen before is a duplicate, wherever it is scanned again, with where it was first seen', () => {
    scan(r1.name);
    const result = scan(r0.devices[0]!.serial);
    expect(result.result).toBe('duplicate');
    expect(result.firstSeen?.rack).toBe(r0.path);
    expect(result.rack?.id).toBe(r1.id);
  });

  it('an item from outside the audit is misplaced with its inventory place; a rack label from outside is refused', () => {
    const outside = db
      .prepare("SELECT d.serial, s.code || '/' || rm.name || '/' || r.name AS path FROM devices d JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id WHERE s.code = 'DUB2' LIMIT 1")
      .get() as { serial: string; path: string };
    const result = scan(outside.serial);
    expect(result.result).toBe('misplaced');
    expect(result.expected?.rack).toBe(outside.path);
    const foreignRack = db.prepare("SELECT r.asset_tag FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id WHERE s.code = 'DUB2' LIMIT 1").pluck().get() as string;
    expect(() => scan(foreignRack)).toThrow(/not part of this audit/);
  });

  it('--rack sets the rack for the scan and the U is kept', () => {
    const item = r1.devices.find((d) => d.u !== null && d.typeSlug !== 'patch-1u-48')!;
    const result = scan(item.assetTag, { rack: String(r1.id), u: item.u! });
    expect(result.result).toBe('matched');
    expect(count(db, 'SELECT u_position FROM audit_scans WHERE id = ?', result.scan)).toBe(item.u);
    expect(() => scan(r0.devices[1]!.serial, { rack: 'DUB2/DH1/R01-01' })).toThrow(/not part of this audit/);
  });

  it('classifies against the frozen list: a device moved after the start is still expected where it was', () => {
    const moved = r0.devices.find((d) => d.u === null)!;
    db.prepare('UPDATE devices SET rack_id = ? WHERE id = ?').run(r1.id, moved.id);
    scan(r0.assetTag);
    expect(scan(moved.serial).result).toBe('matched');
    db.prepare('UPDATE devices SET rack_id = ? WHERE id = ?').run(r0.id, moved.id);
  });

  it('the current rack is stored with the audit, so scanning resumes at the rack last scanned', () => {
    expect(db.prepare('SELECT current_rack_id FROM audits WHERE id = ?').pluck().get(audit)).toBe(r0.id);
  });

  it('scans are append-only', () => {
    expect(() => db.prepare('UPDATE audit_scans SET code = ? WHERE audit_id = ?').run('x', audit)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_scans WHERE audit_id = ?').run(audit)).toThrow(/append-only/);
  });

  it('a finished audit takes no more scans', () => {
    const other = startAudit(db, { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: 'Cy', includeAccelerators: false }).audit;
    finishAudit(db, other, 'Cy');
    expect(() => scanCode(db, other, { code: r0.assetTag }, 'Cy')).toThrow(FloorwalkError);
  });

  it('normalises what scanners send: control characters and spaces around the code', () => {
    expect(normaliseCode('\u0002AT0001\r\n')).toBe('AT0001');
    expect(() => scan('  \t')).toThrow(/empty/);
  });
});
