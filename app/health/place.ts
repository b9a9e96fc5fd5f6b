import type { Db } from '../db/open';
import type { HealthPlace } from './types';

/** A telemetry target that is a GPU, with where it sits. */
export interface GpuTarget extends HealthPlace {
  readonly targetId: number;
  readonly gpuId: number | null;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly model: string | null;
  /** The file that last reported this target, and when it was imported. */
  readonly file: string | null;
  readonly label: string;
}

const GPU_TARGETS = `
  SELECT t.id AS targetId, a.id AS gpuId, a.slot AS slot, a.serial AS serial, a.uuid AS uuid, a.model AS model,
         d.id AS deviceId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, d.u_position AS u,
         rk.id AS rackId, rk.name AS rack, rm.id AS roomId, rm.name AS room, st.code AS site,
         i.file AS file, t.label AS label
  FROM telemetry_targets t
  JOIN accelerators a ON t.kind = 'accelerator' AND a.id = t.entity_id
  JOIN devices d ON d.id = a.device_id
  LEFT JOIN racks rk ON rk.id = d.rack_id
  LEFT JOIN rooms rm ON rm.id = rk.room_id
  LEFT JOIN sites st ON st.id = rm.site_id
  LEFT JOIN telemetry_imports i ON i.id = t.last_import_id
  WHERE (@roomId IS NULL OR rm.id = @roomId)`;

// A GPU the inventory lacks still reports faults; it is listed with no place rather than dropped.
const UNMATCHED_GPU_TARGETS = `
  SELECT t.id AS targetId, NULL AS gpuId, NULL AS slot, NULL AS serial, NULL AS uuid, NULL AS model,
         NULL AS deviceId, NULL AS device, NULL AS u, NULL AS rackId, NULL AS rack, NULL AS roomId, NULL AS room, NULL AS site,
         i.file AS file, t.label AS label
  FROM telemetry_targets t LEFT JOIN telemetry_imports i ON i.id = t.last_import_id
  WHERE t.kind = 'unmatched' AND t.key LIKE 'gpu%' AND @roomId IS NULL`;

/** Every GPU target in scope (a room, or everything), keyed by target id. */
export function gpuTargets(db: Db, roomId: number | null): Map<number, GpuTarget> {
  const rows = db.prepare(`${GPU_TARGETS} UNION ALL ${UNMATCHED_GPU_TARGETS}`).all({ roomId }) as GpuTarget[];
  return new Map(rows.map((row) => [row.targetId, row]));
}

/** "PHX1 / DH1 / R07 / U12 / GPU 3", with what is known. */
export function placePath(place: HealthPlace, fallback: string): string {
  if (place.deviceId === null) return `${fallback} (not in the inventory)`;
  const parts = [place.site, place.room, place.rack ?? 'unracked', place.u === null ? null : `U${place.u}`, place.device, place.slot === null ? null : `GPU ${place.slot}`];
  return parts.filter((p): p is string => p !== null).join(' / ');
}

/** How a technician finds the GPU: serial (printed on the part), else UUID, else its slot. */
export function gpuName(target: GpuTarget): string {
  return target.serial ?? target.uuid ?? (target.slot === null ? target.label : `slot ${target.slot}`);
}

export function placeOf(target: GpuTarget): HealthPlace {
  return {
    site: target.site,
    room: target.room,
    roomId: target.roomId,
    rack: target.rack,
    rackId: target.rackId,
    device: target.device,
    deviceId: target.deviceId,
    u: target.u,
    slot: target.slot,
  };
}

/** Metric ids by name, for the metrics the health checks read (absent until a file brought them). */
export function metricIds(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT id, name FROM telemetry_metrics').all() as Array<{ id: number; name: string }>;
  return new Map(rows.map((r) => [r.name, r.id]));
}
