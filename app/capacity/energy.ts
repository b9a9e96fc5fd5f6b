import type { Db } from '../db/open';

/** A gap longer than this between two readings of one meter is not bridged (the meter was silent). */
export const MAX_READING_GAP_MS = 30 * 60_000;
/** The series is cut into at most this many buckets, whatever the span. */
const MAX_BUCKETS = 96;

export interface EnergyLoop {
  readonly loop: string;
  readonly cdus: number;
  readonly racks: number;
  /** Mean IT power of the loop's racks over the span (PDU telemetry), null without readings. */
  readonly itKw: number | null;
  readonly heatRemovedKw: number | null;
  /** heat removed / IT power: the share of the loop's IT heat its CDUs carry away. */
  readonly ratio: number | null;
}

export interface EnergyReport {
  readonly roomId: number;
  readonly from: number | null;
  readonly to: number | null;
  readonly itKw: number | null;
  readonly itKwh: number | null;
  readonly heatRemovedKw: number | null;
  readonly heatRemovedKwh: number | null;
  readonly ratio: number | null;
  readonly itMeters: number;
  readonly cduMeters: number;
  readonly loops: EnergyLoop[];
  readonly series: Array<{ readonly t: number; readonly itKw: number | null; readonly heatKw: number | null }>;
  /** What the figures rest on, in words (missing telemetry is said, never filled in). */
  readonly notes: string[];
}

interface Reading {
  readonly target: number;
  readonly ts: number;
  readonly value: number;
}

/** Energy (kWh) of one meter's readings, each value held until the next one (or for at most the gap limit). */
function meterEnergy(readings: readonly Reading[], scaleToKw: number): number {
  let kwh = 0;
  for (let i = 0; i + 1 < readings.length; i++) {
    const a = readings[i] as Reading;
    const b = readings[i + 1] as Reading;
    const dt = b.ts - a.ts;
    if (dt > 0 && dt <= MAX_READING_GAP_MS) kwh += (((a.value + b.value) / 2) * scaleToKw * dt) / 3_600_000;
  }
  return kwh;
}

function readingsOf(db: Db, metric: string, targets: readonly number[]): Map<number, Reading[]> {
  const out = new Map<number, Reading[]>();
  const metricId = db.prepare('SELECT id FROM telemetry_metrics WHERE name = ?').pluck().get(metric) as number | undefined;
  if (metricId === undefined || targets.length === 0) return out;
  const stmt = db.prepare('SELECT target_id AS target, ts, value FROM telemetry_readings WHERE metric_id = ? AND target_id = ? ORDER BY ts');
  for (const t of targets) {
    const rows = stmt.all(metricId, t) as Reading[];
    if (rows.length > 0) out.set(t, rows);
  }
  return out;
}

/**
 * IT power against heat removed, per hall and per liquid loop, over the span the telemetry covers: IT
 * power from the PDUs' (or racks') `rack_power_w`, heat from the CDUs' `heat_removed_kw`. Each meter's
 * energy is the trapezoid sum of its readings; the mean kW is that energy over the span.
 */
