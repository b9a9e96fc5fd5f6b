import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { metricIndex } from '../map/metrics';
import type { BucketValue, LatestReading, MetricStat, SilentAccelerator, TelemetryStats, TelemetryUnmatched, UnmatchedTarget } from '../types';

/**
 * Targets first written by an import still running are not shown (its readings are not either: the
 * `telemetry_readings` view leaves pending batches out, and telemetry_latest gets nothing before the end).
 */
const NOT_PENDING_TARGET = 'coalesce(first_import_id, 0) NOT IN (SELECT id FROM telemetry_pending_batches)';

/**
 * The read side: figures per metric, the latest values of a room or a target, values per time bucket,
 * and what did not match. A room's targets are found from the inventory side (its racks → devices →
 * GPUs, its sensors and CDUs) through indexes, never by scanning all telemetry targets.
 */

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * Every telemetry target standing in a room, with its rack when it has one. CROSS JOIN fixes the join
 * order (SQLite keeps it as written): from the room's racks, sensors and CDUs down to their targets, so
 * the cost follows the size of the room, never the number of targets or readings in the file.
 */
export const ROOM_TARGETS_SQL = `
  SELECT t.id AS target_id, d.rack_id AS rack_id FROM racks rk
    CROSS JOIN devices d ON d.rack_id = rk.id
    CROSS JOIN accelerators a ON a.device_id = d.id
    CROSS JOIN telemetry_targets t ON t.kind = 'accelerator' AND t.entity_id = a.id
    WHERE rk.room_id = @roomId
  UNION ALL
  SELECT t.id, d.rack_id FROM racks rk
    CROSS JOIN devices d ON d.rack_id = rk.id
    CROSS JOIN telemetry_targets t ON t.kind = 'device' AND t.entity_id = d.id
    WHERE rk.room_id = @roomId
  UNION ALL
  SELECT t.id, rk.id FROM racks rk
    CROSS JOIN telemetry_targets t ON t.kind = 'rack' AND t.entity_id = rk.id
    WHERE rk.room_id = @roomId
  UNION ALL
  SELECT t.id, s.rack_id FROM sensors s
    CROSS JOIN telemetry_targets t ON t.kind = 'sensor' AND t.entity_id = s.id
    WHERE s.room_id = @roomId
  UNION ALL
  SELECT t.id, NULL FROM cooling_units c
    CROSS JOIN telemetry_targets t ON t.kind = 'cooling_unit' AND t.entity_id = c.id
    WHERE c.room_id = @roomId`;

export const LATEST_FOR_ROOM_SQL = `
  WITH room_targets AS MATERIALIZED (${ROOM_TARGETS_SQL})
  SELECT rt.target_id AS targetId, t.kind, t.entity_id AS entityId, t.label, rt.rack_id AS rackId, m.name AS metric, m.unit, l.ts, l.value
  FROM room_targets rt
    CROSS JOIN telemetry_latest l ON l.target_id = rt.target_id
    CROSS JOIN telemetry_metrics m ON m.id = l.metric_id
    CROSS JOIN telemetry_targets t ON t.id = rt.target_id`;

/** Bucket starts are whole multiples of the bucket from `from` (CAST: bound numbers may arrive as REAL). */
export const BUCKETS_FOR_ROOM_SQL = `
  WITH room_targets AS MATERIALIZED (${ROOM_TARGETS_SQL})
  SELECT r.target_id AS targetId, @from + CAST((r.ts - @from) / @bucketMs AS INTEGER) * @bucketMs AS bucketMs,
         avg(r.value) AS avg, max(r.value) AS max, min(r.value) AS min, count(*) AS count
  FROM room_targets rt
    CROSS JOIN telemetry_readings r ON r.metric_id = @metricId AND r.target_id = rt.target_id AND r.ts >= @from AND r.ts < @to
  GROUP BY r.target_id, bucketMs`;

export function metricId(db: Db, name: string): number | null {
  if (metricIndex(name) < 0) {
    throw new FloorwalkError('invalid_input', `"${name}" is not a metric; see the vocabulary (e.g. gpu_temp_c, inlet_temp_c, coolant_flow_lpm).`, { field: 'metric' });
  }
  const row = db.prepare('SELECT id FROM telemetry_metrics WHERE name = ?').get(name) as { id: number } | undefined;
  return row ? row.id : null;
}

export function telemetryStats(db: Db, metric?: string): TelemetryStats {
  if (metric !== undefined) metricId(db, metric);
  const rows = db
    .prepare(
      `SELECT name AS metric, unit, count, min_value AS min, max_value AS max, first_ts AS first, last_ts AS last
       FROM telemetry_metrics WHERE (@metric IS NULL AND count > 0) OR name = @metric ORDER BY name`,
    )
    .all({ metric: metric ?? null }) as Array<{ metric: string; unit: string; count: number; min: number | null; max: number | null; first: number | null; last: number | null }>;
  const metrics: MetricStat[] = rows.map((r) => ({ ...r, first: iso(r.first), last: iso(r.last) }));
  if (metric !== undefined && metrics.length === 0) {
    metrics.push({ metric, unit: '', count: 0, min: null, max: null, first: null, last: null });
  }
  const counts = db.prepare(`SELECT count(*) AS targets, count(*) FILTER (WHERE kind = 'unmatched') AS unmatched FROM telemetry_targets WHERE ${NOT_PENDING_TARGET}`).get() as {
    targets: number;
    unmatched: number;
  };
  const imports = db.prepare('SELECT count(*) FROM telemetry_imports').pluck().get() as number;
  return { metrics, targets: counts.targets, unmatchedTargets: counts.unmatched, imports };
}

