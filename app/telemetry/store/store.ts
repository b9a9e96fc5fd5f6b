import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';
import { METRICS } from '../map/metrics';
import type { ResolvedTarget } from '../engine/join';

/**
 * The write side of telemetry. Readings are buffered in typed arrays (no object per reading), and each
 * full buffer is sorted by (metric, target) with a stable radix sort — file order is kept within a
 * series — then written with multi-row INSERT OR IGNORE statements. Written in key order, a batch lands
 * in the WITHOUT ROWID B-tree near-sequentially instead of scattering over every series' pages, which is
 * what makes the import as fast as SQLite's own CSV importer. Duplicates (re-imports, overlapping files)
 * are ignored by the primary key and counted.
 */

/** Readings per sorted batch: 256 Ki × 24 bytes ≈ 6 MB of buffers, whatever the file size. */
const BATCH_READINGS = 256 * 1024;
/** Rows per INSERT statement; more amortises the call into SQLite, past ~100 the gain is gone. */
const STATEMENT_ROWS = 100;
const SMALL_STATEMENT_ROWS = 10;
/** Latest values held before they are upserted, to bound memory on files with millions of series. */
const LATEST_PENDING_MAX = 200_000;
const RADIX_BITS = 11;
const RADIX_SIZE = 1 << RADIX_BITS;
const TARGET_KEY_FACTOR = 2 ** 32;

interface MetricTally {
  attempted: number;
  inserted: number;
  min: number;
  max: number;
  first: number;
  last: number;
}

export interface WriteTotals {
  readonly inserted: number;
  readonly duplicates: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
}

function placeholders(rows: number): string {
  return Array.from({ length: rows }, () => '(?,?,?,?)').join(',');
}

/** Ids of the vocabulary's metrics in this database, adding any the database does not have yet. */
export function ensureMetricIds(db: Db): Map<string, number> {
  const insert = db.prepare('INSERT OR IGNORE INTO telemetry_metrics (name, unit) VALUES (?, ?)');
  for (const def of METRICS) insert.run(def.name, def.unit);
  const rows = db.prepare('SELECT id, name FROM telemetry_metrics').all() as Array<{ id: number; name: string }>;
  return new Map(rows.map((r) => [r.name, r.id]));
}

export class ReadingWriter {
  private readonly metric = new Int32Array(BATCH_READINGS);
  private readonly target = new Int32Array(BATCH_READINGS);
  private readonly ts = new Float64Array(BATCH_READINGS);
  private readonly value = new Float64Array(BATCH_READINGS);
  private n = 0;
  private readonly orderA = new Int32Array(BATCH_READINGS);
  private readonly orderB = new Int32Array(BATCH_READINGS);
  private readonly counts = new Int32Array(RADIX_SIZE + 1);
  private maxTargetId = 0;
  private maxMetricId = 0;

  private readonly insertMany: Database.Statement;
  private readonly insertSmall: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly paramsMany: number[] = new Array<number>(STATEMENT_ROWS * 4).fill(0);
  private readonly paramsSmall: number[] = new Array<number>(SMALL_STATEMENT_ROWS * 4).fill(0);
  private readonly upsertLatest: Database.Statement;

  private readonly tallies = new Map<number, MetricTally>();
  private readonly latestSlot = new Map<number, number>();
  private latestTs: number[] = [];
  private latestValue: number[] = [];
  private inserted = 0;
  private attempted = 0;
  private firstTs = Number.POSITIVE_INFINITY;
  private lastTs = Number.NEGATIVE_INFINITY;

  private readonly targetIds = new Map<string, number>();
  private readonly findTarget: Database.Statement;
  private readonly insertTarget: Database.Statement;
  private readonly touchTarget: Database.Statement;

