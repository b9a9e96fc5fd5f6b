import type { Db } from '../db/open';
import type { HealthFinding, HealthPlace } from './types';

interface LeakRow {
  readonly targetId: number;
  readonly kind: string;
  readonly entityId: number | null;
  readonly label: string;
  readonly value: number;
  readonly ts: number;
  readonly wetTs: number | null;
  readonly file: string | null;
}

/** Where a leak detector is (a GPU slot never applies), and which racks its leak puts at risk. */
interface Where extends Omit<HealthPlace, 'slot'> {
  readonly level: 'tray' | 'rack' | 'loop' | 'room';
  readonly affected: number[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

function roomOf(db: Db, roomId: number | null): { site: string | null; room: string | null } {
  if (roomId === null) return { site: null, room: null };
  const row = db.prepare('SELECT st.code AS site, rm.name AS room FROM rooms rm JOIN sites st ON st.id = rm.site_id WHERE rm.id = ?').get(roomId) as
    | { site: string; room: string }
    | undefined;
  return row ?? { site: null, room: null };
}

/** Where a leak detector's target is, and which racks its leak puts at risk. */
function locate(db: Db, row: LeakRow): Where | null {
  const none = { device: null, deviceId: null, u: null };
  switch (row.kind) {
    case 'rack': {
      const rack = db.prepare('SELECT id, name, room_id AS roomId FROM racks WHERE id = ?').get(row.entityId) as { id: number; name: string; roomId: number } | undefined;
      if (!rack) return null;
      return { level: 'rack', ...roomOf(db, rack.roomId), roomId: rack.roomId, rack: rack.name, rackId: rack.id, ...none, affected: [rack.id] };
    }
    case 'device': {
      const dev = db
        .prepare(`SELECT d.id, coalesce(d.hostname, d.serial, 'device ' || d.id) AS name, d.u_position AS u, rk.id AS rackId, rk.name AS rack, rk.room_id AS roomId
                  FROM devices d LEFT JOIN racks rk ON rk.id = d.rack_id WHERE d.id = ?`)
        .get(row.entityId) as { id: number; name: string; u: number | null; rackId: number | null; rack: string | null; roomId: number | null } | undefined;
      if (!dev) return null;
      return { level: 'tray', ...roomOf(db, dev.roomId), roomId: dev.roomId, rack: dev.rack, rackId: dev.rackId, device: dev.name, deviceId: dev.id, u: dev.u, affected: dev.rackId === null ? [] : [dev.rackId] };
    }
    case 'sensor': {
      const s = db
        .prepare('SELECT s.room_id AS roomId, s.rack_id AS rackId, rk.name AS rack FROM sensors s LEFT JOIN racks rk ON rk.id = s.rack_id WHERE s.id = ?')
        .get(row.entityId) as { roomId: number; rackId: number | null; rack: string | null } | undefined;
      if (!s) return null;
      return { level: s.rackId === null ? 'room' : 'rack', ...roomOf(db, s.roomId), roomId: s.roomId, rack: s.rack, rackId: s.rackId, ...none, affected: s.rackId === null ? [] : [s.rackId] };
    }
    case 'cooling_unit': {
      const cu = db.prepare('SELECT room_id AS roomId, loop_id AS loopId FROM cooling_units WHERE id = ?').get(row.entityId) as { roomId: number; loopId: number | null } | undefined;
      if (!cu) return null;
      const racks = cu.loopId === null ? [] : (db.prepare('SELECT id FROM racks WHERE loop_id = ? ORDER BY id').pluck().all(cu.loopId) as number[]);
      return { level: 'loop', ...roomOf(db, cu.roomId), roomId: cu.roomId, rack: null, rackId: null, ...none, affected: racks };
    }
    default:
      return null;
  }
}

/**
 * Leak detector states (tray, rack, CDU/loop, room level). A detector wet at its latest reading is critical;
 * one that was wet earlier in the imported span and reads dry now is a warning, so a transient leak that
 * dried is still inspected.
 */
export function leakFindings(db: Db, ids: ReadonlyMap<string, number>, roomId: number | null): Array<Omit<HealthFinding, 'rmaCase'>> {
  const metricId = ids.get('leak');
  if (metricId === undefined) return [];
  const rows = db
    .prepare(
      `SELECT t.id AS targetId, t.kind, t.entity_id AS entityId, t.label, l.value, l.ts,
              (SELECT max(r.ts) FROM telemetry_readings r WHERE r.metric_id = l.metric_id AND r.target_id = t.id AND r.value > 0) AS wetTs,
              i.file AS file
       FROM telemetry_latest l JOIN telemetry_targets t ON t.id = l.target_id LEFT JOIN telemetry_imports i ON i.id = t.last_import_id
       WHERE l.metric_id = ?`,
    )
    .all(metricId) as LeakRow[];
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  for (const row of rows) {
    if (row.wetTs === null) continue;
    const where = locate(db, row);
    if (roomId !== null && where?.roomId !== roomId) continue;
    const wet = row.value > 0;
    const place = where ?? { level: 'room' as const, site: null, room: null, roomId: null, rack: null, rackId: null, device: null, deviceId: null, u: null, affected: [] };
    const path = [place.site, place.room, place.rack, place.u === null ? null : `U${place.u}`, place.device].filter((p): p is string => p !== null).join(' / ') || `${row.label} (not in the inventory)`;
    out.push({
      kind: 'leak',
      severity: wet ? 'critical' : 'warning',
      title: wet ? `Leak detected (${place.level} level) at ${row.label}` : `Leak reported at ${row.label}, dry since`,
      action: wet
        ? `Isolate the ${place.level === 'loop' ? 'CDU loop' : place.level === 'tray' ? 'tray’s quick disconnects' : 'rack manifold'} and inspect; ${place.affected.length} rack(s) at risk.`
        : 'Inspect the fittings and the drip tray; a detector that dried may have caught a weeping fitting.',
      gpu: null,
      gpuId: null,
      site: place.site,
      room: place.room,
      roomId: place.roomId,
      rack: place.rack,
      rackId: place.rackId,
      device: place.device,
      deviceId: place.deviceId,
      u: place.u,
      slot: null,
      path,
      evidence: { metric: 'leak', value: row.value, at: iso(row.ts), wetAt: iso(row.wetTs), level: place.level, detector: row.label, file: row.file },
      affectedRackIds: place.affected,
    });
  }
  return out;
}
