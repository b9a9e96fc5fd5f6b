import type { Db } from '../db/open';
import type { HealthFinding } from './types';

/** NVL72 rack-scale parts by catalog slug pattern (GB200 today, GB300 when its types are added). */
const COMPUTE_TRAY = 'nvidia-gb%-nvl72-compute-tray';
const SWITCH_TRAY = 'nvidia-gb%-nvl72-switch-tray';
export const NVL72_COMPUTE_TRAYS = 18;
export const NVL72_SWITCH_TRAYS = 9;
export const NVL72_GPUS = 72;
/**
 * NVL72 jobs are commonly placed as 64 GPUs with spares or as all 72: below 64 healthy GPUs the domain can no
 * longer take a 64-GPU job, which is when it stops being "degraded" and becomes "impaired".
 */
export const NVL72_MIN_JOB_GPUS = 64;

export type DomainState = 'healthy' | 'degraded' | 'impaired';

export interface NvlinkDomain {
  readonly rackId: number;
  readonly rack: string;
  readonly roomId: number;
  readonly room: string;
  readonly site: string;
  readonly computeTrays: number;
  readonly switchTrays: number;
  /** Compute trays present but not in service (failed, offline, staged). */
  readonly traysOut: number;
  readonly gpusExpected: number;
  readonly gpusPresent: number;
  readonly gpusHealthy: number;
  readonly state: DomainState;
  /** Why the state is what it is, in words. */
  readonly reason: string;
}

interface Row {
  rackId: number;
  rack: string;
  roomId: number;
  room: string;
  site: string;
  computeTrays: number;
  switchTrays: number;
  /** Compute trays present but not in service (failed, offline, staged). */
  traysOut: number;
  gpusPresent: number;
}

/**
 * Every NVLink domain (an NVL72 rack) in scope, as one unit: trays and GPUs present out of 18/9/72, and
 * GPUs healthy — present, status ok, and with no critical or warning health finding.
 */
export function nvlinkDomains(db: Db, roomId: number | null, findings: readonly Pick<HealthFinding, 'gpuId' | 'severity'>[]): NvlinkDomain[] {
  const rows = db
    .prepare(
      `SELECT rk.id AS rackId, rk.name AS rack, rm.id AS roomId, rm.name AS room, st.code AS site,
              count(DISTINCT CASE WHEN t.slug LIKE @compute AND d.status NOT IN ('missing','decommissioning') THEN d.id END) AS computeTrays,
              count(DISTINCT CASE WHEN t.slug LIKE @switch AND d.status NOT IN ('missing','decommissioning') THEN d.id END) AS switchTrays,
              count(DISTINCT CASE WHEN t.slug LIKE @compute AND d.status NOT IN ('active','missing','decommissioning') THEN d.id END) AS traysOut,
              (SELECT count(*) FROM accelerators a JOIN devices d2 ON d2.id = a.device_id JOIN device_types t2 ON t2.id = d2.type_id
               WHERE d2.rack_id = rk.id AND t2.slug LIKE @compute AND a.status <> 'missing' AND d2.status NOT IN ('missing','decommissioning')) AS gpusPresent
       FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites st ON st.id = rm.site_id
       JOIN devices d ON d.rack_id = rk.id JOIN device_types t ON t.id = d.type_id
       WHERE (@roomId IS NULL OR rm.id = @roomId)
       GROUP BY rk.id HAVING sum(t.slug LIKE @compute) > 0 ORDER BY st.code, rm.name, rk.name`,
    )
    .all({ roomId, compute: COMPUTE_TRAY, switch: SWITCH_TRAY }) as Row[];
  if (rows.length === 0) return [];
  const suspect = new Set(findings.filter((f) => f.gpuId !== null && f.severity !== 'info').map((f) => f.gpuId));
  const okGpus = db.prepare(
    `SELECT a.id FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN device_types t ON t.id = d.type_id
     WHERE d.rack_id = ? AND t.slug LIKE ? AND a.status = 'ok' AND d.status = 'active'`,
  );
  return rows.map((row) => {
    const healthy = (okGpus.pluck().all(row.rackId, COMPUTE_TRAY) as number[]).filter((id) => !suspect.has(id)).length;
    const short: string[] = [];
    if (row.computeTrays < NVL72_COMPUTE_TRAYS) short.push(`${row.computeTrays}/${NVL72_COMPUTE_TRAYS} compute trays`);
    if (row.switchTrays < NVL72_SWITCH_TRAYS) short.push(`${row.switchTrays}/${NVL72_SWITCH_TRAYS} NVLink switch trays`);
    if (healthy < NVL72_GPUS) short.push(`${healthy}/${NVL72_GPUS} GPUs healthy${row.traysOut > 0 ? ` (${row.traysOut} compute tray${row.traysOut === 1 ? '' : 's'} out of service)` : ''}`);
    const state: DomainState = healthy < NVL72_MIN_JOB_GPUS || row.switchTrays < NVL72_SWITCH_TRAYS - 1 ? 'impaired' : short.length > 0 ? 'degraded' : 'healthy';
    return {
      ...row,
      gpusExpected: NVL72_GPUS,
      gpusHealthy: healthy,
      state,
      reason: short.length === 0 ? 'all 72 GPUs healthy, 18 compute and 9 switch trays present' : short.join(', '),
    };
  });
}
