import type { Db } from '../db/open';
import { eccFindings, rowRemapFindings, throttleFindings, xidFindings } from './gpu-signals';
import { nvlinkDomains } from './domains';
import { leakFindings } from './leaks';
import { gpuTargets, metricIds } from './place';
import { silenceFindings } from './silence';
import { swapFindings } from './swaps';
import { unreadableFindings } from './unreadable';
import { HEALTH_KINDS, type HealthFinding, type HealthKind, type HealthReport, type HealthSeverity } from './types';

const SEVERITY_RANK: Record<HealthSeverity, number> = { critical: 0, warning: 1, info: 2 };
// Within a severity, what takes a GPU out of service first.
const KIND_RANK: Record<HealthKind, number> = { leak: 0, silent: 1, unreadable: 2, xid: 3, ecc: 4, row_remap: 5, swap_unconfirmed: 6, throttle: 7 };

export interface HealthOptions {
  readonly roomId?: number | undefined;
  readonly kinds?: readonly HealthKind[] | undefined;
}

/**
 * Every health finding in scope, worst first: GPU faults (XID, ECC, row remap, throttling, silence), leaks,
 * and swaps the telemetry contradicts. Each carries its evidence and its place; a GPU with an open RMA case
 * names it, so the list doubles as the floor's worklist.
 */
export function healthReport(db: Db, options: HealthOptions = {}): HealthReport {
  const roomId = options.roomId ?? null;
  const ids = metricIds(db);
  const targets = gpuTargets(db, roomId);
  const raw = [
    ...xidFindings(db, targets, ids),
    ...eccFindings(db, targets, ids),
    ...rowRemapFindings(db, targets, ids),
    ...throttleFindings(db, targets, ids),
    ...unreadableFindings(db, targets),
    ...silenceFindings(db, targets, roomId),
    ...leakFindings(db, ids, roomId),
    ...swapFindings(db, roomId),
  ];
  // A GPU the file said it could not read is also silent after that; the unreadable finding says more.
  const unreadable = new Set(raw.filter((f) => f.kind === 'unreadable').map((f) => f.gpuId));
  const kept = raw.filter((f) => !(f.kind === 'silent' && unreadable.has(f.gpuId)) && (options.kinds === undefined || options.kinds.includes(f.kind)));

  // Readings taken before a slot's swap describe the removed part, not the one in the slot now.
  const swappedAt = new Map<number, number>();
  for (const row of db.prepare('SELECT accelerator_id AS gpuId, max(swapped_at) AS at FROM rma_cases WHERE swapped_at IS NOT NULL AND accelerator_id IS NOT NULL GROUP BY accelerator_id').all() as Array<{
    gpuId: number;
    at: string;
  }>)
    swappedAt.set(row.gpuId, Date.parse(row.at));
  let beforeSwap = 0;
  const current = kept.filter((f) => {
    const swap = f.gpuId === null || f.kind === 'swap_unconfirmed' ? undefined : swappedAt.get(f.gpuId);
    if (swap === undefined) return true;
    const when = f.evidence['at'] ?? f.evidence['to'] ?? f.evidence['lastSeen'] ?? f.evidence['importedAt'];
    if (typeof when !== 'string' || Date.parse(when) >= swap) return true;
    beforeSwap += 1;
    return false;
  });

  const openCases = new Map<number, { id: number; status: string }>();
  for (const row of db.prepare(`SELECT id, status, accelerator_id AS gpuId FROM rma_cases WHERE status <> 'returned' AND accelerator_id IS NOT NULL ORDER BY id`).all() as Array<{
    id: number;
    status: string;
    gpuId: number;
  }>)
    openCases.set(row.gpuId, { id: row.id, status: row.status });

  const findings: HealthFinding[] = current
    .map((f) => ({ ...f, rmaCase: f.gpuId === null ? null : (openCases.get(f.gpuId) ?? null) }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
        a.path.localeCompare(b.path, 'en', { numeric: true }),
    );

  const counts = Object.fromEntries(HEALTH_KINDS.map((k) => [k, 0])) as Record<HealthKind, number>;
  for (const f of findings) counts[f.kind] += 1;
  const suspects = new Set(findings.filter((f) => f.gpu !== null).map((f) => (f.gpuId === null ? `t:${f.path}` : `g:${f.gpuId}`)));
  const gpusInScope = db
    .prepare(
      `SELECT count(*) FROM accelerators a JOIN devices d ON d.id = a.device_id LEFT JOIN racks rk ON rk.id = d.rack_id
       WHERE @roomId IS NULL OR rk.room_id = @roomId`,
    )
    .pluck()
    .get({ roomId }) as number;
  const latest = db.prepare('SELECT max(ts) FROM telemetry_latest').pluck().get() as number | null;
  return {
    findings,
    counts,
    suspectGpus: suspects.size,
    gpusInScope,
    latestAt: latest === null ? null : new Date(latest).toISOString(),
    beforeSwap,
    domains: nvlinkDomains(db, roomId, findings),
  };
}
