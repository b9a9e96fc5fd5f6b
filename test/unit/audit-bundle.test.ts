import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { applyAudit } from '../../app/audit/apply';
import { exportAudit, importAudit } from '../../app/audit/bundle';
import { setRackDone } from '../../app/audit/progress';
import { reconcile } from '../../app/audit/reconcile';
import { scanCode } from '../../app/audit/scan';
import { startAudit } from '../../app/audit/start';
import { decide } from '../../app/audit/decide';
import { testDb } from '../support/db';
import { tempDir } from '../support/temp';
import { copyDb, count, rack, type RackFixture } from '../fixtures/audit/scenario';

let master: Db;
let cleanup: () => void;
let dir: string;
let removeDir: () => void;
let r0: RackFixture;
let r1: RackFixture;

beforeAll(() => {
  ({ db: master, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ({ dir, cleanup: removeDir } = tempDir('floorwalk-audit-bundle-'));
  r0 = rack(master, 0);
  r1 = rack(master, 1);
});
afterAll(() => {
  cleanup();
  removeDir();
});

/** Every row of the audit tables, to prove an import changed nothing. */
function snapshot(db: Db): string {
  return ['audits', 'audit_racks', 'audit_expected', 'audit_scans', 'audit_decisions', 'audit_applied']
    .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()))
    .join('\n');
}

