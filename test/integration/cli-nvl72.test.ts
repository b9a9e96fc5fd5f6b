import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

interface Domain {
  rack: string;
  room: string;
  state: string;
  reason: string;
  computeTrays: number;
  switchTrays: number;
  gpusHealthy: number;
}
interface Finding {
  kind: string;
  severity: string;
  rack: string | null;
  device: string | null;
  path: string;
}
interface CaseJson {
  case: { id: number; status: string; partSerial: string | null; boardSerial: string | null; boardCaseIds: number[]; slot: number; newSerial: string | null; verifiedAt: string | null };
}

/**
 * Issue 14's rack-scale half, headless: the demo's GB200 NVL72 hall (domains as units, a tray leak on the
 * map), and a GB200 board, whose two GPUs share one serial, replaced as one part and verified by telemetry.
 */
describe('NVL72 hall and GB200 boards', () => {
  const { dir, cleanup } = tempDir('floorwalk-cli-nvl72-');
  const db = path.join(dir, 'nvl.db');
  const sql = <T>(query: string, ...params: unknown[]): T[] => {
    const raw = new Database(db, { readonly: true });
    try {
      return raw.prepare(query).all(...params) as T[];
    } finally {
      raw.close();
    }
  };

  beforeAll(() => {
    expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '10000']).code).toBe(0);
    const out = path.join(dir, 'telemetry');
    expect(runFloorwalk(['--db', db, 'demo', '--telemetry-out', out]).code).toBe(0);
    const files = fs.readdirSync(out).filter((f) => f.startsWith('sin1-nvl72-'));
    expect(files.sort()).toEqual(['sin1-nvl72-dcgm.csv', 'sin1-nvl72-leak-detectors.csv']);
    const imported = runJson<{ files: Array<{ ledger: { balanced: boolean }; unmatched_targets: number }> }>(['--db', db, 'import', 'telemetry', ...files.map((f) => path.join(out, f)), '--json']);
    for (const file of imported.files) expect(file).toMatchObject({ ledger: { balanced: true }, unmatched_targets: 0 });
  });
  afterAll(() => cleanup());

  it('writes one NVL72 hall out of the requested GPUs, with GB200 boards sharing a serial per GPU pair', () => {
    expect(runJson<{ accelerators: number }>(['--db', db, 'stats', '--json']).accelerators).toBe(10_000);
    const racks = sql<{ rack: string; trays: number; switches: number; gpus: number }>(
      `SELECT rk.name AS rack, sum(t.slug LIKE '%compute-tray') AS trays, sum(t.slug LIKE '%switch-tray') AS switches,
              (SELECT count(*) FROM accelerators a JOIN devices d2 ON d2.id = a.device_id WHERE d2.rack_id = rk.id) AS gpus
       FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN devices d ON d.rack_id = rk.id JOIN device_types t ON t.id = d.type_id
       WHERE rm.name = 'NVL1' GROUP BY rk.id ORDER BY rk.name`,
    );
    expect(racks).toHaveLength(16);
    for (const rack of racks) expect(rack).toMatchObject({ trays: 18, switches: 9, gpus: 72 });
    const boards = sql<{ n: number }>(`SELECT count(*) AS n FROM accelerators WHERE board_serial IS NOT NULL GROUP BY device_id, board_serial`);
    expect(boards).toHaveLength(16 * 18 * 2);
    expect(new Set(boards.map((b) => b.n))).toEqual(new Set([2]));
  });

  it('reports every NVL72 rack as one NVLink domain, with the XID and the leak of the demo story', () => {
    const report = runJson<{ domains: Domain[]; findings: Finding[] }>(['--db', db, 'health', '--room', 'SIN1/NVL1', '--json']);
    expect(report.domains).toHaveLength(16);
    const byRack = new Map(report.domains.map((d) => [d.rack, d]));
    expect(byRack.get('R01-01')).toMatchObject({ state: 'healthy', gpusHealthy: 72 });
    expect(byRack.get('R01-02')).toMatchObject({ state: 'degraded', gpusHealthy: 71 });
    expect(byRack.get('R01-04')).toMatchObject({ state: 'degraded', gpusHealthy: 68, reason: '68/72 GPUs healthy (1 compute tray out of service)' });
    expect(byRack.get('R02-03')).toMatchObject({ state: 'impaired', gpusHealthy: 60 });
    expect(byRack.get('R02-06')).toMatchObject({ state: 'degraded', switchTrays: 8, reason: '8/9 NVLink switch trays' });
    expect(report.domains.filter((d) => d.state === 'healthy')).toHaveLength(12);
    const kinds = report.findings.map((f) => `${f.kind}:${f.severity}:${f.device ?? ''}`);
    expect(kinds).toEqual(['leak:critical:sin1-nvl1-r01-07-c11', 'xid:critical:sin1-nvl1-r01-02-c07']);
  });

  it('colours the floor map by health: a PNG of the hall with the domain and leak states', () => {
    const out = path.join(dir, 'nvl1-health.png');
    const result = runJson<{ colorBy: string; racks: number; bytes: number }>(['--db', db, 'render', 'floor', '--room', 'SIN1/NVL1', '--out', out, '--color-by', 'health', '--json']);
    expect(result).toMatchObject({ colorBy: 'health', racks: 16 });
    const svg = path.join(dir, 'nvl1-health.svg');
    runJson(['--db', db, 'render', 'floor', '--room', 'SIN1/NVL1', '--out', svg, '--color-by', 'health', '--json']);
    const text = fs.readFileSync(svg, 'utf8');
    expect(text).toContain('leak at or feeding the rack (1)');
    expect(text).toContain('NVL72 domain impaired (&lt; 64 GPUs) (1)');
    expect(text).toContain('no finding (11)');
  });

  it('replaces a GB200 board as one part: two cases, both slots swapped, both verified by the next file', () => {
    const tray = 'sin1-nvl1-r01-01-c03';
    const before = sql<{ id: number; slot: number; board: string; uuid: string; bus: string }>(
      `SELECT a.id, a.slot, a.board_serial AS board, a.uuid, a.pci_bus_id AS bus FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = ? ORDER BY a.slot`,
      tray,
    );
    const board = before[0]?.board as string;
    expect(before[1]?.board).toBe(board);
    expect(before[2]?.board).not.toBe(board);

    const opened = runJson<CaseJson>(['--db', db, 'rma', 'open', board, '--by', 'Wei Lin', '--reason', 'XID 79 on GPU 0', '--json']).case;
    expect(opened).toMatchObject({ status: 'rma-open', partSerial: board, boardSerial: board, slot: 0 });
    expect(opened.boardCaseIds).toHaveLength(2);
    const sibling = opened.boardCaseIds.find((id) => id !== opened.id) as number;
    expect(sql<{ status: string }>(`SELECT status FROM accelerators WHERE id IN (?, ?)`, before[0]?.id, before[1]?.id).map((r) => r.status)).toEqual(['rma', 'rma']);
    expect(sql<{ status: string }>(`SELECT status FROM accelerators WHERE id = ?`, before[2]?.id)[0]?.status).toBe('ok');

    // The other board of the tray cannot take the new board's serial, and the pulled board is checked.
    const wrong = runFloorwalk(['--db', db, 'rma', 'swap', String(opened.id), '--new-serial', before[2]?.board as string, '--by', 'Wei Lin']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/already sin1-nvl1-r01-01-c03 GPU 2/);

    const newBoard = '1830999000123';
    const swapped = runJson<CaseJson>(['--db', db, 'rma', 'swap', String(sibling), '--new-serial', newBoard, '--removed-serial', board, '--by', 'Wei Lin', '--json']).case;
    expect(swapped).toMatchObject({ id: sibling, status: 'replaced', newSerial: newBoard });
    const after = sql<{ slot: number; board: string; uuid: string | null; status: string }>(
      `SELECT a.slot, a.board_serial AS board, a.uuid, a.status FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = ? AND a.slot < 2 ORDER BY a.slot`,
      tray,
    );
    expect(after).toEqual([
      { slot: 0, board: newBoard, uuid: null, status: 'ok' },
      { slot: 1, board: newBoard, uuid: null, status: 'ok' },
    ]);
    const history = runJson<{ serial: { slots: Array<{ slot: number; current: boolean; removedCaseId: number | null }>; now: string } }>(['--db', db, 'rma', 'history', board, '--json']).serial;
    expect(history.slots.map((s) => [s.slot, s.current])).toEqual([
      [0, false],
      [1, false],
    ]);
    expect(history.now).toMatch(/^removed from sin1-nvl1-r01-01-c03 GPU \d/);
    expect(runJson<{ serial: { now: string } }>(['--db', db, 'rma', 'history', newBoard, '--json']).serial.now).toBe('in sin1-nvl1-r01-01-c03 GPUs 0 and 1 (GB200 board)');

    // Search finds the board by its serial (both GPUs), and the pulled board as a removed part of the slot.
    const hits = runJson<Array<{ field: string; label: string; path: string }>>(['--db', db, 'search', board, '--json']);
    expect(hits.map((h) => h.field)).toEqual(['removed_serial', 'removed_serial']);
    expect(hits[0]?.label).toMatch(new RegExp(`^${board} — removed from sin1-nvl1-r01-01-c03 GPU 0 on RMA case ${opened.id} \\(\\d{4}-\\d\\d-\\d\\d\\)$`));
    expect(runJson<Array<{ field: string; path: string }>>(['--db', db, 'search', newBoard, '--json']).map((h) => [h.field, h.path])).toEqual([
      ['board_serial', 'SIN1 / NVL1 / R01-01 / U30 / slot 0'],
      ['board_serial', 'SIN1 / NVL1 / R01-01 / U30 / slot 1'],
    ]);

    // Undo does not rewrite a swap behind the case's back: the slot history stays as recorded.
    const undo = runFloorwalk(['--db', db, 'undo', '--by', 'Wei Lin']);
    expect(undo.code).not.toBe(0);
    expect(sql<{ board: string }>(`SELECT a.board_serial AS board FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = ? AND a.slot = 0`, tray)[0]?.board).toBe(newBoard);

    // nvidia-smi on a GB200 tray prints the board serial for both GPUs; new UUIDs at the slots' bus ids verify both.
    const stamp = new Date().toISOString().replace('T', ' ').replace(/-/g, '/').replace('Z', '');
    const file = path.join(dir, 'after-swap.csv');
    fs.writeFileSync(
      file,
      [
        `${tray}: timestamp, name, serial, uuid, pci.bus_id, temperature.gpu, power.draw [W]`,
        `${tray}: ${stamp}, NVIDIA GB200, ${newBoard}, GPU-1b2c3d4e-0000-4000-8000-00000000000a, ${before[0]?.bus}, 49, 1011.20 W`,
        `${tray}: ${stamp}, NVIDIA GB200, ${newBoard}, GPU-1b2c3d4e-0000-4000-8000-00000000000b, ${before[1]?.bus}, 50, 1020.70 W`,
      ].join('\n') + '\n',
    );
    const imported = runJson<{ files: Array<{ swaps: Array<{ caseId: number; outcome: string }> }> }>(['--db', db, 'import', 'telemetry', file, '--json']);
    expect(imported.files[0]?.swaps.map((s) => s.outcome)).toEqual(['verified', 'verified']);
    expect(sql<{ uuid: string }>(`SELECT a.uuid FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE d.hostname = ? AND a.slot < 2 ORDER BY a.slot`, tray).map((r) => r.uuid)).toEqual([
      'GPU-1b2c3d4e-0000-4000-8000-00000000000a',
      'GPU-1b2c3d4e-0000-4000-8000-00000000000b',
    ]);

    const closed = runJson<CaseJson>(['--db', db, 'rma', 'close', String(opened.id), '--by', 'Wei Lin', '--json']).case;
    expect(closed.status).toBe('returned');
    expect(runJson<CaseJson>(['--db', db, 'rma', 'show', String(sibling), '--json']).case.status).toBe('returned');
  });
});
