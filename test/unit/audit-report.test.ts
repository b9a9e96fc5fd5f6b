import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { labelSheet } from '../../app/audit/labels';
import { setRackDone } from '../../app/audit/progress';
import { qrSvg } from '../../app/audit/qr-svg';
import { finishAudit } from '../../app/audit/reconcile';
import { reconciliationCsv } from '../../app/audit/report-csv';
import { reconciliationHtml } from '../../app/audit/report-html';
import { scanCode } from '../../app/audit/scan';
import { startAudit } from '../../app/audit/start';
import { parseCsvText } from '../../app/core/csv/index';
import { testDb } from '../support/db';
import { count, rack } from '../fixtures/audit/scenario';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterAll(() => cleanup());

describe('audit report', () => {
  it('HTML: summary, a floor map coloured by audit status, rack and finding tables; CSV: a row per finding', () => {
    const r0 = rack(db, 0);
    const audit = startAudit(db, { scope: { kind: 'room', room: 'PHX1/DH1' }, technician: 'Ana <QA>', includeAccelerators: false }).audit;
    scanCode(db, audit, { code: r0.assetTag }, 'Ana');
    for (const d of r0.devices.slice(1)) scanCode(db, audit, { code: d.assetTag }, 'Ana');
    scanCode(db, audit, { code: '=cmd|calc' }, 'Ana');
    setRackDone(db, audit, r0.assetTag, true, 'Ana');
    const recon = finishAudit(db, audit, 'Ana');

    const html = reconciliationHtml(db, recon, '2026-01-01T00:00:00Z');
    expect(html).toContain('class="fw-floor-map"');
    expect(html).toContain(`data-rack-id="${r0.id}"`);
    expect(html).toContain('done, with findings');
    expect(html).toContain('Ana &lt;QA&gt;');
    expect(html).not.toContain('<script');
    expect(html).toContain(`Missing (${recon.missing})`);
    expect(html).toContain(r0.devices[0]!.serial);

    const csv = reconciliationCsv(recon);
    const table = parseCsvText(csv.replace(/^\ufeff/, ''));
    expect(table.header).toEqual(['category', 'code', 'kind', 'item', 'expected_at', 'found_at', 'action', 'decision', 'applied', 'scanned_at']);
    const categories = table.records.map((r) => r.fields[0]);
    expect(categories.filter((c) => c === 'matched')).toHaveLength(recon.matched);
    expect(categories.filter((c) => c === 'missing')).toHaveLength(recon.missing);
    expect(csv).toContain("'=cmd|calc");
  });
});

describe('labels', () => {
  it('prints a QR label per rack and per device with an asset tag, in walking order', () => {
    const sheet = labelSheet(db, { room: 'PHX1/DH1', devices: true });
    const racks = count(db, "SELECT count(*) FROM racks r JOIN rooms rm ON rm.id = r.room_id WHERE rm.name = 'DH1' AND rm.site_id = (SELECT id FROM sites WHERE code = 'PHX1')");
    const devices = count(
      db,
      "SELECT count(*) FROM devices d JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id WHERE rm.name = 'DH1' AND rm.site_id = (SELECT id FROM sites WHERE code = 'PHX1') AND d.asset_tag IS NOT NULL",
    );
    expect(sheet.labels).toBe(racks + devices);
    expect(sheet.html.match(/<svg /g)).toHaveLength(sheet.labels);
    const r0 = rack(db, 0);
    expect(sheet.html.indexOf(r0.assetTag)).toBeLessThan(sheet.html.indexOf(r0.devices[0]!.assetTag));
    expect(labelSheet(db, { racks: [r0.assetTag], devices: false }).labels).toBe(1);
  });

  it('encodes QR codes locally with a quiet zone; longer text takes a larger symbol', () => {
    const small = qrSvg('AT0010219', 96);
    expect(small.modules).toBe(21);
    expect(small.svg).toContain('viewBox="0 0 29 29"');
    expect(qrSvg('PHX1/DH1/R01-01 and a much longer label text than a tag', 96).modules).toBeGreaterThan(21);
  });
});