describe('audit bundles', () => {
  it('two laptops scan different racks of one audit; both bundles merge on the master', () => {
    const audit = startAudit(master, { scope: { kind: 'racks', racks: [r0.assetTag, r1.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    const laptopA = copyDb(master, dir, 'laptop-a');
    const laptopB = copyDb(master, dir, 'laptop-b');
    scanCode(laptopA, audit, { code: r0.assetTag }, 'Ana');
    for (const d of r0.devices) scanCode(laptopA, audit, { code: d.assetTag }, 'Ana');
    setRackDone(laptopA, audit, r0.assetTag, true, 'Ana');
    scanCode(laptopB, audit, { code: r1.assetTag }, 'Bo');
    for (const d of r1.devices.slice(1)) scanCode(laptopB, audit, { code: d.serial }, 'Bo');
    scanCode(laptopB, audit, { code: 'STRAY-9' }, 'Bo');
    setRackDone(laptopB, audit, r1.assetTag, true, 'Bo');
    const bundleA = exportAudit(laptopA, audit);
    const bundleB = exportAudit(laptopB, audit);
    laptopA.close();
    laptopB.close();

    const fromA = importAudit(master, bundleA.text, 'a.json');
    expect(fromA).toMatchObject({ audit, created: false, scansAdded: r0.devices.length + 1, racksDoneAdded: 1, unchanged: false });
    const fromB = importAudit(master, bundleB.text, 'b.json');
    expect(fromB).toMatchObject({ scansAdded: r1.devices.length - 1 + 2, racksDoneAdded: 1 });

    const recon = reconcile(master, audit);
    expect(recon.matched).toBe(r0.devices.length + r1.devices.length - 1);
    expect(recon.missing).toBe(1);
    expect(recon.details.missing[0]?.item?.id).toBe(r1.devices[0]!.id);
    // Marking missing is the technician's decision, never pre-accepted.
    expect(recon.details.missing[0]).toMatchObject({ decision: 'reject', decided: false });
    expect(recon.unknown).toBe(1);
    expect(recon.audit.racksDone).toBe(2);
  });

  it('importing the same file twice changes nothing', () => {
    const audit = startAudit(master, { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    const laptop = copyDb(master, dir, 'laptop-twice');
    scanCode(laptop, audit, { code: r0.assetTag }, 'Ana');
    scanCode(laptop, audit, { code: r0.devices[0]!.assetTag }, 'Ana');
    decide(laptop, audit, { item: `missing:device:${r0.devices[1]!.id}`, decision: 'accept' }, 'Ana');
    const bundle = exportAudit(laptop, audit);
    laptop.close();
    const first = importAudit(master, bundle.text, 'x.json');
    expect(first).toMatchObject({ scansAdded: 2, decisionsChanged: 1, unchanged: false });
    const before = snapshot(master);
    const second = importAudit(master, bundle.text, 'x.json');
    expect(second).toEqual({ audit, created: false, scansAdded: 0, racksDoneAdded: 0, decisionsChanged: 0, unchanged: true });
    expect(snapshot(master)).toBe(before);
  });

  it('an audit started on a laptop arrives whole on the master, and the master can apply it', () => {
    const laptop = copyDb(master, dir, 'laptop-new');
    const audit = startAudit(laptop, { scope: { kind: 'racks', racks: [r1.assetTag] }, technician: 'Cy', includeAccelerators: false }).audit;
    scanCode(laptop, audit, { code: r1.assetTag }, 'Cy');
    for (const d of r1.devices) scanCode(laptop, audit, { code: d.assetTag }, 'Cy');
    const bundle = exportAudit(laptop, audit);
    laptop.close();
    const result = importAudit(master, bundle.text, 'new.json');
    expect(result).toMatchObject({ audit, created: true, scansAdded: r1.devices.length + 1 });
    expect(reconcile(master, audit)).toMatchObject({ matched: r1.devices.length, missing: 0 });
    expect(applyAudit(master, audit, { actor: 'Cy' })).toMatchObject({ changes: 0 });
  });

  it('refuses a file from another inventory, saying why, and writes nothing', () => {
    const other = testDb({ demoAccelerators: 800, seed: 1 });
    try {
      const audit = startAudit(other.db, { scope: { kind: 'room', room: 'PHX1/DH1' }, technician: 'Dee', includeAccelerators: false }).audit;
      const bundle = exportAudit(other.db, audit);
      const before = snapshot(master);
      expect(() => importAudit(master, bundle.text, 'other.json')).toThrow(/other\.json comes from another inventory .*copy of the database it was started on/);
      expect(snapshot(master)).toBe(before);
    } finally {
      other.cleanup();
    }
  });

  it('refuses an altered file, a file of a newer format, and a file that is not an audit', () => {
    const audit = startAudit(master, { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    const { text } = exportAudit(master, audit);
    const altered = text.replace('"technician":"Ana"', '"technician":"Eve"');
    expect(altered).not.toBe(text);
    expect(() => importAudit(master, altered, 'altered.json')).toThrow(/changed or damaged after it was exported/);
    const newer = JSON.stringify({ ...(JSON.parse(text) as object), formatVersion: 99 });
    expect(() => importAudit(master, newer, 'newer.json')).toThrow(/newer Floorwalk/);
    expect(() => importAudit(master, '{"hello":1}', 'hello.json')).toThrow(/not a Floorwalk audit file/);
    expect(() => importAudit(master, 'PK\u0003\u0004', 'zip.json')).toThrow(/not JSON/);
  });

  it('an applied audit takes no new scans from a bundle', () => {
    const audit = startAudit(master, { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    const laptop = copyDb(master, dir, 'laptop-late');
    scanCode(laptop, audit, { code: r0.assetTag }, 'Ana');
    const bundle = exportAudit(laptop, audit);
    laptop.close();
    applyAudit(master, audit, { actor: 'Ana' });
    expect(() => importAudit(master, bundle.text, 'late.json')).toThrow(/was applied here/);
    expect(count(master, 'SELECT count(*) FROM audit_scans WHERE audit_id = ?', audit)).toBe(0);
  });

  it('writes a bundle with format, version, fingerprint and hash', () => {
    const audit = startAudit(master, { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: 'Ana', includeAccelerators: false }).audit;
    const exported = exportAudit(master, audit);
    const file = path.join(dir, exported.filename);
    fs.writeFileSync(file, exported.text);
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      format: 'floorwalk-audit',
      formatVersion: 1,
      inventory: { id: master.prepare("SELECT value FROM meta WHERE key = 'inventory_id'").pluck().get() },
      audit: { id: audit, technician: 'Ana' },
      integrity: { algorithm: 'sha256', hash: exported.hash },
    });
  });
});
