import type { Db } from '../db/open';

/**
 * The heatmap's reads of the telemetry developer's store (app/db/migrations/003-telemetry.ts): readings
 * keyed (metric_id, target_id, ts), targets mapped to inventory entities by (kind, entity_id). No second
 * store: everything here is a query over those tables joined to the inventory.
 *
 * The central query is "each target's value at time T": for one metric and a list of targets, the
 * latest reading in (T − staleness, T]. Targets are passed as a JSON array and CROSS JOINed first, so
 * SQLite walks the list and, per target, seeks the primary key (metric_id = ?, target_id = ?, ts range):
 * the cost is one short index range per target, never a scan of the room's history. GROUP BY with a
 * single max() makes SQLite return the value of the row holding that max.
 */

export interface GpuTarget {
  readonly targetId: number;
  readonly rackId: number;
  /** hostname/slot, what a technician looks for on the GPU. */
  readonly label: string;
}

export interface DeviceTarget {
  readonly targetId: number;
  readonly rackId: number;
  readonly label: string;
}

export interface RackTarget {
  readonly targetId: number;
  readonly rackId: number;
}

export interface SensorTarget {
  readonly targetId: number;
  readonly sensorId: number;
  readonly name: string;
  readonly kind: string;
  readonly position: string;
  readonly rackId: number | null;
  readonly x: number;
  readonly y: number;
}

export interface CduTarget {
  readonly targetId: number;
  readonly cduId: number;
}

/** Every telemetry target that stands in a room, by what it is. */
export interface RoomTargets {
  readonly gpus: readonly GpuTarget[];
  readonly devices: readonly DeviceTarget[];
  readonly racks: readonly RackTarget[];
  readonly sensors: readonly SensorTarget[];
  readonly cdus: readonly CduTarget[];
}

export function hasTelemetry(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = 'telemetry_readings'").get() !== undefined;
}

export function roomTargets(db: Db, roomId: number): RoomTargets {
  // CROSS JOIN fixes the order: start from the room's racks, sensors and CDUs, never from every telemetry
  // target (the planner otherwise may walk all GPU targets of the inventory).
  if (!hasTelemetry(db)) return { gpus: [], devices: [], racks: [], sensors: [], cdus: [] };
  const gpus = db
    .prepare(
      `SELECT t.id AS targetId, rk.id AS rackId, coalesce(d.hostname, 'device ' || d.id) || ' GPU ' || a.slot AS label
       FROM racks rk CROSS JOIN devices d ON d.rack_id = rk.id CROSS JOIN accelerators a ON a.device_id = d.id
       CROSS JOIN telemetry_targets t ON t.kind = 'accelerator' AND t.entity_id = a.id
       WHERE rk.room_id = ?`,
    )
    .all(roomId) as GpuTarget[];
  const devices = db
    .prepare(
      `SELECT t.id AS targetId, rk.id AS rackId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS label
       FROM racks rk CROSS JOIN devices d ON d.rack_id = rk.id
       CROSS JOIN telemetry_targets t ON t.kind = 'device' AND t.entity_id = d.id
       WHERE rk.room_id = ?`,
    )
    .all(roomId) as DeviceTarget[];
  const racks = db
    .prepare(`SELECT t.id AS targetId, rk.id AS rackId FROM racks rk CROSS JOIN telemetry_targets t ON t.kind = 'rack' AND t.entity_id = rk.id WHERE rk.room_id = ?`)
    .all(roomId) as RackTarget[];
  const sensors = db
    .prepare(
      `SELECT t.id AS targetId, s.id AS sensorId, s.name, s.kind, s.position, s.rack_id AS rackId, s.grid_x AS x, s.grid_y AS y
       FROM sensors s CROSS JOIN telemetry_targets t ON t.kind = 'sensor' AND t.entity_id = s.id WHERE s.room_id = ?`,
    )
    .all(roomId) as SensorTarget[];
  const cdus = db
    .prepare(
      `SELECT t.id AS targetId, c.id AS cduId FROM cooling_units c CROSS JOIN telemetry_targets t ON t.kind = 'cooling_unit' AND t.entity_id = c.id WHERE c.room_id = ?`,
    )
    .all(roomId) as CduTarget[];
  return { gpus, devices, racks, sensors, cdus };
}

export function metricIds(db: Db): Map<string, number> {
  if (!hasTelemetry(db)) return new Map();
  const rows = db.prepare('SELECT id, name FROM telemetry_metrics').all() as Array<{ id: number; name: string }>;
  return new Map(rows.map((r) => [r.name, r.id]));
}

export interface Reading {
  readonly targetId: number;
  readonly ts: number;
  readonly value: number;
}

/** The SQL of valuesAt, exported so a test can EXPLAIN it. Parameters: JSON target ids, metric id, T − staleness, T. */
export const VALUES_AT_SQL = `SELECT r.target_id AS targetId, max(r.ts) AS ts, r.value AS value
  FROM json_each(?) AS j CROSS JOIN telemetry_readings AS r
  WHERE r.metric_id = ? AND r.target_id = j.value AND r.ts > ? AND r.ts <= ?
  GROUP BY r.target_id`;

