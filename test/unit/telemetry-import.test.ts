import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import type { ProgressEvent } from '../../app/core/progress';
import { importTelemetry } from '../../app/telemetry/import';
import { BUCKETS_FOR_ROOM_SQL, LATEST_FOR_ROOM_SQL } from '../../app/telemetry/store/queries';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

let db: Db;
let file: string;
let cleanup: () => void;

beforeEach(() => {
  ({ db, file, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

const ctx = (extra: Partial<HandlerContext> = {}): HandlerContext => ({ db, dbPath: file, actor: 'test', ...extra });
const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** Long-format rows for the racks of PHX1/DH1 (one inlet temperature per rack and minute), from minute `from`. */
function rackRows(from: number, to: number): string {
  const racks = db.prepare(`SELECT name FROM racks WHERE room_id = (SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1')`).pluck().all() as string[];
  const lines = ['timestamp,target,metric,value,unit'];
  for (let minute = from; minute < to; minute++) {
    const at = new Date(Date.UTC(2026, 6, 14, 8, 0) + minute * 60_000).toISOString();
    racks.forEach((rack, i) => lines.push(`${at},PHX1/DH1/${rack},inlet_temp_c,${(20 + i + (minute % 100) / 100).toFixed(2)},C`));
  }
  return `${lines.join('\n')}\n`;
}

async function importText(text: string, name = 'rows.csv', extra: { signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void } = {}) {
  return importTelemetry(db, { source: { text, name } }, { actor: 'test', ...extra });
}

describe('import behaviour', () => {
  it('imports the same file again without duplicates, leaving readings, latest values and figures unchanged', async () => {
    const text = readFixture(db, 'nvsmi-pdsh.csv');
    const first = await importText(text, 'a.csv');
    const snapshot = (): unknown[] => [
      count('telemetry_readings'),
      count('telemetry_targets'),
      db.prepare('SELECT * FROM telemetry_latest ORDER BY metric_id, target_id').all(),
      db.prepare('SELECT * FROM telemetry_metrics ORDER BY id').all(),
    ];
    const before = snapshot();
    const again = await importText(text, 'a.csv');
    expect(again.readings).toBe(0);
    expect(again.duplicates).toBe(first.readings);
    expect(snapshot()).toEqual(before);
    expect(count('telemetry_imports')).toBe(2);
  });

  it('stores only the new part of an overlapping file and keeps the per-metric figures exact', async () => {
    await importText(rackRows(0, 10), 'first.csv');
    const overlap = await importText(rackRows(5, 15), 'second.csv');
    const perMinute = overlap.rows / 10;
    expect(overlap.duplicates).toBe(5 * perMinute);
    expect(overlap.readings).toBe(5 * perMinute);
    const figures = db.prepare(`SELECT count, min_value, max_value, first_ts, last_ts FROM telemetry_metrics WHERE name = 'inlet_temp_c'`).get();
    const truth = db
      .prepare(
        `SELECT count(*) AS count, min(value) AS min_value, max(value) AS max_value, min(ts) AS first_ts, max(ts) AS last_ts
         FROM telemetry_readings WHERE metric_id = (SELECT id FROM telemetry_metrics WHERE name = 'inlet_temp_c')`,
      )
      .get();
    expect(figures).toEqual(truth);
    const stats = await callLocal(ctx(), 'telemetry.stats', { metric: 'inlet_temp_c' });
    expect(stats.metrics).toEqual([{ metric: 'inlet_temp_c', unit: 'C', count: 15 * perMinute, min: 20, max: expect.any(Number) as number, first: '2026-07-14T08:00:00.000Z', last: '2026-07-14T08:14:00.000Z' }]);
  });

  it('rolls everything back when cancelled between chunks', async () => {
    const text = rackRows(0, 6000);
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024);
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    await expect(
      importText(text, 'big.csv', {
        signal: controller.signal,
        onProgress: (event) => {
          events.push(event);
          controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled', message: 'Import of big.csv cancelled; nothing was written.' });
    expect(events.length).toBeGreaterThan(0);
    expect([count('telemetry_readings'), count('telemetry_latest'), count('telemetry_targets'), count('telemetry_imports')]).toEqual([0, 0, 0, 0]);
    expect(db.inTransaction).toBe(false);
  });

  it('reports progress in bytes and rows, at most every 100 ms, never backwards, ending at 100 %', async () => {
    const text = rackRows(0, 2000);
    const events: Array<ProgressEvent & { rows?: number }> = [];
    const result = await importText(text, 'big.csv', { onProgress: (event) => events.push(event) });
    const last = events[events.length - 1];
    expect(last).toMatchObject({ fraction: 1, done: Buffer.byteLength(text), total: Buffer.byteLength(text), rows: result.rows });
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1]!, events[i]!];
      expect(b.fraction).toBeGreaterThanOrEqual(a.fraction);
      expect(b.done).toBeGreaterThanOrEqual(a.done);
      expect(b.rows ?? 0).toBeGreaterThanOrEqual(a.rows ?? 0);
    }
  });

  it('keeps going past bad rows, keeping the first 100 with line, column and reason and counting them all', async () => {
    const good = rackRows(0, 1).trimEnd().split('\n');
    const bad = Array.from({ length: 150 }, (_, i) => `2026-07-14T09:00:00Z,PHX1/DH1/R01-01,inlet_temp_c,x${i},C`);
    const result = await importText([...good.slice(0, 1), ...bad, ...good.slice(1)].join('\n'), 'bad.csv');
    expect(result.rejected).toBe(150);
    expect(result.errors).toHaveLength(100);
    expect(result.errors[99]).toEqual({ line: 101, column: 'value', reason: '"x99" is not a number' });
    expect(result.readings).toBe(good.length - 1);
  });

  it('writes nothing when a file breaks part-way (all or nothing per file)', async () => {
    const text = `sep=;\nTimestamp;Target;Metric;Value\n2026-07-14T08:00:00Z;PHX1/DH1/R01-01;inlet_temp_c;22,5\n2026-07-14T08:01:00Z;"PHX1/DH1/R01-01;inlet_temp_c;23\n`;
    await expect(importText(text, 'broken.csv')).rejects.toThrow(/quoted field that starts here is never closed/);
    expect([count('telemetry_readings'), count('telemetry_targets'), count('telemetry_imports')]).toEqual([0, 0, 0]);
  });

  it('fails clearly on a file with no usable row, an unknown file, a bad time zone, and writes nothing', async () => {
    await expect(importText('timestamp,target,metric,value\n', 'empty.csv')).rejects.toThrow('No usable row in empty.csv: it has no data rows. Nothing was written.');
    await expect(importText('hello world\nthis is a letter\n', 'letter.txt')).rejects.toThrow(/does not recognise this file/);
    await expect(importTelemetry(db, { source: { text: rackRows(0, 1), name: 'a.csv' }, timezone: 'Mars/Base' }, { actor: 'test' })).rejects.toMatchObject({ field: 'timezone' });
    await expect(importTelemetry(db, { source: { path: `${file}.missing.csv` } }, { actor: 'test' })).rejects.toMatchObject({ code: 'not_found' });
    expect(count('telemetry_imports')).toBe(0);
  });

  it('lists targets the inventory lacks and inventory GPUs of reporting hosts that no file mentions', async () => {
    await importText(readFixture(db, 'nvsmi-pdsh.csv'), 'pdsh.csv');
    const report = await callLocal(ctx(), 'telemetry.unmatched', {});
    expect(report.total).toBe(1);
    expect(report.targets[0]).toMatchObject({ label: 'GPU-0badc0de-0000-4000-8000-000000000001 on phx1-dh1-r01-01-n9 (00000000:18:00.0)', metrics: 15, identity: { host: 'phx1-dh1-r01-01-n9', hint: 'gpu' } });
    // n1 reported slots 0 and 1, n2 slots 0 and 2: twelve GPUs of those two hosts said nothing.
    expect(report.silentAcceleratorsTotal).toBe(12);
    expect(report.silentAccelerators.map((a) => `${a.host}#${a.slot}`).slice(0, 3)).toEqual(['phx1-dh1-r01-01-n1#2', 'phx1-dh1-r01-01-n1#3', 'phx1-dh1-r01-01-n1#4']);
    expect(report.silentAccelerators[0]?.place).toBe('PHX1/DH1/R01-01');
  });

  it('moves the readings of unmatched targets onto the inventory once it has them, merging two identities of one GPU', async () => {
    const uuid = 'GPU-0badc0de-0000-4000-8000-0000000000aa';
    const host = 'phx1-dh1-r01-01-n9';
    const header = 'timestamp,target,metric,value,unit';
    await importText(`${header}\n2026-07-14T08:00:00Z,${uuid},gpu_temp_c,61,C\n2026-07-14T08:01:00Z,${uuid},gpu_temp_c,62,C\n`, 'by-uuid.csv');
    await importText(`${header}\n2026-07-14T08:01:00Z,${host}/00000000:18:00.0,gpu_temp_c,62,C\n2026-07-14T08:02:00Z,${host}/00000000:18:00.0,gpu_temp_c,63,C\n`, 'by-bus.csv');
    expect(db.prepare(`SELECT count(*) FROM telemetry_targets WHERE kind = 'unmatched'`).pluck().get()).toBe(2);

    // An audit adds the server and its GPU to rack R01-01.
    const rack = db.prepare(`SELECT id FROM racks WHERE name = 'R01-01' AND room_id = (SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1')`).pluck().get() as number;
    const type = db.prepare(`SELECT id FROM device_types WHERE slug = 'dgx-h100'`).pluck().get() as number;
    const device = Number(db.prepare(`INSERT INTO devices (rack_id, type_id, u_position, role, hostname, status) VALUES (?, ?, NULL, 'gpu-node', ?, 'active')`).run(rack, type, host).lastInsertRowid);
    const gpu = Number(db.prepare(`INSERT INTO accelerators (device_id, slot, model, uuid, pci_bus_id) VALUES (?, 0, 'H100', ?, '00000000:18:00.0')`).run(device, uuid).lastInsertRowid);

    const next = await importText(rackRows(0, 1), 'next.csv');
    expect(next.relinked).toBe(2);
    expect(next.notes.join(' ')).toContain('2 targets from earlier imports that the inventory lacked are in it now');
    const target = db.prepare(`SELECT id FROM telemetry_targets WHERE kind = 'accelerator' AND entity_id = ?`).pluck().get(gpu) as number;
    expect(db.prepare('SELECT ts, value FROM telemetry_readings WHERE target_id = ? ORDER BY ts').all(target)).toEqual([
      { ts: Date.parse('2026-07-14T08:00:00Z'), value: 61 },
      { ts: Date.parse('2026-07-14T08:01:00Z'), value: 62 },
      { ts: Date.parse('2026-07-14T08:02:00Z'), value: 63 },
    ]);
    expect(db.prepare('SELECT ts, value FROM telemetry_latest WHERE target_id = ?').get(target)).toEqual({ ts: Date.parse('2026-07-14T08:02:00Z'), value: 63 });
    expect(db.prepare(`SELECT count(*) FROM telemetry_targets WHERE kind = 'unmatched'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count FROM telemetry_metrics WHERE name = 'gpu_temp_c'`).pluck().get()).toBe(3);
  });

  it('answers latest values and time buckets per room through the contract', async () => {
    await importText(rackRows(0, 30), 'racks.csv');
    await importText(readFixture(db, 'nvsmi-pdsh.csv'), 'pdsh.csv');
    const roomId = db.prepare(`SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1'`).pluck().get() as number;
    const latest = await callLocal(ctx(), 'telemetry.latest', { roomId, metrics: ['inlet_temp_c'] });
    const rackCount = db.prepare('SELECT count(*) FROM racks WHERE room_id = ?').pluck().get(roomId) as number;
    expect(latest).toHaveLength(rackCount);
    expect(latest.every((r) => r.at === '2026-07-14T08:29:00.000Z' && r.kind === 'rack' && r.rackId === r.entityId)).toBe(true);
    const gpus = await callLocal(ctx(), 'telemetry.latest', { roomId, metrics: ['gpu_temp_c'] });
    expect(gpus.map((g) => g.value).sort()).toEqual([59, 60, 61, 90]);
    const buckets = await callLocal(ctx(), 'telemetry.buckets', { roomId, metric: 'inlet_temp_c', from: '2026-07-14T08:00:00Z', to: '2026-07-14T08:30:00Z', bucketMinutes: 10 });
    expect(buckets).toHaveLength(rackCount * 3);
    expect(buckets.every((b) => b.count === 10)).toBe(true);
    const first = buckets.find((b) => b.bucketMs === Date.parse('2026-07-14T08:00:00Z'));
    expect(first && Math.round(first.avg * 1000) / 1000).toBe(Math.round((first!.min + 0.045) * 1000) / 1000);
    await expect(callLocal(ctx(), 'telemetry.latest', {})).rejects.toThrow(/either roomId or targetId/);
  });

  it('keeps latest values and figures right across several sorted batches', async () => {
    const text = rackRows(0, 30_000);
    const result = await importText(text, 'many.csv');
    expect(result.readings).toBeGreaterThan(256 * 1024);
    const wrong = db
      .prepare(
        `SELECT count(*) FROM telemetry_latest l
         WHERE l.ts <> (SELECT max(ts) FROM telemetry_readings r WHERE r.metric_id = l.metric_id AND r.target_id = l.target_id)
            OR l.value <> (SELECT value FROM telemetry_readings r WHERE r.metric_id = l.metric_id AND r.target_id = l.target_id AND r.ts = l.ts)`,
      )
      .pluck()
      .get();
    expect(wrong).toBe(0);
    expect(count('telemetry_readings')).toBe(result.readings);
    expect(db.prepare(`SELECT count FROM telemetry_metrics WHERE name = 'inlet_temp_c'`).pluck().get()).toBe(result.readings);
  });
});

describe('hot queries use indexes', () => {
  const plan = (sql: string, params: Record<string, number> = {}): string[] =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
  /** Full scans, except of the small materialised list of the room's targets. */
  const scans = (details: string[]): string[] => details.filter((d) => /^SCAN /.test(d) && d !== 'SCAN rt');
  /** Every branch starts from the room (its racks, sensors, CDUs), never from all targets of a kind. */
  const fromTheRoom = (details: string[]): void => {
    expect(details.filter((d) => /^SEARCH (rk|s|c) USING .*\(room_id=\?\)$/.test(d))).toHaveLength(5);
    expect(details.filter((d) => d.includes('telemetry_targets_by_entity (kind=?)'))).toEqual([]);
  };

  it('latest per room: index searches from the room to its targets to their latest values', () => {
    const details = plan(LATEST_FOR_ROOM_SQL, { roomId: 1 });
    expect(scans(details)).toEqual([]);
    fromTheRoom(details);
    expect(details).toContain('SEARCH l USING INDEX telemetry_latest_by_target (target_id=?)');
  });

  it('values per time bucket: one primary-key range per target', () => {
    const details = plan(BUCKETS_FOR_ROOM_SQL, { roomId: 1, metricId: 1, from: 0, to: 1, bucketMs: 60_000 });
    expect(scans(details)).toEqual([]);
    fromTheRoom(details);
    // The view `telemetry_readings` is flattened into the query: the range is on its table, and the pending-batch check is a rowid lookup.
    expect(details).toContain('SEARCH telemetry_readings_all USING PRIMARY KEY (metric_id=? AND target_id=? AND ts>? AND ts<?)');
    expect(details).toContain('USING ROWID SEARCH ON TABLE telemetry_pending_batches FOR IN-OPERATOR');
  });

  it('latest of one target and the target behind an inventory entity', () => {
    expect(plan('SELECT metric_id, ts, value FROM telemetry_latest WHERE target_id = 1')).toEqual(['SEARCH telemetry_latest USING INDEX telemetry_latest_by_target (target_id=?)']);
    expect(plan(`SELECT id FROM telemetry_targets WHERE kind = 'accelerator' AND entity_id = 5`)).toEqual([
      'SEARCH telemetry_targets USING COVERING INDEX telemetry_targets_by_entity (kind=? AND entity_id=?)',
    ]);
  });
});