interface LatestRow {
  targetId: number;
  kind: string;
  entityId: number | null;
  label: string;
  rackId: number | null;
  metric: string;
  unit: string;
  ts: number;
  value: number;
}

function toLatest(rows: LatestRow[]): LatestReading[] {
  return rows.map(({ ts, ...rest }) => ({ ...rest, at: new Date(ts).toISOString() }));
}

/** The newest value of every metric of every target in a room (optionally only some metrics). */
export function latestForRoom(db: Db, roomId: number, metrics?: readonly string[]): LatestReading[] {
  const rows = db.prepare(LATEST_FOR_ROOM_SQL).all({ roomId }) as LatestRow[];
  const wanted = metrics && metrics.length > 0 ? new Set(metrics) : null;
  return toLatest(wanted ? rows.filter((r) => wanted.has(r.metric)) : rows);
}

export function latestForTarget(db: Db, targetId: number): LatestReading[] {
  const rows = db
    .prepare(
      `SELECT t.id AS targetId, t.kind, t.entity_id AS entityId, t.label, NULL AS rackId, m.name AS metric, m.unit, l.ts, l.value
       FROM telemetry_targets t JOIN telemetry_latest l ON l.target_id = t.id JOIN telemetry_metrics m ON m.id = l.metric_id
       WHERE t.id = ? ORDER BY m.name`,
    )
    .all(targetId) as LatestRow[];
  return toLatest(rows);
}

/** One metric over a room's targets, aggregated per time bucket. */
export function bucketsForRoom(db: Db, roomId: number, metric: string, fromMs: number, toMs: number, bucketMs: number): BucketValue[] {
  const id = metricId(db, metric);
  if (id === null) return [];
  return db.prepare(BUCKETS_FOR_ROOM_SQL).all({ roomId, metricId: id, from: Math.floor(fromMs), to: Math.ceil(toMs), bucketMs: Math.max(1, Math.floor(bucketMs)) }) as BucketValue[];
}

export function unmatchedTargets(db: Db, options: { limit: number; offset: number; roomId?: number | undefined }): TelemetryUnmatched {
  const rows = db
    .prepare(
      `SELECT t.id, t.key, t.label, t.note, t.identity,
              (SELECT count(*) FROM telemetry_latest l WHERE l.target_id = t.id) AS metrics,
              (SELECT max(l.ts) FROM telemetry_latest l WHERE l.target_id = t.id) AS last
       FROM telemetry_targets t WHERE t.kind = 'unmatched' AND ${NOT_PENDING_TARGET} ORDER BY t.label LIMIT @limit OFFSET @offset`,
    )
    .all(options) as Array<{ id: number; key: string; label: string; note: string | null; identity: string; metrics: number; last: number | null }>;
  const total = db.prepare(`SELECT count(*) FROM telemetry_targets WHERE kind = 'unmatched' AND ${NOT_PENDING_TARGET}`).pluck().get() as number;
  const targets: UnmatchedTarget[] = rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: r.label,
    note: r.note,
    identity: identityRecord(r.identity),
    metrics: r.metrics,
    lastAt: iso(r.last),
  }));

  // GPUs of hosts that report telemetry but that no file mentions: a dead or missing GPU, not a gap in coverage.
  const missingSql = `
    WITH reporting AS (
      SELECT DISTINCT a.device_id FROM telemetry_targets t JOIN accelerators a ON a.id = t.entity_id WHERE t.kind = 'accelerator'
    )
    SELECT a.id, a.serial, a.uuid, d.hostname AS host, a.slot,
           coalesce(st.code || '/' || rm.name || '/' || rk.name, 'not racked') AS place
    FROM reporting r
      JOIN accelerators a ON a.device_id = r.device_id
      JOIN devices d ON d.id = a.device_id
      LEFT JOIN racks rk ON rk.id = d.rack_id
      LEFT JOIN rooms rm ON rm.id = rk.room_id
      LEFT JOIN sites st ON st.id = rm.site_id
    WHERE NOT EXISTS (SELECT 1 FROM telemetry_targets t2 WHERE t2.kind = 'accelerator' AND t2.entity_id = a.id)
      AND (@roomId IS NULL OR rk.room_id = @roomId)`;
  const silent = db.prepare(`${missingSql} ORDER BY d.hostname, a.slot LIMIT @limit`).all({ roomId: options.roomId ?? null, limit: options.limit }) as SilentAccelerator[];
  const silentTotal = db.prepare(`SELECT count(*) FROM (${missingSql})`).pluck().get({ roomId: options.roomId ?? null }) as number;
  return { targets, total, silentAccelerators: silent, silentAcceleratorsTotal: silentTotal };
}

function identityRecord(json: string): Record<string, string> {
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') out[key] = value;
    return out;
  } catch {
    return {};
  }
}