/** Each target's latest reading of a metric in (atMs − stalenessMs, atMs]; targets without one are absent. */
export function valuesAt(db: Db, metricId: number | undefined, targetIds: readonly number[], atMs: number, stalenessMs: number): Map<number, Reading> {
  const out = new Map<number, Reading>();
  if (metricId === undefined || targetIds.length === 0) return out;
  const rows = db.prepare(VALUES_AT_SQL).all(JSON.stringify(targetIds), metricId, atMs - stalenessMs, atMs) as Reading[];
  for (const row of rows) out.set(row.targetId, row);
  return out;
}

/**
 * The first and last reading time of the room, over the metrics the heatmap draws. The last comes from
 * telemetry_latest (one row per series); the first is one index seek per series.
 */
export function roomTimeRange(db: Db, targets: RoomTargets, metrics: Map<string, number>, names: readonly string[]): { firstMs: number; lastMs: number } | null {
  const ids = allTargetIds(targets);
  const metricList = names.map((n) => metrics.get(n)).filter((id): id is number => id !== undefined);
  if (ids.length === 0 || metricList.length === 0) return null;
  const row = db
    .prepare(
      `SELECT min((SELECT r.ts FROM telemetry_readings r WHERE r.metric_id = l.metric_id AND r.target_id = l.target_id ORDER BY r.ts LIMIT 1)) AS firstMs,
              max(l.ts) AS lastMs
       FROM json_each(?) AS j CROSS JOIN telemetry_latest AS l
       WHERE l.target_id = j.value AND l.metric_id IN (SELECT value FROM json_each(?))`,
    )
    .get(JSON.stringify(ids), JSON.stringify(metricList)) as { firstMs: number | null; lastMs: number | null };
  if (row.firstMs === null || row.lastMs === null) return null;
  return { firstMs: row.firstMs, lastMs: row.lastMs };
}

export function allTargetIds(t: RoomTargets): number[] {
  return [...t.gpus, ...t.devices, ...t.racks, ...t.sensors, ...t.cdus].map((x) => x.targetId);
}

/**
 * Per target, the last few reading times of its series at or before T, for "silent" detection: the gap
 * between those readings is the target's usual interval. Only non-GPU targets (sensors, racks, PDUs,
 * CDUs): a GPU's silence shows as a missing temperature, not as a sensor fault.
 */
export function recentTimes(db: Db, targetIds: readonly number[], atMs: number, perSeries: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (targetIds.length === 0) return out;
  const series = db
    .prepare('SELECT l.target_id AS targetId, l.metric_id AS metricId FROM json_each(?) AS j CROSS JOIN telemetry_latest AS l WHERE l.target_id = j.value')
    .all(JSON.stringify(targetIds)) as Array<{ targetId: number; metricId: number }>;
  const recent = db.prepare('SELECT ts FROM telemetry_readings WHERE metric_id = ? AND target_id = ? AND ts <= ? ORDER BY ts DESC LIMIT ?').pluck();
  for (const s of series) {
    const times = recent.all(s.metricId, s.targetId, atMs, perSeries) as number[];
    if (times.length === 0) continue;
    const best = out.get(s.targetId);
    // Keep the series that reported most recently: a target is silent only when all its series are.
    if (!best || (times[0] as number) > (best[0] as number)) out.set(s.targetId, times);
  }
  return out;
}

/** Readings per bucket ending at each stop (from the previous stop, exclusive), with the bucket's hottest value. */
export function bucketStats(
  db: Db,
  metricId: number | undefined,
  targetIds: readonly number[],
  stops: readonly number[],
  stepMs: number,
): Array<{ readings: number; max: number | null }> {
  const out = stops.map(() => ({ readings: 0, max: null as number | null }));
  if (metricId === undefined || targetIds.length === 0 || stops.length === 0) return out;
  const first = (stops[0] as number) - stepMs;
  const rows = db
    .prepare(
      `SELECT CAST((r.ts - @first - 1) / @step AS INTEGER) AS bucket, count(*) AS n, max(r.value) AS mx
       FROM json_each(@ids) AS j CROSS JOIN telemetry_readings AS r
       WHERE r.metric_id = @metric AND r.target_id = j.value AND r.ts > @first AND r.ts <= @last
       GROUP BY bucket`,
    )
    .all({ ids: JSON.stringify(targetIds), metric: metricId, first, last: stops[stops.length - 1], step: stepMs }) as Array<{ bucket: number; n: number; mx: number }>;
  for (const row of rows) {
    const slot = out[row.bucket];
    if (slot) {
      slot.readings = row.n;
      slot.max = row.mx;
    }
  }
  return out;
}

/** The latest time any of the room's targets reported at or before T (the room's "now" for silence). */
export function latestReadingAtOrBefore(db: Db, targetIds: readonly number[], atMs: number): number | null {
  if (targetIds.length === 0) return null;
  const row = db
    .prepare(
      `SELECT max(CASE WHEN l.ts <= @at THEN l.ts ELSE
         (SELECT r.ts FROM telemetry_readings r WHERE r.metric_id = l.metric_id AND r.target_id = l.target_id AND r.ts <= @at ORDER BY r.ts DESC LIMIT 1) END) AS ts
       FROM json_each(@ids) AS j CROSS JOIN telemetry_latest AS l WHERE l.target_id = j.value`,
    )
    .get({ ids: JSON.stringify(targetIds), at: atMs }) as { ts: number | null };
  return row.ts;
}
