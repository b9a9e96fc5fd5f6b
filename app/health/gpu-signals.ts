import type { Db } from '../db/open';
import { gpuName, placeOf, placePath, type GpuTarget } from './place';
import type { HealthFinding, HealthKind, HealthSeverity, HealthEvidence } from './types';
import { xidInfo } from './xid';

/** The latest value of one metric for every GPU target that has it. */
interface Latest {
  readonly targetId: number;
  readonly value: number;
  readonly ts: number;
}

function latestOf(db: Db, metricId: number | undefined): Latest[] {
  if (metricId === undefined) return [];
  return db.prepare('SELECT target_id AS targetId, value, ts FROM telemetry_latest WHERE metric_id = ?').all(metricId) as Latest[];
}

export function gpuFinding(
  target: GpuTarget,
  kind: HealthKind,
  severity: HealthSeverity,
  title: string,
  action: string,
  evidence: HealthEvidence,
): Omit<HealthFinding, 'rmaCase'> {
  return {
    ...placeOf(target),
    kind,
    severity,
    title,
    action,
    gpu: gpuName(target),
    gpuId: target.gpuId,
    path: placePath(placeOf(target), target.label),
    evidence: { ...evidence, file: target.file },
    affectedRackIds: target.rackId === null ? [] : [target.rackId],
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The last XID each GPU reported (DCGM_FI_DEV_XID_ERRORS keeps the last one; 0 means none). */
export function xidFindings(db: Db, targets: ReadonlyMap<number, GpuTarget>, ids: ReadonlyMap<string, number>): Array<Omit<HealthFinding, 'rmaCase'>> {
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  for (const row of latestOf(db, ids.get('xid_last'))) {
    const target = targets.get(row.targetId);
    if (!target || row.value === 0) continue;
    const info = xidInfo(Math.round(row.value));
    out.push(
      gpuFinding(target, 'xid', info.severity, `XID ${info.code} — ${info.name}`, info.action, {
        metric: 'xid_last',
        value: info.code,
        at: iso(row.ts),
        meaning: info.meaning,
        nvidiaAction: info.bucket,
        rmaCandidate: info.hardware,
      }),
    );
  }
  return out;
}

/** Uncorrected ECC: volatile (since the last reset) is acute, aggregate (lifetime) is history. */
export function eccFindings(db: Db, targets: ReadonlyMap<number, GpuTarget>, ids: ReadonlyMap<string, number>): Array<Omit<HealthFinding, 'rmaCase'>> {
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  const volatile = new Set<number>();
  for (const row of latestOf(db, ids.get('ecc_uncorrected'))) {
    const target = targets.get(row.targetId);
    if (!target || row.value <= 0) continue;
    volatile.add(row.targetId);
    out.push(
      gpuFinding(target, 'ecc', 'critical', `${row.value} uncorrected ECC error(s) since the last reset`, 'Drain the node and reset the GPU; if errors return, open an RMA case.', {
        metric: 'ecc_uncorrected',
        value: row.value,
        at: iso(row.ts),
      }),
    );
  }
  for (const row of latestOf(db, ids.get('ecc_uncorrected_aggregate'))) {
    const target = targets.get(row.targetId);
    if (!target || row.value <= 0 || volatile.has(row.targetId)) continue;
    out.push(
      gpuFinding(target, 'ecc', 'warning', `${row.value} uncorrected ECC error(s) over the GPU’s life`, 'Watch this GPU; check its row-remap state (nvidia-smi -q -d ROW_REMAPPER).', {
        metric: 'ecc_uncorrected_aggregate',
        value: row.value,
        at: iso(row.ts),
      }),
    );
  }
  return out;
}

/** Row remapping: a failure means no spare rows are left (RMA); pending means a reset is due. */
export function rowRemapFindings(db: Db, targets: ReadonlyMap<number, GpuTarget>, ids: ReadonlyMap<string, number>): Array<Omit<HealthFinding, 'rmaCase'>> {
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  const failed = new Set<number>();
  for (const row of latestOf(db, ids.get('remapped_rows_failure'))) {
    const target = targets.get(row.targetId);
    if (!target || row.value <= 0) continue;
    failed.add(row.targetId);
    out.push(
      gpuFinding(target, 'row_remap', 'critical', 'Row remapping failed', 'Drain the node; the GPU has no spare rows left and is an RMA candidate.', {
        metric: 'remapped_rows_failure',
        value: row.value,
        at: iso(row.ts),
      }),
    );
  }
  for (const row of latestOf(db, ids.get('remapped_rows_pending'))) {
    const target = targets.get(row.targetId);
    if (!target || row.value <= 0 || failed.has(row.targetId)) continue;
    out.push(
      gpuFinding(target, 'row_remap', 'warning', 'Row remap pending', 'Reset the GPU at the next maintenance window so the remap takes effect.', {
        metric: 'remapped_rows_pending',
        value: row.value,
        at: iso(row.ts),
      }),
    );
  }
  return out;
}

/** Above this share of samples throttled, thermal or power throttling is a warning rather than a note. */
const THROTTLE_WARNING_SHARE = 0.05;

/**
 * Throttling over the imported span: how many samples had the flag set, and the time that stands for
 * (throttled samples × the GPU's mean sample interval).
 */
export function throttleFindings(db: Db, targets: ReadonlyMap<number, GpuTarget>, ids: ReadonlyMap<string, number>): Array<Omit<HealthFinding, 'rmaCase'>> {
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  for (const [metric, what] of [
    ['throttle_thermal', 'thermal'],
    ['throttle_power', 'power'],
  ] as const) {
    const metricId = ids.get(metric);
    if (metricId === undefined) continue;
    const rows = db
      .prepare(
        `SELECT target_id AS targetId, count(*) AS samples, sum(value > 0) AS throttled, min(ts) AS firstTs, max(ts) AS lastTs
         FROM telemetry_readings WHERE metric_id = ? GROUP BY target_id HAVING sum(value > 0) > 0`,
      )
      .all(metricId) as Array<{ targetId: number; samples: number; throttled: number; firstTs: number; lastTs: number }>;
    for (const row of rows) {
      const target = targets.get(row.targetId);
      if (!target) continue;
      const intervalMs = row.samples > 1 ? (row.lastTs - row.firstTs) / (row.samples - 1) : 0;
      const minutes = Math.round((row.throttled * intervalMs) / 60_000);
      const share = row.throttled / row.samples;
      out.push(
        gpuFinding(
          target,
          'throttle',
          share >= THROTTLE_WARNING_SHARE ? 'warning' : 'info',
          `${what === 'thermal' ? 'Thermal' : 'Power'} throttling ${Math.round(share * 100)} % of samples (≈ ${minutes} min)`,
          what === 'thermal'
            ? 'Check the rack’s inlet and the cold plate’s coolant flow; a single hot GPU in a cool rack points at its cold plate or TIM.'
            : 'Check the GPU’s power limit and the server’s PSUs; sustained power capping costs throughput.',
          { metric, throttledSamples: row.throttled, samples: row.samples, minutes, from: iso(row.firstTs), to: iso(row.lastTs) },
        ),
      );
    }
  }
  return out;
}
