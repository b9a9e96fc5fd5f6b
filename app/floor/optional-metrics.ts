import type { Db } from '../db/open';
import { latestAuditRackShares } from '../audit/floor-progress';
import { ROOM_TARGETS_SQL } from '../telemetry/store/queries';

export interface RackTelemetry {
  readonly inletC: number | null;
  readonly hottestGpuC: number | null;
}

/** Audit progress per rack (0..1) from the latest audit covering it; racks no audit covers are absent. */
export function rackAuditProgress(db: Db, roomId: number): Map<number, number> {
  return latestAuditRackShares(db, roomId);
}

const INLET_METRIC = 'inlet_temp_c';
const GPU_TEMP_METRIC = 'gpu_temp_c';

/**
 * Latest inlet temperature and hottest GPU per rack, °C, from the telemetry's latest-value table: the
 * warmest inlet reading of the rack (its inlet sensors, or readings filed against the rack itself) and
 * the hottest of its GPUs. Empty, without touching the room's targets, while no such reading was imported.
 */
export function rackTelemetry(db: Db, roomId: number): Map<number, RackTelemetry> {
  const imported = db.prepare('SELECT count(*) FROM telemetry_metrics WHERE name IN (?, ?) AND count > 0').pluck().get(INLET_METRIC, GPU_TEMP_METRIC) as number;
  if (imported === 0) return new Map();
  const rows = db
    .prepare(
      `WITH room_targets AS (${ROOM_TARGETS_SQL})
       SELECT rt.rack_id AS rackId, m.name AS metric, max(l.value) AS value
       FROM room_targets rt
         JOIN telemetry_latest l ON l.target_id = rt.target_id
         JOIN telemetry_metrics m ON m.id = l.metric_id
       WHERE rt.rack_id IS NOT NULL AND m.name IN (@inlet, @gpu)
       GROUP BY rt.rack_id, m.name`,
    )
    .all({ roomId, inlet: INLET_METRIC, gpu: GPU_TEMP_METRIC }) as Array<{ rackId: number; metric: string; value: number }>;
  const byRack = new Map<number, { inletC: number | null; hottestGpuC: number | null }>();
  for (const row of rows) {
    const entry = byRack.get(row.rackId) ?? { inletC: null, hottestGpuC: null };
    if (row.metric === INLET_METRIC) entry.inletC = row.value;
    else entry.hottestGpuC = row.value;
    byRack.set(row.rackId, entry);
  }
  return byRack;
}
