import type { Db } from '../db/open';
import type { LoadSource, RackLoad } from './types';

/** Device statuses whose nameplate is not drawn from the rack: stock on a shelf, or gone. */
const NOT_DRAWING_STATUSES = "('inventory','missing')";

interface DeviceRow {
  readonly deviceId: number;
  readonly rackId: number;
  readonly maxPowerW: number;
  readonly accelCount: number;
  readonly accelTdpW: number | null;
  readonly category: string;
}

function metricId(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM telemetry_metrics WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * The load of every rack of a site, from the best figure there is:
 * 1. the rack's PDU kW telemetry (latest `rack_power_w` of its zero-U PDUs, or of the rack itself);
 * 2. else per server, its GPUs' latest `gpu_power_w` summed, plus the non-GPU share of its nameplate
 *    (nameplate − GPUs × TDP: CPUs, fans, NICs draw whatever the GPUs do); servers without GPU readings
 *    and other devices at nameplate — the rack is `gpu-telemetry` when every GPU server reported, `mixed`
 *    when some did;
 * 3. else the nameplate maximum of its devices (planned devices included: they hold their reservation).
 */
export function siteRackLoads(db: Db, siteId: number): Map<number, RackLoad> {
  const racks = db
    .prepare('SELECT r.id FROM racks r JOIN rooms rm ON rm.id = r.room_id WHERE rm.site_id = ?')
    .pluck()
    .all(siteId) as number[];
  const devices = db
    .prepare(
      `SELECT d.id AS deviceId, d.rack_id AS rackId, t.max_power_w AS maxPowerW, t.accel_count AS accelCount,
              t.accel_tdp_w AS accelTdpW, t.category
       FROM devices d JOIN device_types t ON t.id = d.type_id JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id
       WHERE rm.site_id = ? AND d.status NOT IN ${NOT_DRAWING_STATUSES}`,
    )
    .all(siteId) as DeviceRow[];

  const rackPowerMetric = metricId(db, 'rack_power_w');
  const gpuPowerMetric = metricId(db, 'gpu_power_w');
  const pduKw = new Map<number, { kw: number; at: number }>();
  if (rackPowerMetric !== null) {
    // A rack-level reading wins over its PDUs' (a rack meter already sums them); PDUs are summed.
    const perPdu = db
      .prepare(
        `SELECT d.rack_id AS rackId, l.value AS w, l.ts FROM devices d
         JOIN device_types t ON t.id = d.type_id AND t.category = 'pdu'
         JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id
         JOIN telemetry_targets tt ON tt.kind = 'device' AND tt.entity_id = d.id
         JOIN telemetry_latest l ON l.target_id = tt.id AND l.metric_id = ?
         WHERE rm.site_id = ?`,
      )
      .all(rackPowerMetric, siteId) as Array<{ rackId: number; w: number; ts: number }>;
    for (const r of perPdu) {
      const prev = pduKw.get(r.rackId);
      pduKw.set(r.rackId, { kw: (prev?.kw ?? 0) + r.w / 1000, at: Math.max(prev?.at ?? 0, r.ts) });
    }
    const perRack = db
      .prepare(
        `SELECT r.id AS rackId, l.value AS w, l.ts FROM racks r JOIN rooms rm ON rm.id = r.room_id
         JOIN telemetry_targets tt ON tt.kind = 'rack' AND tt.entity_id = r.id
         JOIN telemetry_latest l ON l.target_id = tt.id AND l.metric_id = ?
         WHERE rm.site_id = ?`,
      )
      .all(rackPowerMetric, siteId) as Array<{ rackId: number; w: number; ts: number }>;
    for (const r of perRack) pduKw.set(r.rackId, { kw: r.w / 1000, at: r.ts });
  }

  const gpuByDevice = new Map<number, { w: number; n: number; at: number }>();
  if (gpuPowerMetric !== null) {
    const rows = db
      .prepare(
        `SELECT a.device_id AS deviceId, total(l.value) AS w, count(*) AS n, max(l.ts) AS at
         FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks r ON r.id = d.rack_id JOIN rooms rm ON rm.id = r.room_id
         JOIN telemetry_targets tt ON tt.kind = 'accelerator' AND tt.entity_id = a.id
         JOIN telemetry_latest l ON l.target_id = tt.id AND l.metric_id = ?
         WHERE rm.site_id = ? GROUP BY a.device_id`,
      )
      .all(gpuPowerMetric, siteId) as Array<{ deviceId: number; w: number; n: number; at: number }>;
    for (const r of rows) gpuByDevice.set(r.deviceId, { w: r.w, n: r.n, at: r.at });
  }

  const acc = new Map<number, { nameplateW: number; estimateW: number; servers: number; measuredServers: number; at: number }>();
  for (const rackId of racks) acc.set(rackId, { nameplateW: 0, estimateW: 0, servers: 0, measuredServers: 0, at: 0 });
  for (const d of devices) {
    const a = acc.get(d.rackId);
    if (!a) continue;
    a.nameplateW += d.maxPowerW;
    const gpu = d.accelCount > 0 ? gpuByDevice.get(d.deviceId) : undefined;
    if (d.accelCount > 0) a.servers++;
    if (gpu) {
      const tdpW = d.accelTdpW ?? 0;
      const nonGpuW = Math.max(0, d.maxPowerW - d.accelCount * tdpW);
      // GPUs that did not report count at their TDP: an unknown is never read as idle.
      const unreportedW = Math.max(0, d.accelCount - gpu.n) * tdpW;
      a.estimateW += gpu.w + unreportedW + nonGpuW;
      a.measuredServers++;
      a.at = Math.max(a.at, gpu.at);
    } else {
      a.estimateW += d.maxPowerW;
    }
  }

  const out = new Map<number, RackLoad>();
  for (const [rackId, a] of acc) {
    const nameplateKw = a.nameplateW / 1000;
    const pdu = pduKw.get(rackId);
    if (pdu) {
      out.set(rackId, { rackId, loadKw: pdu.kw, source: 'pdu-telemetry', nameplateKw, at: pdu.at });
      continue;
    }
    const source: LoadSource = a.measuredServers === 0 ? 'nameplate' : a.measuredServers === a.servers ? 'gpu-telemetry' : 'mixed';
    out.set(rackId, { rackId, loadKw: a.estimateW / 1000, source, nameplateKw, at: source === 'nameplate' ? null : a.at });
  }
  return out;
}
