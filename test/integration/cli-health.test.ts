import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

interface Finding {
  kind: string;
  severity: string;
  gpu: string | null;
  gpuId: number | null;
  device: string | null;
  rack: string | null;
  path: string;
  title: string;
  evidence: Record<string, string | number | boolean | null>;
  affectedRackIds: number[];
  rmaCase: { id: number; status: string } | null;
}
interface Report {
  findings: Finding[];
  counts: Record<string, number>;
  suspectGpus: number;
  gpusInScope: number;
}
interface CaseJson {
  case: { id: number; status: string; partSerial: string | null; partUuid: string | null; newSerial: string | null; newUuid: string | null; verifiedAt: string | null; events: Array<{ step: string; actor: string; note: string | null }> };
}

/**
 * The break/fix loop as a technician runs it headless: demo inventory and telemetry, `floorwalk health`,
 * an RMA case from a finding, the swap, and a later telemetry file that verifies (or contradicts) it.
 */
describe('floorwalk health and rma', () => {
  const { dir, cleanup } = tempDir('floorwalk-cli-health-');
  const db = path.join(dir, 'health.db');
  const smiFile = (name: string, host: string, rows: Array<{ serial: string; uuid: string; bus: string }>): string => {
    const file = path.join(dir, name);
    const stamp = new Date().toISOString().replace('T', ' ').replace(/-/g, '/').replace('Z', '');
    fs.writeFileSync(
      file,
      [`${host}: timestamp, name, serial, uuid, pci.bus_id, temperature.gpu, power.draw [W]`, ...rows.map((r) => `${host}: ${stamp}, NVIDIA H100 80GB HBM3, ${r.serial}, ${r.uuid}, ${r.bus}, 51, 402.10 W`)].join('\n') + '\n',
    );
    return file;
  };
  const slotOf = (serial: string): { host: string; bus: string; uuid: string | null; slot: number } => {
    const raw = new Database(db, { readonly: true });
    try {
      return raw
        .prepare('SELECT d.hostname AS host, a.pci_bus_id AS bus, a.uuid, a.slot FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE a.serial = ?')
        .get(serial) as { host: string; bus: string; uuid: string | null; slot: number };
    } finally {
      raw.close();
    }
  };

  beforeAll(() => {
    const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '2000', '--seed', '3', '--telemetry-out', path.join(dir, 'telemetry')]);
    expect(demo.code, demo.stderr).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'telemetry')).map((f) => path.join(dir, 'telemetry', f));
    const imported = runFloorwalk(['--db', db, 'import', 'telemetry', ...files, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => cleanup());

  it('lists every demo signal with the contracted keys, worst first', () => {
    const report = runJson<Report>(['--db', db, 'health']);
    for (const f of report.findings) for (const key of ['kind', 'severity', 'gpu', 'device', 'rack', 'path', 'evidence']) expect(f).toHaveProperty(key);
    const kinds = new Set(report.findings.map((f) => f.kind));
    for (const kind of ['xid', 'ecc', 'row_remap', 'throttle', 'unreadable', 'silent', 'leak']) expect(kinds, kind).toContain(kind);
    const severities = report.findings.map((f) => ['critical', 'warning', 'info'].indexOf(f.severity));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));

    const xids = report.findings.filter((f) => f.kind === 'xid').map((f) => [f.evidence['value'], f.severity, f.evidence['file']]);
    expect(xids.sort()).toEqual([
      [48, 'critical', 'dub2-dcgm-metrics.prom'],
      [79, 'critical', 'dub2-dcgm-metrics.prom'],
    ]);
    const fellOff = report.findings.find((f) => f.kind === 'xid' && f.evidence['value'] === 79);
    expect(fellOff?.title).toBe('XID 79 — GPU has fallen off the bus');
    expect(fellOff?.path).toMatch(/^DUB2 \/ DH1 \/ R\d\d-\d\d \/ U\d+ \/ dub2-[a-z0-9-]+ \/ GPU \d$/);

    // The dying PHX1 GPU is reported once, as unreadable, not also as silent.
    const unreadable = report.findings.filter((f) => f.kind === 'unreadable');
    expect(unreadable).toHaveLength(1);
    expect(report.findings.filter((f) => f.kind === 'silent' && f.gpuId === unreadable[0]?.gpuId)).toHaveLength(0);
    expect(unreadable[0]?.evidence['message']).toMatch(/Unable to determine the device handle/);

    // The leaking CDU puts every rack on its loop at risk.
    const leak = report.findings.find((f) => f.kind === 'leak');
    const raw = new Database(db, { readonly: true });
    const loopRacks = raw.prepare(`SELECT rk.id FROM racks rk JOIN cooling_units cu ON cu.loop_id = rk.loop_id WHERE cu.name = 'CDU-R01' AND cu.room_id = (SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'DUB2') ORDER BY rk.id`).pluck().all();
    raw.close();
    expect(leak?.severity).toBe('critical');
    expect(leak?.affectedRackIds).toEqual(loopRacks);
    expect(loopRacks.length).toBeGreaterThan(0);

    const phx = runJson<Report>(['--db', db, 'health', '--room', 'PHX1/DH1']);
    expect(phx.findings.length).toBeGreaterThan(0);
    expect(phx.findings.every((f) => f.path.startsWith('PHX1 / DH1 / '))).toBe(true);
    expect(runFloorwalk(['--db', db, 'health', '--kind', 'bogus']).code).toBe(2);
  });

  it('runs a case from finding to verified swap, and keeps the slot and serial history', () => {
    const ecc = runJson<Report>(['--db', db, 'health', '--kind', 'ecc']).findings[0];
    expect(ecc?.gpu).toBeTruthy();
    const oldSerial = ecc?.gpu ?? '';
    const before = slotOf(oldSerial);

    expect(runFloorwalk(['--db', db, 'rma', 'open', oldSerial]).code).toBe(2);
    const opened = runJson<CaseJson>(['--db', db, 'rma', 'open', oldSerial, '--by', 'Ana Ruiz', '--reason', 'uncorrected ECC']);
    expect(opened.case.status).toBe('rma-open');
    expect(opened.case.partUuid).toBe(before.uuid);
    const again = runFloorwalk(['--db', db, 'rma', 'open', oldSerial, '--by', 'Ana Ruiz']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has RMA case 1/);
    // The finding now names its case.
    expect(runJson<Report>(['--db', db, 'health', '--kind', 'ecc']).findings[0]?.rmaCase).toEqual({ id: 1, status: 'rma-open' });

    const wrong = runFloorwalk(['--db', db, 'rma', 'swap', '1', '--new-serial', '1654999000001', '--removed-serial', '1650000000000', '--by', 'Ana Ruiz']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/The part pulled is 1650000000000/);
    const swapped = runJson<CaseJson>(['--db', db, 'rma', 'swap', '1', '--new-serial', '1654999000001', '--removed-serial', oldSerial, '--by', 'Ben Okoro']);
    expect(swapped.case.status).toBe('replaced');
    expect(swapped.case.events.map((e) => `${e.step}:${e.actor}`)).toEqual(['open:Ana Ruiz', 'remove:Ben Okoro', 'install:Ben Okoro']);
    expect(slotOf('1654999000001')).toEqual({ ...before, uuid: null });
    // The ECC readings were about the removed part: they no longer flag the slot, and the report says so.
    const afterSwap = runJson<Report & { beforeSwap: number }>(['--db', db, 'health', '--kind', 'ecc']);
    expect(afterSwap.findings).toHaveLength(0);
    expect(afterSwap.beforeSwap).toBe(1);

    // The removed part is never deleted: its serial still answers, and it cannot be opened again as if in a slot.
    const old = runJson<{ serial: { now: string; slots: Array<{ serial: string; removedAt: string | null }> } }>(['--db', db, 'rma', 'history', oldSerial]);
    expect(old.serial.now).toMatch(/^removed from .* GPU \d+ on .* \(RMA case 1\)$/);
    expect(runFloorwalk(['--db', db, 'rma', 'open', oldSerial, '--by', 'Ana Ruiz']).stderr).toMatch(/was removed from/);

    // The next telemetry file reports the new GPU in that slot: the swap is verified and the slot learns its UUID.
    const newUuid = 'GPU-11111111-2222-4333-8444-555555555555';
    const imported = runJson<{ files: Array<{ swaps: Array<{ caseId: number; outcome: string }> }> }>([
      '--db',
      db,
      'import',
      'telemetry',
      smiFile('after-swap.csv', before.host, [{ serial: '1654999000001', uuid: newUuid, bus: before.bus }]),
    ]);
    const swaps = imported.files.flatMap((r) => r.swaps);
    expect(swaps).toEqual([{ caseId: 1, outcome: 'verified', uuid: newUuid }]);
    const shown = runJson<CaseJson>(['--db', db, 'rma', 'show', '1']);
    expect(shown.case.newUuid).toBe(newUuid);
    expect(shown.case.verifiedAt).not.toBeNull();
    expect(slotOf('1654999000001').uuid).toBe(newUuid);
    const slot = runJson<{ slot: { entries: Array<{ serial: string; uuid: string | null; current: boolean }> } }>(['--db', db, 'rma', 'history', '1654999000001']);
    expect(slot.slot.entries.map((e) => [e.serial, e.uuid, e.current])).toEqual([
      [oldSerial, before.uuid, false],
      ['1654999000001', newUuid, true],
    ]);

    const closed = runJson<CaseJson>(['--db', db, 'rma', 'close', '1', '--by', 'Ana Ruiz']);
    expect(closed.case.status).toBe('returned');
    expect(runJson<{ cases: unknown[] }>(['--db', db, 'rma', 'list', '--status', 'open']).cases).toHaveLength(0);
  });

  it('reports a swap the telemetry contradicts, and closes an unswapped case only with a reason', () => {
    const remap = runJson<Report>(['--db', db, 'health', '--kind', 'row_remap']).findings[0];
    const serial = remap?.gpu ?? '';
    const before = slotOf(serial);
    runJson<CaseJson>(['--db', db, 'rma', 'open', serial, '--by', 'Ana Ruiz', '--suspect']);
    const swapped = runJson<CaseJson>(['--db', db, 'rma', 'swap', '2', '--new-serial', '1654999000002', '--by', 'Ana Ruiz']);
    expect(swapped.case.status).toBe('replaced');
    // The old GPU still answers in the slot: the swap is not confirmed, and Health says so.
    runJson(['--db', db, 'import', 'telemetry', smiFile('old-still-there.csv', before.host, [{ serial, uuid: before.uuid ?? '', bus: before.bus }])]);
    const unconfirmed = runJson<Report>(['--db', db, 'health', '--kind', 'swap_unconfirmed']).findings;
    expect(unconfirmed).toHaveLength(1);
    expect(unconfirmed[0]?.evidence['case']).toBe(2);
    expect(runJson<CaseJson>(['--db', db, 'rma', 'show', '2']).case.verifiedAt).toBeNull();

    const other = runJson<Report>(['--db', db, 'health', '--kind', 'throttle']).findings[0]?.gpu ?? '';
    runJson<CaseJson>(['--db', db, 'rma', 'open', other, '--by', 'Ana Ruiz', '--suspect']);
    const refused = runFloorwalk(['--db', db, 'rma', 'close', '3', '--by', 'Ana Ruiz']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/needs a note/);
    expect(runJson<CaseJson>(['--db', db, 'rma', 'close', '3', '--by', 'Ana Ruiz', '--note', 'inlet fixed, throttling gone']).case.status).toBe('returned');
  });
});