export function energyReport(db: Db, roomId: number): EnergyReport {
  const itTargets = db
    .prepare(
      `SELECT tt.id AS target, coalesce(d.rack_id, r.id) AS rackId, tt.kind FROM telemetry_targets tt
       LEFT JOIN devices d ON tt.kind = 'device' AND d.id = tt.entity_id
       LEFT JOIN device_types t ON t.id = d.type_id
       LEFT JOIN racks r ON tt.kind = 'rack' AND r.id = tt.entity_id
       JOIN racks rk ON rk.id = coalesce(d.rack_id, r.id)
       WHERE rk.room_id = ? AND (tt.kind = 'rack' OR t.category = 'pdu')`,
    )
    .all(roomId) as Array<{ target: number; rackId: number; kind: string }>;
  const cduTargets = db
    .prepare(
      `SELECT tt.id AS target, c.loop_id AS loopId FROM telemetry_targets tt JOIN cooling_units c ON tt.kind = 'cooling_unit' AND c.id = tt.entity_id
       WHERE c.room_id = ? AND c.kind = 'CDU'`,
    )
    .all(roomId) as Array<{ target: number; loopId: number | null }>;
  const metered = readingsOf(db, 'rack_power_w', itTargets.map((t) => t.target));
  // A rack metered at rack level is not also summed from its PDUs.
  const rackLevel = new Set(itTargets.filter((t) => t.kind === 'rack' && metered.has(t.target)).map((t) => t.rackId));
  const byTarget = new Map(itTargets.map((t) => [t.target, t]));
  const it = new Map(
    [...metered].filter(([target]) => {
      const t = byTarget.get(target);
      return t !== undefined && (t.kind === 'rack' || !rackLevel.has(t.rackId));
    }),
  );
  const heat = readingsOf(db, 'heat_removed_kw', cduTargets.map((t) => t.target));
  let from = Infinity;
  let to = -Infinity;
  for (const rows of [...it.values(), ...heat.values()]) {
    from = Math.min(from, (rows[0] as Reading).ts);
    to = Math.max(to, (rows[rows.length - 1] as Reading).ts);
  }
  const notes: string[] = [];
  if (it.size === 0) notes.push('No PDU or rack power telemetry for this hall: IT power is unknown (import a PDU export).');
  if (heat.size === 0) notes.push('No CDU heat-removed telemetry for this hall: heat removed is unknown (import a CDU export).');
  if (!Number.isFinite(from)) {
    return { roomId, from: null, to: null, itKw: null, itKwh: null, heatRemovedKw: null, heatRemovedKwh: null, ratio: null, itMeters: 0, cduMeters: 0, loops: loopsWithout(db, roomId), series: [], notes };
  }
  const hours = Math.max(1e-9, (to - from) / 3_600_000);
  const itKwh = it.size > 0 ? [...it.values()].reduce((s, rows) => s + meterEnergy(rows, 1 / 1000), 0) : null;
  const heatKwh = heat.size > 0 ? [...heat.values()].reduce((s, rows) => s + meterEnergy(rows, 1), 0) : null;
  const itKw = itKwh === null ? null : itKwh / hours;
  const heatKw = heatKwh === null ? null : heatKwh / hours;

  const loopRacks = new Map<number, Set<number>>();
  for (const r of db.prepare('SELECT id, loop_id AS loopId FROM racks WHERE room_id = ? AND loop_id IS NOT NULL').all(roomId) as Array<{ id: number; loopId: number }>) {
    const set = loopRacks.get(r.loopId) ?? new Set<number>();
    set.add(r.id);
    loopRacks.set(r.loopId, set);
  }
  const loops: EnergyLoop[] = (db.prepare('SELECT id, name FROM cooling_loops WHERE room_id = ? ORDER BY name').all(roomId) as Array<{ id: number; name: string }>).map((loop) => {
    const racks = loopRacks.get(loop.id) ?? new Set<number>();
    const meters = itTargets.filter((t) => racks.has(t.rackId) && it.has(t.target));
    const cdus = cduTargets.filter((c) => c.loopId === loop.id);
    const loopIt = meters.length > 0 ? meters.reduce((s, m) => s + meterEnergy(it.get(m.target) ?? [], 1 / 1000), 0) / hours : null;
    const cduHeat = cdus.filter((c) => heat.has(c.target));
    const loopHeat = cduHeat.length > 0 ? cduHeat.reduce((s, c) => s + meterEnergy(heat.get(c.target) ?? [], 1), 0) / hours : null;
    return { loop: loop.name, cdus: cdus.length, racks: racks.size, itKw: loopIt, heatRemovedKw: loopHeat, ratio: loopIt !== null && loopHeat !== null && loopIt > 0 ? loopHeat / loopIt : null };
  });

  const bucketMs = Math.max(60_000, Math.ceil((to - from + 1) / MAX_BUCKETS / 60_000) * 60_000);
  const buckets = Math.max(1, Math.ceil((to - from + 1) / bucketMs));
  const sumMeans = (series: Map<number, Reading[]>, scale: number): Array<number | null> => {
    const total = new Array<number | null>(buckets).fill(null);
    for (const rows of series.values()) {
      const sums = new Array<number>(buckets).fill(0);
      const counts = new Array<number>(buckets).fill(0);
      for (const r of rows) {
        const b = Math.min(buckets - 1, Math.floor((r.ts - from) / bucketMs));
        sums[b] = (sums[b] ?? 0) + r.value * scale;
        counts[b] = (counts[b] ?? 0) + 1;
      }
      for (let b = 0; b < buckets; b++) if ((counts[b] ?? 0) > 0) total[b] = (total[b] ?? 0) + (sums[b] ?? 0) / (counts[b] ?? 1);
    }
    return total;
  };
  const itSeries = sumMeans(it, 1 / 1000);
  const heatSeries = sumMeans(heat, 1);
  const series = itSeries.map((v, b) => ({ t: from + b * bucketMs, itKw: v, heatKw: heatSeries[b] ?? null }));
  return {
    roomId,
    from,
    to,
    itKw,
    itKwh,
    heatRemovedKw: heatKw,
    heatRemovedKwh: heatKwh,
    ratio: itKw !== null && heatKw !== null && itKw > 0 ? heatKw / itKw : null,
    itMeters: it.size,
    cduMeters: heat.size,
    loops,
    series,
    notes,
  };
}

function loopsWithout(db: Db, roomId: number): EnergyLoop[] {
  return (db
    .prepare('SELECT l.name AS loop, (SELECT count(*) FROM cooling_units c WHERE c.loop_id = l.id) AS cdus, (SELECT count(*) FROM racks r WHERE r.loop_id = l.id) AS racks FROM cooling_loops l WHERE l.room_id = ? ORDER BY l.name')
    .all(roomId) as Array<{ loop: string; cdus: number; racks: number }>).map((l) => ({ ...l, itKw: null, heatRemovedKw: null, ratio: null }));
}