  constructor(
    private readonly db: Db,
    private readonly importId: number,
  ) {
    const sql = (rows: number): string => `INSERT OR IGNORE INTO telemetry_readings (metric_id, target_id, ts, value) VALUES ${placeholders(rows)}`;
    this.insertMany = db.prepare(sql(STATEMENT_ROWS));
    this.insertSmall = db.prepare(sql(SMALL_STATEMENT_ROWS));
    this.insertOne = db.prepare(sql(1));
    this.upsertLatest = db.prepare(
      `INSERT INTO telemetry_latest (metric_id, target_id, ts, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (metric_id, target_id) DO UPDATE SET ts = excluded.ts, value = excluded.value WHERE excluded.ts > telemetry_latest.ts`,
    );
    this.findTarget = db.prepare('SELECT id FROM telemetry_targets WHERE key = ?');
    this.insertTarget = db.prepare(
      `INSERT INTO telemetry_targets (key, kind, entity_id, label, identity, note, first_import_id, last_import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The identity a file reported last is kept: a swapped GPU shows up as a new UUID on the same slot.
    this.touchTarget = db.prepare('UPDATE telemetry_targets SET last_import_id = ?, label = ?, note = ?, identity = ? WHERE id = ?');
  }

  /** The database id of a resolved target, created on first sight. */
  targetId(resolved: ResolvedTarget): number {
    const cached = this.targetIds.get(resolved.key);
    if (cached !== undefined) return cached;
    const found = this.findTarget.get(resolved.key) as { id: number } | undefined;
    let id: number;
    if (found) {
      id = found.id;
      this.touchTarget.run(this.importId, resolved.label, resolved.note, JSON.stringify(resolved.identity), id);
    } else {
      id = Number(
        this.insertTarget.run(resolved.key, resolved.kind, resolved.entityId, resolved.label, JSON.stringify(resolved.identity), resolved.note, this.importId, this.importId)
          .lastInsertRowid,
      );
    }
    this.targetIds.set(resolved.key, id);
    return id;
  }

  add(metricId: number, targetId: number, ts: number, value: number): void {
    const i = this.n;
    this.metric[i] = metricId;
    this.target[i] = targetId;
    this.ts[i] = ts;
    this.value[i] = value;
    if (targetId > this.maxTargetId) this.maxTargetId = targetId;
    if (metricId > this.maxMetricId) this.maxMetricId = metricId;
    this.n = i + 1;
    if (this.n === BATCH_READINGS) this.flush();
  }

  /** Stable LSD radix sort of the batch by (metric, target); returns the order. */
  private sortBatch(): Int32Array {
    const n = this.n;
    let from = this.orderA;
    let to = this.orderB;
    for (let i = 0; i < n; i++) from[i] = i;
    const pass = (keys: Int32Array, shift: number): void => {
      const counts = this.counts;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[((keys[from[i] as number] as number) >>> shift) & (RADIX_SIZE - 1)]! += 1;
      let sum = 0;
      for (let b = 0; b < RADIX_SIZE; b++) {
        const c = counts[b] as number;
        counts[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const k = from[i] as number;
        const bucket = ((keys[k] as number) >>> shift) & (RADIX_SIZE - 1);
        to[counts[bucket] as number] = k;
        counts[bucket]! += 1;
      }
      const swap = from;
      from = to;
      to = swap;
    };
    for (let shift = 0; shift === 0 || this.maxTargetId >>> shift > 0; shift += RADIX_BITS) pass(this.target, shift);
    for (let shift = 0; shift === 0 || this.maxMetricId >>> shift > 0; shift += RADIX_BITS) pass(this.metric, shift);
    return from;
  }

  flush(): void {
    const n = this.n;
    if (n === 0) return;
    const order = this.sortBatch();
    const metric = this.metric;
    const target = this.target;
    const ts = this.ts;
    const value = this.value;
    let start = 0;
    while (start < n) {
      const m = metric[order[start] as number] as number;
      let end = start + 1;
      while (end < n && metric[order[end] as number] === m) end++;
      this.writeMetricRun(order, start, end, m);
      start = end;
    }
    // Latest per series: the newest reading of each (metric, target) run of the sorted batch.
    let runStart = 0;
    while (runStart < n) {
      const k0 = order[runStart] as number;
      const m = metric[k0] as number;
      const t = target[k0] as number;
      let best = k0;
      let end = runStart + 1;
      while (end < n) {
        const k = order[end] as number;
        if (metric[k] !== m || target[k] !== t) break;
        if ((ts[k] as number) >= (ts[best] as number)) best = k;
        end++;
      }
      this.noteLatest(m, t, ts[best] as number, value[best] as number);
      runStart = end;
    }
    this.n = 0;
    this.maxTargetId = 0;
    this.maxMetricId = 0;
    if (this.latestSlot.size >= LATEST_PENDING_MAX) this.flushLatest();
  }

  private writeMetricRun(order: Int32Array, start: number, end: number, metricId: number): void {
    const tally = this.tally(metricId);
    const target = this.target;
    const ts = this.ts;
    const value = this.value;
    let inserted = 0;
    let min = tally.min;
    let max = tally.max;
    let first = tally.first;
    let last = tally.last;
    for (let j = start; j < end; j++) {
      const k = order[j] as number;
      const v = value[k] as number;
      const t = ts[k] as number;
      if (v < min) min = v;
      if (v > max) max = v;
      if (t < first) first = t;
      if (t > last) last = t;
    }
    let j = start;
    while (end - j >= STATEMENT_ROWS) {
      inserted += this.insertMany.run(this.fill(this.paramsMany, order, j, STATEMENT_ROWS, metricId)).changes;
      j += STATEMENT_ROWS;
    }
    while (end - j >= SMALL_STATEMENT_ROWS) {
      inserted += this.insertSmall.run(this.fill(this.paramsSmall, order, j, SMALL_STATEMENT_ROWS, metricId)).changes;
      j += SMALL_STATEMENT_ROWS;
    }
    for (; j < end; j++) {
      const k = order[j] as number;
      inserted += this.insertOne.run(metricId, target[k], ts[k], value[k]).changes;
    }
    tally.attempted += end - start;
    tally.inserted += inserted;
    tally.min = min;
    tally.max = max;
    tally.first = first;
    tally.last = last;
    this.attempted += end - start;
    this.inserted += inserted;
    if (first < this.firstTs) this.firstTs = first;
    if (last > this.lastTs) this.lastTs = last;
  }

  /** Binds `rows` sorted readings from position `from` into a multi-row statement's parameters. */
  private fill(params: number[], order: Int32Array, from: number, rows: number, metricId: number): number[] {
    for (let r = 0, p = 0; r < rows; r++, p += 4) {
      const k = order[from + r] as number;
      params[p] = metricId;
      params[p + 1] = this.target[k] as number;
      params[p + 2] = this.ts[k] as number;
      params[p + 3] = this.value[k] as number;
    }
    return params;
  }

  private tally(metricId: number): MetricTally {
    let tally = this.tallies.get(metricId);
    if (!tally) {
      tally = { attempted: 0, inserted: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY };
      this.tallies.set(metricId, tally);
    }
    return tally;
  }

  private noteLatest(metricId: number, targetId: number, ts: number, value: number): void {
    const key = metricId * TARGET_KEY_FACTOR + targetId;
    const slot = this.latestSlot.get(key);
    if (slot === undefined) {
      this.latestSlot.set(key, this.latestTs.length);
      this.latestTs.push(ts);
      this.latestValue.push(value);
    } else if (ts >= (this.latestTs[slot] as number)) {
      this.latestTs[slot] = ts;
      this.latestValue[slot] = value;
    }
  }

  private flushLatest(): void {
    for (const [key, slot] of this.latestSlot) {
      const metricId = Math.floor(key / TARGET_KEY_FACTOR);
      this.upsertLatest.run(metricId, key - metricId * TARGET_KEY_FACTOR, this.latestTs[slot], this.latestValue[slot]);
    }
    this.latestSlot.clear();
    this.latestTs = [];
    this.latestValue = [];
  }

  /**
   * Writes what is buffered, the latest values and the per-metric figures. A metric whose readings were
   * all new merges this file's figures; one that met duplicates is recounted from its own key range, so
   * count/min/max never include a reading that was not stored.
   */
  finish(): WriteTotals {
    this.flush();
    this.flushLatest();
    const merge = this.db.prepare(
      `UPDATE telemetry_metrics SET count = count + @inserted,
         min_value = min(coalesce(min_value, @min), @min), max_value = max(coalesce(max_value, @max), @max),
         first_ts = min(coalesce(first_ts, @first), @first), last_ts = max(coalesce(last_ts, @last), @last)
       WHERE id = @id`,
    );
    const recount = this.db.prepare(
      `UPDATE telemetry_metrics SET (count, min_value, max_value, first_ts, last_ts) =
         (SELECT count(*), min(value), max(value), min(ts), max(ts) FROM telemetry_readings WHERE metric_id = @id)
       WHERE id = @id`,
    );
    for (const [id, tally] of this.tallies) {
      if (tally.inserted === 0) continue;
      if (tally.inserted === tally.attempted) merge.run({ id, inserted: tally.inserted, min: tally.min, max: tally.max, first: tally.first, last: tally.last });
      else recount.run({ id });
    }
    return {
      inserted: this.inserted,
      duplicates: this.attempted - this.inserted,
      firstTs: Number.isFinite(this.firstTs) ? this.firstTs : null,
      lastTs: Number.isFinite(this.lastTs) ? this.lastTs : null,
    };
  }
}
