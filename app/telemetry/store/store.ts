import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';
import { METRICS } from '../map/metrics';
import type { ResolvedTarget } from '../engine/join';
import { SortedRuns, type ReadingArrays, type RunMerger } from './runs';

/**
 * The write side of telemetry. Readings are buffered in typed arrays (no object per reading), and each
 * full buffer is sorted by (metric, target) with a stable radix sort — file order is kept within a
 * series — then written with multi-row INSERT OR IGNORE statements. Written in key order, a batch lands
 * in the WITHOUT ROWID B-tree near-sequentially instead of scattering over every series' pages.
 * Duplicates (re-imports, overlapping files) are ignored by the primary key and counted.
 *
 * While the file is read nothing is written: each full buffer is sorted and kept on disk (store/runs.ts,
 * an external merge sort), so each series' readings of the whole file reach the B-tree together. Then
 * the merged readings are written in chunks of about 150 ms, each its own transaction (`writeSome`), with
 * a pause between chunks: the write lock is held for a chunk at a time, so a scan or a device edit of
 * another process waits about one chunk. The readings carry the import's pending batch (store/batches.ts), which every
 * reader's `telemetry_readings` leaves out until `complete()` — the last commit — makes the file visible
 * at once. Targets get their database id at the flush that first writes them; updates of known targets,
 * latest values and per-metric figures wait for `complete()`, so nothing of the file shows before.
 */

/** Readings per sorted batch: 256 Ki × 24 bytes ≈ 6 MB per buffer (two of them), whatever the file size. */
const BATCH_READINGS = 256 * 1024;
/** Rows per INSERT statement; more amortises the call into SQLite, past ~100 the gain is gone. */
const STATEMENT_ROWS = 100;
const SMALL_STATEMENT_ROWS = 10;
/** Readings written between two checks of a chunk's time budget. */
const SLICE_READINGS = 8192;
/** Latest values held in memory; past this many series they are parked in telemetry_pending_series, to bound memory on files with millions of series. */
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

/** One buffer of readings: metric by database id, target by local index. */
class Readings implements ReadingArrays {
  readonly metric = new Int32Array(BATCH_READINGS);
  readonly target = new Int32Array(BATCH_READINGS);
  readonly ts = new Float64Array(BATCH_READINGS);
  readonly value = new Float64Array(BATCH_READINGS);
}

/** A full buffer, sorted, written slice by slice between the parser's steps. */
interface SortedBatch {
  readonly buffer: Readings;
  readonly n: number;
  readonly order: Int32Array;
  next: number;
}

export class ReadingWriter {
  /** The buffer the parser fills, and a second one for the sorted copy of a run or the merged readings. */
  private readonly buffers = [new Readings(), new Readings()];
  private n = 0;
  private sorted: SortedBatch | null = null;
  private readonly runs = new SortedRuns();
  private merger: RunMerger | null = null;
  private ended = false;
  private identity: Int32Array | null = null;
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
  private readonly noteSeries: Database.Statement;
  private readonly parkLatest: Database.Statement;
  private readonly heartbeat: Database.Statement;

  private readonly tallies = new Map<number, MetricTally>();
  private readonly latestSlot = new Map<number, number>();
  private latestTs: number[] = [];
  private latestValue: number[] = [];
  private inserted = 0;
  private attempted = 0;
  private firstTs = Number.POSITIVE_INFINITY;
  private lastTs = Number.NEGATIVE_INFINITY;
  /** Chunks committed so far. */
  chunks = 0;

  /** The file's targets by local index (the parser's), with their database id once a flush wrote them (0 before). */
  private readonly localTargets: ResolvedTarget[] = [];
  private localDbIds = new Int32Array(1024);
  private assignedUpTo = 0;
  private readonly targetIds = new Map<string, number>();
  /** Targets the database already had: their label, note and identity are updated by `complete()`. */
  private readonly known: Array<{ id: number; resolved: ResolvedTarget }> = [];
  private readonly findTarget: Database.Statement;
  private readonly insertTarget: Database.Statement;

