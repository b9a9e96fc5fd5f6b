import type { Db } from '../db/open';
import { gpuFinding } from './gpu-signals';
import type { GpuTarget } from './place';
import type { HealthFinding } from './types';

/**
 * A GPU whose host kept reporting after the GPU went quiet has most likely fallen off the bus (or was
 * pulled). Below this gap a GPU is only a sample or two behind its peers.
 */
export const SILENCE_MIN_MS = 10 * 60_000;

const iso = (ms: number): string => new Date(ms).toISOString();

const PLACE = `JOIN devices d ON d.id = a.device_id LEFT JOIN racks rk ON rk.id = d.rack_id
  LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites st ON st.id = rm.site_id`;

/**
 * Silence, two ways: a GPU that reported before but not in its host's newer readings, and a GPU the
 * inventory places in a host that reports its other GPUs but never this one.
 */
export function silenceFindings(db: Db, targets: ReadonlyMap<number, GpuTarget>, roomId: number | null): Array<Omit<HealthFinding, 'rmaCase'>> {
  const last = db
    .prepare(
      `SELECT t.id AS targetId, max(l.ts) AS lastTs FROM telemetry_targets t JOIN telemetry_latest l ON l.target_id = t.id
       WHERE t.kind = 'accelerator' GROUP BY t.id`,
    )
    .all() as Array<{ targetId: number; lastTs: number }>;
  const hostLast = new Map<number, { ts: number; file: string | null }>();
  const gpuLast: Array<{ target: GpuTarget; ts: number }> = [];
  for (const row of last) {
    const target = targets.get(row.targetId);
    if (!target || target.deviceId === null) continue;
    gpuLast.push({ target, ts: row.lastTs });
    const host = hostLast.get(target.deviceId);
    if (!host || row.lastTs > host.ts) hostLast.set(target.deviceId, { ts: row.lastTs, file: target.file });
  }
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  for (const { target, ts } of gpuLast) {
    const host = target.deviceId === null ? undefined : hostLast.get(target.deviceId);
    if (!host || host.ts - ts < SILENCE_MIN_MS) continue;
    const minutes = Math.round((host.ts - ts) / 60_000);
    out.push(
      gpuFinding(
        target,
        'silent',
        'critical',
        `Silent for ${minutes} min while its host kept reporting`,
        'The GPU has likely fallen off the bus: check nvidia-smi on the host and the kernel log for XID 79; drain, power-cycle, reseat.',
        { lastSeen: new Date(ts).toISOString(), hostLastSeen: iso(host.ts), hostFile: host.file, silentMinutes: minutes },
      ),
    );
  }

  // GPUs the inventory has in a reporting host that no file ever mentioned.
  const never = db
    .prepare(
      `SELECT NULL AS targetId, a.id AS gpuId, a.slot AS slot, a.serial AS serial, a.uuid AS uuid, a.model AS model,
              d.id AS deviceId, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device, d.u_position AS u,
              rk.id AS rackId, rk.name AS rack, rm.id AS roomId, rm.name AS room, st.code AS site, NULL AS file,
              coalesce(a.serial, a.uuid, 'slot ' || a.slot) AS label
       FROM accelerators a ${PLACE}
       WHERE a.device_id IN (SELECT a2.device_id FROM telemetry_targets t2 JOIN accelerators a2 ON t2.kind = 'accelerator' AND a2.id = t2.entity_id)
         AND NOT EXISTS (SELECT 1 FROM telemetry_targets t WHERE t.kind = 'accelerator' AND t.entity_id = a.id)
         AND a.status NOT IN ('missing', 'rma')
         AND (@roomId IS NULL OR rm.id = @roomId)`,
    )
    .all({ roomId }) as GpuTarget[];
  for (const gpu of never) {
    const host = gpu.deviceId === null ? undefined : hostLast.get(gpu.deviceId);
    out.push(
      gpuFinding(
        gpu,
        'silent',
        'warning',
        'Never reported by its host',
        'The host reports its other GPUs but not this one: check that the driver sees it (nvidia-smi -L) and that the inventory has the right slot.',
        { lastSeen: null, hostLastSeen: host ? iso(host.ts) : null, hostFile: host?.file ?? null },
      ),
    );
  }
  return out;
}
