import type { Db } from '../../db/open';
import type { TargetIdentity } from '../map/identity';
import type { InventoryResolver } from './join';

/**
 * Unmatched targets whose GPU, device, rack, sensor or CDU has since entered the inventory (an audit, an
 * inventory import) move onto it: their readings and latest values join the entity's target (readings the
 * entity already has at the same time stay as they are), or the target simply becomes the entity's. Runs
 * at the start of every import, in its own transaction (no batch is pending then). Returns how many targets moved.
 */
export function relinkUnmatched(db: Db, resolver: InventoryResolver): number {
  const unmatched = db.prepare(`SELECT id, identity FROM telemetry_targets WHERE kind = 'unmatched'`).all() as Array<{ id: number; identity: string }>;
  if (unmatched.length === 0) return 0;
  const byKey = db.prepare('SELECT id FROM telemetry_targets WHERE key = ?').pluck();
  const adopt = db.prepare('UPDATE telemetry_targets SET key = ?, kind = ?, entity_id = ?, label = ?, note = NULL WHERE id = ?');
  const moveReadings = db.prepare(`INSERT OR IGNORE INTO telemetry_readings_all (metric_id, target_id, ts, value, batch)
     SELECT metric_id, @to, ts, value, batch FROM telemetry_readings_all WHERE target_id = @from AND metric_id = @metric`);
  const dropReadings = db.prepare('DELETE FROM telemetry_readings_all WHERE target_id = @from AND metric_id = @metric');
  const metricsOf = db.prepare('SELECT metric_id FROM telemetry_latest WHERE target_id = ?').pluck();
  const moveLatest = db.prepare(
    `INSERT INTO telemetry_latest (metric_id, target_id, ts, value) SELECT metric_id, @to, ts, value FROM telemetry_latest WHERE target_id = @from
     ON CONFLICT (metric_id, target_id) DO UPDATE SET ts = excluded.ts, value = excluded.value WHERE excluded.ts > telemetry_latest.ts`,
  );
  const dropLatest = db.prepare('DELETE FROM telemetry_latest WHERE target_id = ?');
  const dropTarget = db.prepare('DELETE FROM telemetry_targets WHERE id = ?');
  const recount = db.prepare(
    `UPDATE telemetry_metrics SET (count, min_value, max_value, first_ts, last_ts) =
       (SELECT count(*), min(value), max(value), min(ts), max(ts) FROM telemetry_readings WHERE metric_id = @metric) WHERE id = @metric`,
  );
  let moved = 0;
  const touched = new Set<number>();
  for (const row of unmatched) {
    let identity: TargetIdentity;
    try {
      identity = JSON.parse(row.identity) as TargetIdentity;
    } catch {
      continue;
    }
    const resolved = resolver.resolve(identity);
    if (resolved.kind === 'unmatched') continue;
    moved++;
    const existing = byKey.get(resolved.key) as number | undefined;
    if (existing === undefined) {
      adopt.run(resolved.key, resolved.kind, resolved.entityId, resolved.label, row.id);
      continue;
    }
    // Readings are keyed by metric first, so they move one metric range at a time.
    for (const metric of metricsOf.all(row.id) as number[]) {
      moveReadings.run({ to: existing, from: row.id, metric });
      dropReadings.run({ from: row.id, metric });
      touched.add(metric);
    }
    moveLatest.run({ to: existing, from: row.id });
    dropLatest.run(row.id);
    dropTarget.run(row.id);
  }
  for (const metric of touched) recount.run({ metric });
  return moved;
}