  constructor(
    private readonly db: Db,
    /** The pending batch (store/batches.ts), which becomes the import's id when it completes. */
    private readonly batch: number,
  ) {
    // The batch id is an integer of ours, not input: written into the statement, it costs no binding per row.
    const sql = (rows: number): string =>
      `INSERT OR IGNORE INTO telemetry_readings_all (metric_id, target_id, ts, value, batch) VALUES ${placeholders(rows).replaceAll('?)', `?,${Math.trunc(batch)})`)}`;
    this.insertMany = db.prepare(sql(STATEMENT_ROWS));
    this.insertSmall = db.prepare(sql(SMALL_STATEMENT_ROWS));
    this.insertOne = db.prepare(sql(1));
    this.noteSeries = db.prepare('INSERT OR IGNORE INTO telemetry_pending_series (batch, metric_id, target_id) VALUES (?, ?, ?)');
    this.parkLatest = db.prepare(
      `INSERT INTO telemetry_pending_series (batch, metric_id, target_id, ts, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (batch, metric_id, target_id) DO UPDATE SET ts = excluded.ts, value = excluded.value
       WHERE telemetry_pending_series.ts IS NULL OR excluded.ts >= telemetry_pending_series.ts`,
    );
    this.heartbeat = db.prepare('UPDATE telemetry_pending_batches SET heartbeat_ms = ?, first_ts = min(coalesce(first_ts, ?), ?), last_ts = max(coalesce(last_ts, ?), ?) WHERE id = ?');
    this.findTarget = db.prepare('SELECT id FROM telemetry_targets WHERE key = ?');
    this.insertTarget = db.prepare(
      `INSERT INTO telemetry_targets (key, kind, entity_id, label, identity, note, first_import_id, last_import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** A target of the file, by the parser's local index (0, 1, 2, … in order of appearance). */
  addTarget(resolved: ResolvedTarget): void {
    this.localTargets.push(resolved);
  }

  /** Database ids for the targets met since the last flush, created on first sight (inside the chunk's transaction). */
  private assignTargetIds(): void {
    const count = this.localTargets.length;
    if (count > this.localDbIds.length) {
      const grown = new Int32Array(Math.max(count, this.localDbIds.length * 2));
      grown.set(this.localDbIds);
      this.localDbIds = grown;
    }
    for (let i = this.assignedUpTo; i < count; i++) {
      const resolved = this.localTargets[i] as ResolvedTarget;
      let id = this.targetIds.get(resolved.key);
      if (id === undefined) {
        const found = this.findTarget.get(resolved.key) as { id: number } | undefined;
        if (found) {
          id = found.id;
          this.known.push({ id, resolved });
        } else {
          id = Number(
            this.insertTarget.run(resolved.key, resolved.kind, resolved.entityId, resolved.label, JSON.stringify(resolved.identity), resolved.note, this.batch, this.batch)
              .lastInsertRowid,
          );
        }
        this.targetIds.set(resolved.key, id);
      }
      this.localDbIds[i] = id;
    }
    this.assignedUpTo = count;
  }

  /** One reading: metric by database id, target by local index. */
  add(metricId: number, target: number, ts: number, value: number): void {
    const i = this.n;
    const buffer = this.buffers[0] as Readings;
    buffer.metric[i] = metricId;
    buffer.target[i] = target;
    buffer.ts[i] = ts;
    buffer.value[i] = value;
    if (metricId > this.maxMetricId) this.maxMetricId = metricId;
    if (target > this.maxTargetId) this.maxTargetId = target;
    this.n = i + 1;
    if (this.n === BATCH_READINGS) this.seal();
  }

  /** True while readings wait to be written (`writeSome`), after `endOfFile()`. */
  get hasPending(): boolean {
    return this.sorted !== null || this.n > 0 || (this.merger !== null && !this.merger.done);
  }

  /** A full buffer while the file is read: sorted, and kept on disk as a run until the end of the file. */
  private seal(): void {
    if (this.n === 0) return;
    const buffer = this.buffers[0] as Readings;
    this.runs.spill(buffer, this.sortBatch(buffer, this.n), this.n, this.buffers[1] as Readings);
    this.n = 0;
    this.maxTargetId = 0;
    this.maxMetricId = 0;
  }

  /**
   * The file is read: a file that fit in one buffer is written from it, sorted; a bigger one is merged
   * from its runs, buffer by buffer, each series' readings of the whole file together.
   */
  endOfFile(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.runs.count === 0) {
      if (this.n === 0) return;
      const buffer = this.buffers[0] as Readings;
      this.sorted = { buffer, n: this.n, order: this.sortBatch(buffer, this.n), next: 0 };
      this.n = 0;
      return;
    }
    this.seal();
    this.merger = this.runs.merger();
  }

  /** The next buffer of merged readings, in key order. */
  private refill(): void {
    if (this.merger === null || this.merger.done) return;
    const buffer = this.buffers[0] as Readings;
    const n = this.merger.next(buffer, BATCH_READINGS);
    if (n === 0) return;
    if (this.identity === null) {
      this.identity = new Int32Array(BATCH_READINGS);
      for (let i = 0; i < BATCH_READINGS; i++) this.identity[i] = i;
    }
    this.sorted = { buffer, n, order: this.identity, next: 0 };
  }

  /** Deletes the runs' temporary files; the writer is done with, whatever the outcome. */
  dispose(): void {
    this.merger?.close();
    this.merger = null;
    this.runs.dispose();
  }

  /** Stable LSD radix sort of a buffer by (metric, local target); returns the order. */
  private sortBatch(buffer: Readings, n: number): Int32Array {
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
    for (let shift = 0; shift === 0 || this.maxTargetId >>> shift > 0; shift += RADIX_BITS) pass(buffer.target, shift);
    for (let shift = 0; shift === 0 || this.maxMetricId >>> shift > 0; shift += RADIX_BITS) pass(buffer.metric, shift);
    return from;
  }

  /**
   * Writes the sorted buffer for about `budgetMs` as one committed chunk (a savepoint when the caller
   * holds a transaction), in key order from where the last slice stopped. Between two calls the write lock
   * is free: the import parses the next megabyte meanwhile, and another process's write gets in.
   */
  writeSome(budgetMs: number): void {
    if (!this.sorted) this.refill();
    const batch = this.sorted;
    if (!batch) return;
    const startedMs = performance.now();
    this.db.transaction(() => {
      this.assignTargetIds();
      while (batch.next < batch.n) {
        const end = Math.min(batch.n, batch.next + SLICE_READINGS);
        this.writeRange(batch, batch.next, end);
        batch.next = end;
        if (performance.now() - startedMs >= budgetMs) break;
      }
      if (this.latestSlot.size >= LATEST_PENDING_MAX) this.parkLatestValues();
      // The batch's time range bounds the key ranges a discard deletes; the heartbeat says the import lives.
      this.heartbeat.run(Date.now(), this.firstTs, this.firstTs, this.lastTs, this.lastTs, this.batch);
    })();
    this.chunks++;
    if (batch.next >= batch.n) this.sorted = null;
  }

  /** Writes everything not written yet (one chunk per buffer). */
  flush(): void {
    this.endOfFile();
    while (this.hasPending) this.writeSome(Number.POSITIVE_INFINITY);
  }

  /** Writes sorted positions [start, end) of a batch: its metric runs, then the newest value of each series in it. */
  private writeRange(batch: SortedBatch, start: number, end: number): void {
    const { buffer, order } = batch;
    const metric = buffer.metric;
    const target = buffer.target;
    const ts = buffer.ts;
    const value = buffer.value;
    const dbIds = this.localDbIds;
    let runStart = start;
    while (runStart < end) {
      const m = metric[order[runStart] as number] as number;
      let runEnd = runStart + 1;
      while (runEnd < end && metric[order[runEnd] as number] === m) runEnd++;
      this.writeMetricRun(buffer, order, runStart, runEnd, m);
      runStart = runEnd;
    }
    let seriesStart = start;
    while (seriesStart < end) {
      const k0 = order[seriesStart] as number;
      const m = metric[k0] as number;
      const t = target[k0] as number;
      let best = k0;
      let seriesEnd = seriesStart + 1;
      while (seriesEnd < end) {
        const k = order[seriesEnd] as number;
        if (metric[k] !== m || target[k] !== t) break;
        if ((ts[k] as number) >= (ts[best] as number)) best = k;
        seriesEnd++;
      }
      this.noteLatest(m, dbIds[t] as number, ts[best] as number, value[best] as number);
      seriesStart = seriesEnd;
    }
  }

  private writeMetricRun(buffer: Readings, order: Int32Array, start: number, end: number, metricId: number): void {
    const tally = this.tally(metricId);
    const target = buffer.target;
    const ts = buffer.ts;
    const value = buffer.value;
    const dbIds = this.localDbIds;
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
      inserted += this.insertMany.run(this.fill(this.paramsMany, buffer, order, j, STATEMENT_ROWS, metricId)).changes;
      j += STATEMENT_ROWS;
    }
    while (end - j >= SMALL_STATEMENT_ROWS) {
      inserted += this.insertSmall.run(this.fill(this.paramsSmall, buffer, order, j, SMALL_STATEMENT_ROWS, metricId)).changes;
      j += SMALL_STATEMENT_ROWS;
    }
    for (; j < end; j++) {
      const k = order[j] as number;
      inserted += this.insertOne.run(metricId, dbIds[target[k] as number], ts[k], value[k]).changes;
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
  private fill(params: number[], buffer: Readings, order: Int32Array, from: number, rows: number, metricId: number): number[] {
    const dbIds = this.localDbIds;
    for (let r = 0, p = 0; r < rows; r++, p += 4) {
      const k = order[from + r] as number;
      params[p] = metricId;
      params[p + 1] = dbIds[buffer.target[k] as number] as number;
      params[p + 2] = buffer.ts[k] as number;
      params[p + 3] = buffer.value[k] as number;
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

  /** Keeps the series' newest value; a series seen for the first time is listed with the batch, for a discard. */
  private noteLatest(metricId: number, targetId: number, ts: number, value: number): void {
    const key = metricId * TARGET_KEY_FACTOR + targetId;
    const slot = this.latestSlot.get(key);
    if (slot === undefined) {
      this.latestSlot.set(key, this.latestTs.length);
      this.latestTs.push(ts);
      this.latestValue.push(value);
      this.noteSeries.run(this.batch, metricId, targetId);
    } else if (ts >= (this.latestTs[slot] as number)) {
      this.latestTs[slot] = ts;
      this.latestValue[slot] = value;
    }
  }

  /** Moves the latest values held in memory to the batch's series rows (a file with very many series). */
  private parkLatestValues(): void {
    for (const [key, slot] of this.latestSlot) {
      const metricId = Math.floor(key / TARGET_KEY_FACTOR);
      this.parkLatest.run(this.batch, metricId, key - metricId * TARGET_KEY_FACTOR, this.latestTs[slot], this.latestValue[slot]);
    }
    this.latestSlot.clear();
    this.latestTs = [];
    this.latestValue = [];
  }

  /** What the store took so far: valid after the last `flush()`. */
  totals(): WriteTotals {
    return {
      inserted: this.inserted,
      duplicates: this.attempted - this.inserted,
      firstTs: Number.isFinite(this.firstTs) ? this.firstTs : null,
      lastTs: Number.isFinite(this.lastTs) ? this.lastTs : null,
    };
  }

  /**
   * The last commit's work, inside the caller's transaction: the batch stops being pending (its readings
   * become visible), the latest values and the per-metric figures are merged, known targets take the
   * identity this file reported. A metric whose readings were all new merges this file's figures; one that
   * met duplicates is recounted from its own key range, so count/min/max never include a reading that was
   * not stored.
   */
  complete(): WriteTotals {
    this.flush();
    const db = this.db;
    db.prepare('DELETE FROM telemetry_pending_batches WHERE id = ?').run(this.batch);
    const upsertLatest = db.prepare(
      `INSERT INTO telemetry_latest (metric_id, target_id, ts, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (metric_id, target_id) DO UPDATE SET ts = excluded.ts, value = excluded.value WHERE excluded.ts > telemetry_latest.ts`,
    );
    for (const [key, slot] of this.latestSlot) {
      const metricId = Math.floor(key / TARGET_KEY_FACTOR);
      upsertLatest.run(metricId, key - metricId * TARGET_KEY_FACTOR, this.latestTs[slot], this.latestValue[slot]);
    }
    // Values parked by a file with very many series (the WHERE also keeps the upsert's ON from reading as a join's).
    db.prepare(
      `INSERT INTO telemetry_latest (metric_id, target_id, ts, value)
       SELECT metric_id, target_id, ts, value FROM telemetry_pending_series WHERE batch = ? AND ts IS NOT NULL
       ON CONFLICT (metric_id, target_id) DO UPDATE SET ts = excluded.ts, value = excluded.value WHERE excluded.ts > telemetry_latest.ts`,
    ).run(this.batch);
    db.prepare('DELETE FROM telemetry_pending_series WHERE batch = ?').run(this.batch);
    // The identity a file reported last is kept: a swapped GPU shows up as a new UUID on the same slot.
    const touch = db.prepare('UPDATE telemetry_targets SET last_import_id = ?, label = ?, note = ?, identity = ? WHERE id = ?');
    for (const { id, resolved } of this.known) touch.run(this.batch, resolved.label, resolved.note, JSON.stringify(resolved.identity), id);
    const merge = db.prepare(
      `UPDATE telemetry_metrics SET count = count + @inserted,
         min_value = min(coalesce(min_value, @min), @min), max_value = max(coalesce(max_value, @max), @max),
         first_ts = min(coalesce(first_ts, @first), @first), last_ts = max(coalesce(last_ts, @last), @last)
       WHERE id = @id`,
    );
    const recount = db.prepare(
      `UPDATE telemetry_metrics SET (count, min_value, max_value, first_ts, last_ts) =
         (SELECT count(*), min(value), max(value), min(ts), max(ts) FROM telemetry_readings WHERE metric_id = @id)
       WHERE id = @id`,
    );
    for (const [id, tally] of this.tallies) {
      if (tally.inserted === 0) continue;
      if (tally.inserted === tally.attempted) merge.run({ id, inserted: tally.inserted, min: tally.min, max: tally.max, first: tally.first, last: tally.last });
      else recount.run({ id });
    }
    return this.totals();
  }
}
